//! Chapter 1: a synchronous runner, and why `Worker-2` never works.
//!
//! Task: `run_sync` checks `numbers` one after the other with `workers`
//! workers. Each number goes to the first worker that is free; as nothing
//! runs at once, that is always the first. Return, per worker, the primes
//! it found.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::run_sync;
    use concurrency_core::known_prime_count;

    #[test]
    fn the_count_is_exact() {
        let numbers: Vec<u64> = (1..=1000).collect();
        let found = run_sync(&numbers, 3);
        let total: usize = found.iter().map(Vec::len).sum();
        assert_eq!(Some(total as u64), known_prime_count(1000));
    }

    #[test]
    fn only_the_first_worker_ever_works() {
        let numbers: Vec<u64> = (1..=100).collect();
        let found = run_sync(&numbers, 3);
        assert_eq!(found.len(), 3, "one list per worker");
        assert_eq!(found[0].len(), 25);
        assert!(found[1..].iter().all(Vec::is_empty));
    }
}
