//! Chapter 4: threads that share a queue.
//!
//! Task: `count_on_threads` starts `threads` scoped threads that take
//! numbers from one shared atomic counter until it passes `limit`; return
//! the primes each thread found, one entry per thread.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::count_on_threads;
    use concurrency_core::known_prime_count;

    #[test]
    fn one_count_per_thread_and_the_total_is_exact() {
        for threads in [1, 2, 4, 7] {
            let per_thread = count_on_threads(10_000, threads);
            assert_eq!(per_thread.len(), threads);
            assert_eq!(Some(per_thread.iter().sum()), known_prime_count(10_000));
        }
    }
}
