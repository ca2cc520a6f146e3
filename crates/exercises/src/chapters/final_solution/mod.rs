//! The final solution: split `1..=max` into one exact range per worker.
//!
//! Task: `chunks` returns `workers` ranges that together hold every
//! number of `1..=max` once, in order, sizes differing by at most one.
//! The starter is the tutorial's arithmetic, which loses the last number
//! of every range.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::chunks;
    use concurrency_core::{is_prime, known_prime_count};
    use std::thread;

    #[test]
    fn the_ranges_hold_every_number_once() {
        for (max, workers) in [(10, 3), (100, 4), (7, 7), (1000, 6)] {
            let ranges = chunks(max, workers);
            assert_eq!(ranges.len(), workers as usize);
            let all: Vec<u64> = ranges.iter().cloned().flatten().collect();
            assert_eq!(all, (1..=max).collect::<Vec<_>>(), "max {max}, workers {workers}");
            let sizes: Vec<u64> = ranges.iter().map(|r| r.end() + 1 - r.start()).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        }
    }

    #[test]
    fn counting_the_ranges_on_threads_is_exact() {
        let total: usize = thread::scope(|s| {
            let workers: Vec<_> = chunks(10_000, 4)
                .into_iter()
                .map(|range| s.spawn(move || range.filter(|&n| is_prime(n)).count()))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        });
        assert_eq!(Some(total as u64), known_prime_count(10_000));
    }
}
