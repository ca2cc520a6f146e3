//! Chapter 5: isolation, a crashed worker's work goes to another.
//!
//! The chapter runs workers as processes so that one that crashes is named
//! and its number checked again elsewhere. Here a thread per number stands
//! in for a process (a panic is its crash) so the test runs in a blink.
//! Task: `supervise` checks every number with `check` on a thread of its
//! own; when that thread panics, it checks the number again on a new one
//! (once), and reports which numbers needed a second try.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::supervise;
    use concurrency_core::{is_prime, known_prime_count};
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_crash_is_retried_and_the_count_stays_exact() {
        let crashed_once = AtomicBool::new(false);
        let check = |n: u64| {
            if n == 97 && !crashed_once.swap(true, Ordering::SeqCst) {
                panic!("injected crash on {n}");
            }
            is_prime(n)
        };
        let outcome = supervise(&(1..=100).collect::<Vec<_>>(), &check);
        assert_eq!(Some(outcome.primes), known_prime_count(100));
        assert_eq!(outcome.retried, vec![97]);
    }
}
