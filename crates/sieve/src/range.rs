//! The primes in a range `lo..=hi` that need not start at 1: what a member
//! of a cluster counts when its share of `1..=N` is a list of blocks
//! (`chapter-distributed --kernel sieve`).
//!
//! The machinery is variant (b)'s ([`crate::segmented`]): odd numbers only,
//! one bit each, cache-sized segments, the sieving primes up to sqrt(hi).
//! Two things change for a range far from 1. Crossing off starts at each
//! sieving prime's first odd multiple in the range (or at its square, if
//! that is later), not at its square; and each prime's next multiple is
//! carried from one segment to the next, so a segment costs one comparison
//! for each sieving prime larger than it, not a division. A [`RangeSieve`]
//! keeps the sieving primes, so that the many blocks of one share reuse
//! them.

use crate::textbook::small_primes;

/// A segment's size in bytes: 64 KiB, 1,048,576 numbers (bit `i` stands for
/// the `i`-th odd number of the range). Larger than variant (b)'s, because a
/// range far from 1 has many more sieving primes than multiples of them per
/// segment.
pub const RANGE_SEGMENT_BYTES: usize = 64 * 1024;

/// The largest `hi` a range may have: 2^62, far beyond what any count here
/// reaches, so that no step of the crossing-off can overflow.
pub const MAX_RANGE_HI: u64 = 1 << 62;

/// The number of primes in `lo..=hi` (none when `hi < lo`), on `threads`
/// threads (the range is cut into pieces that the threads share out).
///
/// # Panics
///
/// If `hi` is past [`MAX_RANGE_HI`].
pub fn count_range(lo: u64, hi: u64, threads: usize) -> u64 {
    if hi < lo || hi < 2 {
        return 0;
    }
    let sieve = RangeSieve::new(hi);
    let threads = threads.max(1) as u64;
    let span = hi - lo + 1;
    // A few pieces per thread, none smaller than a segment's numbers.
    let piece = span.div_ceil(threads * 4).max(16 * RANGE_SEGMENT_BYTES as u64);
    let pieces = span.div_ceil(piece);
    if threads == 1 || pieces == 1 {
        return sieve.count(lo, hi);
    }
    let piece_range = |k: u64| (lo + k * piece, (lo + k * piece).saturating_add(piece - 1).min(hi));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(pieces))
            .map(|t| {
                let sieve = &sieve;
                scope.spawn(move || {
                    (t..pieces)
                        .step_by(threads as usize)
                        .map(|k| {
                            let (a, b) = piece_range(k);
                            sieve.count(a, b)
                        })
                        .sum::<u64>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a range sieve thread panicked"))
            .sum()
    })
}

/// The primes in `lo..=hi`, in order, on the calling thread.
pub fn primes_range(lo: u64, hi: u64) -> Vec<u64> {
    let mut list = Vec::new();
    if hi >= lo && hi >= 2 {
        RangeSieve::new(hi).sieve(lo, hi, Some(&mut list));
    }
    list
}

/// The sieving primes for ranges up to some `max_hi`, made once and shared
/// by every range counted with it (any number of threads may read it).
#[derive(Debug, Clone)]
pub struct RangeSieve {
    /// The odd primes up to sqrt(max_hi).
    primes: Vec<u64>,
    max_hi: u64,
}

impl RangeSieve {
    /// The sieving primes for any range that ends at or before `max_hi`.
    ///
    /// # Panics
    ///
    /// If `max_hi` is past [`MAX_RANGE_HI`].
    pub fn new(max_hi: u64) -> Self {
        assert!(max_hi <= MAX_RANGE_HI, "a range may end at {MAX_RANGE_HI} at most");
        let primes = small_primes(max_hi.isqrt())
            .into_iter()
            .skip(1)
            .map(u64::from)
            .collect();
        RangeSieve { primes, max_hi }
    }

    /// The number of primes in `lo..=hi` (none when `hi < lo`).
    ///
    /// # Panics
    ///
    /// If `hi` is past the `max_hi` this sieve was made for.
    pub fn count(&self, lo: u64, hi: u64) -> u64 {
        self.sieve(lo, hi, None)
    }

    /// The primes in `lo..=hi`, in order.
    pub fn primes(&self, lo: u64, hi: u64) -> Vec<u64> {
        let mut list = Vec::new();
        self.sieve(lo, hi, Some(&mut list));
        list
    }

    // ANCHOR: range
    /// Sieves `lo..=hi` a segment at a time; counts the primes, and lists
    /// them into `list` when given.
    fn sieve(&self, lo: u64, hi: u64, mut list: Option<&mut Vec<u64>>) -> u64 {
        assert!(
            hi <= self.max_hi,
            "the range ends at {hi}, past this sieve's {}",
            self.max_hi
        );
        if hi < lo || hi < 2 {
            return 0;
        }
        let mut count = 0;
        if lo <= 2 {
            count += 1; // the only even prime
            if let Some(list) = list.as_deref_mut() {
                list.push(2);
            }
        }
        // Bit i stands for the odd number first + 2i; 1 is not a prime.
        let first = lo.max(3) | 1;
        if first > hi {
            return count;
        }
        let bits = (hi - first) / 2 + 1;
        // Each sieving prime's next odd multiple to cross off, as a bit
        // index: its first odd multiple in the range, or its square.
        let mut next: Vec<u64> = self
            .primes
            .iter()
            .take_while(|&&p| p * p <= hi)
            .map(|&p| {
                let mut start = (p * p).max(first.div_ceil(p) * p);
                if start % 2 == 0 {
                    start += p;
                }
                (start - first) / 2
            })
            .collect();
        let segment_bits = (RANGE_SEGMENT_BYTES * 8) as u64;
        let mut words = vec![0u64; RANGE_SEGMENT_BYTES / 8];
        let mut lo_bit = 0;
        while lo_bit < bits {
            let len = segment_bits.min(bits - lo_bit);
            let end = lo_bit + len;
            words.fill(!0);
            // Only the primes whose square is at most the segment's last number.
            let last = first + 2 * (end - 1);
            let active = next.len().min(self.primes.partition_point(|&p| p * p <= last));
            for (n, &p) in next[..active].iter_mut().zip(&self.primes) {
                let mut i = *n;
                while i < end {
                    let bit = (i - lo_bit) as usize;
                    words[bit / 64] &= !(1 << (bit % 64));
                    i += p;
                }
                *n = i;
            }
            // Bits past hi (in the last segment) are not numbers to count.
            let used = (len as usize).div_ceil(64);
            if !len.is_multiple_of(64) {
                words[used - 1] &= (1u64 << (len % 64)) - 1;
            }
            count += words[..used].iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
            if let Some(list) = list.as_deref_mut() {
                for (w, &word) in words[..used].iter().enumerate() {
                    let mut word = word;
                    while word != 0 {
                        let bit = (w * 64) as u64 + u64::from(word.trailing_zeros());
                        list.push(first + 2 * (lo_bit + bit));
                        word &= word - 1;
                    }
                }
            }
            lo_bit = end;
        }
        count
    }
    // ANCHOR_END: range
}

#[cfg(test)]
mod tests;
