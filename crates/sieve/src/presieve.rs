//! Wheel pre-sieving: the multiples of the primes 7 to 163 are crossed off
//! by copying a precomputed pattern, not one by one.
//!
//! In the mod-30 layout ([`crate::wheel`]) the multiples of a set of primes
//! repeat every product-of-those-primes bytes, so a segment can start as a
//! copy of that pattern (at the right offset) instead of all ones. The small
//! primes are the ones that cross off the most (p = 7 hits one number in
//! seven), so a copy replaces the busiest part of the sieve. primesieve
//! pre-sieves the primes up to 163, and so do we: fourteen patterns, the
//! largest 409,457 bytes (1.4 MB in all), ANDed into each segment. <!-- figure: arithmetic on the pattern sizes -->

use std::sync::OnceLock;

use crate::wheel::{BIT_OF, RESIDUES};

/// The pre-sieved primes, in groups: each group's product is a pattern's length in bytes.
pub(crate) const GROUPS: [&[u64]; 14] = [
    &[7, 11, 13, 17],
    &[19, 23, 29],
    &[31, 37, 41],
    &[43, 47, 53],
    &[59, 61, 67],
    &[71, 73, 79],
    &[83, 89],
    &[97, 101],
    &[103, 107],
    &[109, 113],
    &[127, 131],
    &[137, 139],
    &[149, 151],
    &[157, 163],
];

/// The primes the patterns cross off, which the sieve must put back.
pub(crate) fn presieved_primes() -> impl Iterator<Item = u64> {
    GROUPS.iter().flat_map(|group| group.iter().copied())
}

/// The patterns, built on first use: byte `i` of a group's pattern has bit
/// `k` set unless `30 * i + RESIDUES[k]` is a multiple of one of the group's
/// primes.
fn patterns() -> &'static [Vec<u8>; GROUPS.len()] {
    static PATTERNS: OnceLock<[Vec<u8>; GROUPS.len()]> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        GROUPS.map(|group| {
            let len: u64 = group.iter().product();
            let mut pattern = vec![0xFF_u8; len as usize];
            for &p in group {
                // Every multiple of p in the pattern's 30 * len numbers.
                for n in (0..30 * len).step_by(p as usize) {
                    if RESIDUES.contains(&(n % 30)) {
                        pattern[(n / 30) as usize] &= !(1 << BIT_OF[(n % 30) as usize]);
                    }
                }
            }
            pattern
        })
    })
}

/// Fills `segment`, whose first byte is byte `start` of the whole sieve,
/// with the pre-sieved patterns: the first one copied, the others ANDed in.
pub(crate) fn presieve(segment: &mut [u8], start: u64) {
    for (i, pattern) in patterns().iter().enumerate() {
        let mut offset = (start % pattern.len() as u64) as usize;
        let mut done = 0;
        while done < segment.len() {
            let n = (segment.len() - done).min(pattern.len() - offset);
            let to = &mut segment[done..done + n];
            let from = &pattern[offset..offset + n];
            if i == 0 {
                to.copy_from_slice(from);
            } else {
                to.iter_mut().zip(from).for_each(|(b, p)| *b &= p);
            }
            done += n;
            offset = 0;
        }
    }
}
