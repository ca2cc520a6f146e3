//! The starter: each transfer locks its `from` account first.

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

// ANCHOR: starter
/// Moves `amount` from `from` to `to`, holding both locks; calls `between`
/// after taking the first one.
pub fn transfer(from: &Account, to: &Account, amount: i64, between: impl Fn()) {
    // A (from → to) while B (to → from): each holds one lock and waits for
    // the other's. Take the two locks in one order that every thread
    // agrees on (the `id`s give one).
    let _ = (from.id, to.id);
    let mut source = from.balance.lock().unwrap();
    between();
    let mut target = to.balance.lock().unwrap();
    *source -= amount;
    *target += amount;
}
// ANCHOR_END: starter
