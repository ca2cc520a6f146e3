//! Publishing data with Release/Acquire.
//!
//! Task: a writer fills a `Mailbox` (four numbers, each its own atomic,
//! stored `Relaxed`) and then raises a flag; a reader that sees the flag
//! must see all four numbers. A `Release` store of the flag and an
//! `Acquire` load that reads it make everything written before the store
//! visible after the load (a *happens-before* edge). Write `publish`'s flag
//! store and `take`.
//!
//! The tests check the protocol (nothing before the flag, everything after
//! it). No test on Intel or AMD processors can tell `Relaxed` from `Acquire`
//! here: they keep these stores in order whatever the code asks; ARM does
//! not. The orderings are right because of the rule, not because a test
//! passed.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::Mailbox;
    use std::sync::Arc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn nothing_is_taken_before_it_is_published() {
        let mailbox = Mailbox::new();
        assert_eq!(mailbox.take(), None);
        mailbox.publish([1, 2, 3, 4]);
        assert_eq!(mailbox.take(), Some([1, 2, 3, 4]));
    }

    #[test]
    fn a_reader_on_another_thread_sees_everything_once_the_flag_is_up() {
        crate::within(Duration::from_secs(5), || {
            for round in 0..200u64 {
                let mailbox = Arc::new(Mailbox::new());
                let reader = {
                    let mailbox = Arc::clone(&mailbox);
                    thread::spawn(move || {
                        loop {
                            if let Some(message) = mailbox.take() {
                                break message;
                            }
                            std::hint::spin_loop();
                        }
                    })
                };
                mailbox.publish([round, round + 1, round + 2, round + 3]);
                assert_eq!(reader.join().unwrap(), [round, round + 1, round + 2, round + 3]);
            }
        });
    }
}
