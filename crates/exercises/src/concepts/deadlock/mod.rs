//! A lock-order deadlock and its fix.
//!
//! Task: `transfer` moves money between two accounts, each behind its own
//! `Mutex`, holding both locks so that no one sees the money in flight.
//! Two opposite transfers at once must not deadlock. (`between` is called
//! while the first lock is held: the tests use it to widen the window in
//! which the other thread can take the second lock.)

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::{Account, transfer};
    use std::sync::{Arc, Barrier};
    use std::thread;
    use std::time::Duration;

    #[test]
    fn one_transfer_moves_the_money() {
        let (a, b) = (Account::new(1, 100), Account::new(2, 0));
        transfer(&a, &b, 30, || {});
        assert_eq!((a.balance(), b.balance()), (70, 30));
    }

    #[test]
    fn opposite_transfers_at_once_finish() {
        let balances = crate::within(Duration::from_secs(5), || {
            let a = Arc::new(Account::new(1, 100));
            let b = Arc::new(Account::new(2, 100));
            let start = Arc::new(Barrier::new(2));
            let opposite = |from: Arc<Account>, to: Arc<Account>, amount| {
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    transfer(&from, &to, amount, || thread::sleep(Duration::from_millis(50)));
                })
            };
            let one = opposite(Arc::clone(&a), Arc::clone(&b), 10);
            let other = opposite(Arc::clone(&b), Arc::clone(&a), 30);
            one.join().unwrap();
            other.join().unwrap();
            (a.balance(), b.balance())
        });
        assert_eq!(balances, (120, 80));
    }
}
