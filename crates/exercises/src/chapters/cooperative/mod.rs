//! Chapter 2: cooperation by hand.
//!
//! Task: the workers are state machines: each `step` checks one number and
//! hands control back. `round_robin` gives every worker a step in turn
//! (worker 0, 1, 2, 0, 1, ...) until the numbers are done, which is what a
//! cooperative scheduler does when each task yields after every number.
//! Return, per worker, the numbers it checked.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::round_robin;
    use concurrency_core::{is_prime, known_prime_count};

    #[test]
    fn the_workers_take_turns() {
        let checked = round_robin(&(1..=10).collect::<Vec<_>>(), 3);
        assert_eq!(checked, vec![vec![1, 4, 7, 10], vec![2, 5, 8], vec![3, 6, 9]]);
    }

    #[test]
    fn every_number_is_checked_once_and_the_count_is_exact() {
        let checked = round_robin(&(1..=1000).collect::<Vec<_>>(), 4);
        let mut all: Vec<u64> = checked.concat();
        all.sort_unstable();
        assert_eq!(all, (1..=1000).collect::<Vec<_>>());
        let primes = all.iter().filter(|&&n| is_prime(n)).count();
        assert_eq!(Some(primes as u64), known_prime_count(1000));
    }
}
