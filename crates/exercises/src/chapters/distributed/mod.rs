//! Distributed: every worker computes its own share, no one hands it out.
//!
//! The distributed chapter's workers share no memory and no queue: each
//! computes, from its index alone, which blocks of numbers are its own,
//! dealt round-robin. Task: `share` returns worker `worker`'s blocks of
//! `1..=limit` (blocks of `block` numbers, block `i` to worker
//! `i % workers`), so that all workers' shares together hold every number
//! once. The starter forgets the last, shorter block.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::share;
    use concurrency_core::{is_prime, known_prime_count};

    #[test]
    fn the_shares_hold_every_number_once() {
        for (limit, workers, block) in [(10, 3, 3), (100, 4, 7), (5, 8, 2), (1000, 3, 1000)] {
            let mut all: Vec<u64> = (0..workers)
                .flat_map(|w| share(w, workers, limit, block))
                .flatten()
                .collect();
            all.sort_unstable();
            assert_eq!(
                all,
                (1..=limit).collect::<Vec<_>>(),
                "limit {limit}, {workers} workers, block {block}"
            );
        }
    }

    #[test]
    fn the_partial_counts_add_up_to_pi() {
        let total: usize = (0..3)
            .map(|w| {
                share(w, 3, 100_000, 30_000)
                    .into_iter()
                    .flatten()
                    .filter(|&n| is_prime(n))
                    .count()
            })
            .sum();
        assert_eq!(Some(total as u64), known_prime_count(100_000));
    }
}
