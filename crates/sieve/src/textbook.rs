//! Variant (a): the textbook sieve of Eratosthenes, one `bool` per number.
//!
//! Every number up to the limit gets a byte, so the memory is the limit
//! itself (10^10 would need 10 GB): the plainest sieve, and the baseline <!-- figure: arithmetic: a byte per number -->
//! the others are measured against. It is also the independent check the
//! tests hold the fast variants to.

// ANCHOR: textbook
/// The textbook sieve: `composite[n]` for every `n` in `0..=limit`, crossing
/// off the multiples of each prime `p` from `p * p` on.
fn sieve(limit: u64) -> Vec<bool> {
    let len = usize::try_from(limit).expect("the limit fits in memory") + 1;
    let mut composite = vec![false; len];
    let mut p = 2;
    while p * p < len {
        if !composite[p] {
            for multiple in (p * p..len).step_by(p) {
                composite[multiple] = true;
            }
        }
        p += 1;
    }
    composite
}
// ANCHOR_END: textbook

/// The number of primes in `1..=limit`. `threads` is ignored: the textbook
/// sieve runs on the calling thread.
pub fn count(limit: u64, _threads: usize) -> u64 {
    if limit < 2 {
        return 0;
    }
    sieve(limit).iter().skip(2).filter(|&&composite| !composite).count() as u64
}

/// The primes in `1..=limit`, in order. `threads` is ignored.
pub fn primes(limit: u64, _threads: usize) -> Vec<u64> {
    if limit < 2 {
        return Vec::new();
    }
    let composite = sieve(limit);
    (2..=limit).filter(|&n| !composite[n as usize]).collect()
}

/// The primes up to `limit` as `u32`, for the other variants' sieving primes
/// (they need the primes up to the square root of their limit).
pub(crate) fn small_primes(limit: u64) -> Vec<u32> {
    primes(limit, 1).into_iter().map(|p| p as u32).collect()
}
