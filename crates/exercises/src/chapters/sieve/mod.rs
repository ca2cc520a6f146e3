//! The sieve of Eratosthenes: cross out multiples instead of dividing.
//!
//! Task: `sieve` returns, for every number `0..=limit`, whether it is
//! prime. Crossing out starts at `p * p` (smaller multiples of `p` have a
//! smaller factor, already crossed out) and goes on while `p * p <= limit`.
//! The starter stops one prime too early.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::sieve;
    use concurrency_core::{PRIME_COUNTS, is_prime};

    #[test]
    fn the_counts_are_pi_of_n() {
        for &(limit, count) in PRIME_COUNTS.iter().take(5) {
            let primes = sieve(limit).iter().filter(|&&p| p).count() as u64;
            assert_eq!(primes, count, "pi({limit})");
        }
    }

    #[test]
    fn the_sieve_agrees_with_trial_division_at_every_limit() {
        for limit in 0..200 {
            let is = sieve(limit);
            assert_eq!(is.len() as u64, limit + 1);
            for (n, &p) in is.iter().enumerate() {
                assert_eq!(p, is_prime(n as u64), "{n} in sieve({limit})");
            }
        }
    }
}
