//! Variants (b) and (c): odd numbers only, one bit each, sieved one
//! cache-sized segment at a time; (c) hands the segments to rayon.
//!
//! Three steps over the textbook sieve, each buying something measurable:
//! skipping the even numbers halves the work and the memory; one bit per
//! number instead of a byte divides the memory by eight again; and sieving
//! a segment that fits in the L1 cache, then moving on, keeps every
//! crossing-off in cache, and the memory at O(sqrt(N) + segment) instead of
//! O(N). The parallel variant is the serial one with the segments shared
//! out (the private `split` module): a segment needs only the sieving primes up to
//! sqrt(N), which every thread reads and nobody writes.

use std::ops::Range;

use crate::split::{RunOutput, over_segments};
use crate::textbook::small_primes;

/// A segment's size in bytes: 32 KiB, the L1 data cache of most x86 cores
/// (bit `i` of a segment is the odd number `2 * (start + i) + 1`, so one
/// segment covers 524,288 numbers).
pub const SEGMENT_BYTES: usize = 32 * 1024;

/// Variant (b): the number of primes in `1..=limit`, on the calling thread
/// (`threads` is ignored).
pub fn count_serial(limit: u64, _threads: usize) -> u64 {
    sieve(limit, 1, SEGMENT_BYTES, false).0
}

/// Variant (b): the primes in `1..=limit`, in order, on the calling thread.
pub fn primes_serial(limit: u64, _threads: usize) -> Vec<u64> {
    sieve(limit, 1, SEGMENT_BYTES, true).1
}

/// Variant (c): the number of primes in `1..=limit`, the segments shared
/// out over `threads` threads.
pub fn count(limit: u64, threads: usize) -> u64 {
    sieve(limit, threads, SEGMENT_BYTES, false).0
}

/// Variant (c): the primes in `1..=limit`, in order, over `threads` threads.
pub fn primes(limit: u64, threads: usize) -> Vec<u64> {
    sieve(limit, threads, SEGMENT_BYTES, true).1
}

/// The count with a chosen segment size in bytes (a multiple of 8), so the
/// tests can put segment boundaries where they like.
pub fn count_with(limit: u64, threads: usize, segment_bytes: usize) -> u64 {
    sieve(limit, threads, segment_bytes, false).0
}

/// The whole sieve: the count, and the primes when `listing`.
fn sieve(limit: u64, threads: usize, segment_bytes: usize, listing: bool) -> RunOutput {
    if limit < 2 {
        return (0, Vec::new());
    }
    // Bit i stands for the odd number 2i + 1; the last one is limit or limit - 1.
    let bits = (limit - 1) / 2 + 1;
    let segment_bits = (segment_bytes.max(8) / 8 * 64) as u64;
    let segments = bits.div_ceil(segment_bits);
    // The odd sieving primes: every composite up to limit has one up to sqrt(limit).
    let sieving: Vec<u64> = small_primes(limit.isqrt()).into_iter().skip(1).map(u64::from).collect();
    let (count, odd) = over_segments(segments, threads, listing, |run, list| {
        sieve_run(run, segment_bits, bits, &sieving, list)
    });
    // The only even prime.
    let list = if listing {
        std::iter::once(2).chain(odd).collect()
    } else {
        Vec::new()
    };
    (count + 1, list)
}

// ANCHOR: segment
/// Sieves the segments in `run`, in one buffer of `segment_bits` bits,
/// and returns how many odd primes they hold.
fn sieve_run(run: Range<u64>, segment_bits: u64, bits: u64, sieving: &[u64], mut list: Option<&mut Vec<u64>>) -> u64 {
    let mut words = vec![0u64; (segment_bits / 64) as usize];
    let mut count = 0;
    for segment in run {
        let lo = segment * segment_bits;
        let hi = (lo + segment_bits).min(bits);
        let len = (hi - lo) as usize;
        words.fill(!0);
        for &p in sieving {
            // The odd multiples of p sit at bits (p - 1) / 2 + k * p;
            // crossing starts at p * p, whose bit is (p * p - 1) / 2.
            let first = (p * p) / 2;
            if first >= hi {
                break;
            }
            let start = if first >= lo {
                first
            } else {
                lo + (p - (lo - first) % p) % p
            };
            let mut i = (start - lo) as usize;
            while i < len {
                words[i / 64] &= !(1 << (i % 64));
                i += p as usize;
            }
        }
        if lo == 0 {
            words[0] &= !1; // 1 is not a prime
        }
        // Bits past the limit (in the last segment) are not numbers to count.
        let used = len.div_ceil(64);
        if !len.is_multiple_of(64) {
            words[used - 1] &= (1u64 << (len % 64)) - 1;
        }
        count += words[..used].iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
        if let Some(list) = list.as_deref_mut() {
            for (w, &word) in words[..used].iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let bit = (w * 64) as u64 + u64::from(word.trailing_zeros());
                    list.push(2 * (lo + bit) + 1);
                    word &= word - 1;
                }
            }
        }
    }
    count
}
// ANCHOR_END: segment
