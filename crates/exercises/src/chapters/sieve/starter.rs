//! The starter: `p * p < limit`.

// ANCHOR: starter
/// Whether each number of `0..=limit` is prime.
pub fn sieve(limit: u64) -> Vec<bool> {
    let mut is = vec![true; limit as usize + 1];
    is[0] = false;
    if limit >= 1 {
        is[1] = false;
    }
    let mut p = 2;
    // When `limit` is the square of a prime, that square is never crossed
    // out: which comparison is right?
    while p * p < limit {
        if is[p as usize] {
            (p * p..=limit).step_by(p as usize).for_each(|m| is[m as usize] = false);
        }
        p += 1;
    }
    is
}
// ANCHOR_END: starter
