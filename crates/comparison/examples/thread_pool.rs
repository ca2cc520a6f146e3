//! Chapter 6, the second of the best three: THREAD_POOL, a pool of threads
//! sharing the numbers out, with no forced delay. The hardened runner the
//! tables measure is chapter 4's, raced in `src/model.rs`.
//!
//! `cargo run -p chapter-comparison --example thread_pool`

// ANCHOR: example
use rayon::prelude::*;
use std::time::Instant;

const LIMIT: u64 = 100_000;
const WORKERS: usize = 10;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() -> Result<(), rayon::ThreadPoolBuildError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(WORKERS).build()?;
    // rayon cuts the range into pieces; a thread with nothing to do takes
    // (steals) a piece from a busy one, so no core idles while work is left.
    let primes = pool.install(|| (1..=LIMIT).into_par_iter().filter(|&n| is_prime(n)).count());
    println!("THREAD_POOL: {primes} primes in {:.1?}", started.elapsed());
    assert_eq!(primes, 9592, "pi(10^5) = 9592: every number checked once");
    Ok(())
}
// ANCHOR_END: example
