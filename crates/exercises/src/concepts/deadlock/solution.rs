//! The solution: the locks are taken in the order of the account ids.

use std::sync::Mutex;

/// An account with an id (unique) and a balance behind a lock.
pub struct Account {
    id: u32,
    balance: Mutex<i64>,
}

impl Account {
    /// A new account.
    pub fn new(id: u32, balance: i64) -> Self {
        Self {
            id,
            balance: Mutex::new(balance),
        }
    }

    /// The balance now.
    pub fn balance(&self) -> i64 {
        *self.balance.lock().unwrap()
    }
}

// ANCHOR: solution
/// Moves `amount` from `from` to `to`, holding both locks; calls `between`
/// after taking the first one.
pub fn transfer(from: &Account, to: &Account, amount: i64, between: impl Fn()) {
    assert_ne!(from.id, to.id, "a transfer needs two accounts");
    // Every thread locks the lower id first, so no two threads can each
    // hold the lock the other one waits for.
    let (mut source, mut target) = if from.id < to.id {
        let source = from.balance.lock().unwrap();
        between();
        (source, to.balance.lock().unwrap())
    } else {
        let target = to.balance.lock().unwrap();
        between();
        (from.balance.lock().unwrap(), target)
    };
    *source -= amount;
    *target += amount;
}
// ANCHOR_END: solution
