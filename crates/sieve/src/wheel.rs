//! Variant (d): the techniques primesieve uses, on top of (c): a mod-30
//! wheel, pre-sieving, and buckets for the large sieving primes.
//!
//! - **The wheel.** Only the numbers coprime to 30 can be primes above 5:
//!   8 residues in every 30 numbers, so one byte holds 30 numbers (bit `k`
//!   of byte `i` is `30 * i + RESIDUES[k]`), against 16 per byte odd-only. A
//!   prime `p` crosses off only its multiples `p * m` with `m` coprime to 30:
//!   8 in every `30 * p` numbers, 8/30 of them rather than 1/2.
//! - **Pre-sieving** ([`crate::presieve`]): the primes 7 to 163 by pattern.
//! - **Cache blocking.** A segment is sized to the L2 cache and cut into
//!   blocks the size of the L1 cache. Each block is pre-sieved and crossed
//!   off by the small primes (up to a quarter of a block, which hit it at
//!   least 32 times) while it sits in L1; then the medium primes cross off
//!   the whole segment, in L2.
//! - **Buckets.** A sieving prime above half a segment hits it a
//!   few times, or not at all; instead of visiting every such prime for
//!   every segment, each waits in the bucket of the segment its next
//!   multiple falls in, and only the segment's bucket is read (the
//!   submodule `buckets`).
//!
//! A run of segments keeps each prime's next multiple from one segment to
//! the next, so a prime's position is computed once per run, not per segment.

use std::ops::Range;

use crate::presieve::{presieve, presieved_primes};
use crate::split::{RunOutput, over_segments};
use crate::textbook::small_primes;

mod buckets;

use buckets::Hit;

/// The residues modulo 30 of the numbers the wheel keeps.
pub(crate) const RESIDUES: [u64; 8] = [1, 7, 11, 13, 17, 19, 23, 29];

/// `BIT_OF[r]`: the bit of residue `r` in a byte (only residues coprime to 30 are used).
pub(crate) const BIT_OF: [u8; 30] = {
    let mut bits = [0; 30];
    let mut k = 0;
    while k < 8 {
        bits[RESIDUES[k] as usize] = k as u8;
        k += 1;
    }
    bits
};

/// A segment's size in bytes: 256 KiB, or 7,864,320 numbers; half of a
/// typical L2 cache (the sieve walks a segment once per medium prime, so it
/// must stay in cache).
pub const SEGMENT_BYTES: usize = 256 * 1024;

/// The block the small primes work in: 32 KiB, a typical L1 data cache.
/// A small prime hits a block many times, so each block of a segment is
/// pre-sieved and crossed off by the small primes while it sits in L1.
pub const BLOCK_BYTES: usize = 32 * 1024;

/// A sieving prime is small below a quarter of a block (it hits a block at
/// least 32 times). Between 1/1 and 1/16, a quarter tested best here.
const SMALL_FRACTION: usize = 4;

/// A sieving prime is large, and goes to the buckets, from half a segment
/// on: it then hits a segment at most 16 times, and visiting it in every
/// segment costs more than keeping it in a bucket (1/2 and 1/4 tested about
/// the same on our machine, 1/8 worse).
const LARGE_FRACTION: usize = 2;

/// The first prime the wheel sieve crosses off one multiple at a time.
const FIRST_SIEVED: u64 = 167;

/// Variant (d): the number of primes in `1..=limit` over `threads` threads.
pub fn count(limit: u64, threads: usize) -> u64 {
    sieve(limit, threads, SEGMENT_BYTES, false).0
}

/// Variant (d): the primes in `1..=limit`, in order, over `threads` threads.
pub fn primes(limit: u64, threads: usize) -> Vec<u64> {
    sieve(limit, threads, SEGMENT_BYTES, true).1
}

/// The count with a chosen segment size (rounded up to a power of two, at
/// least 8 bytes), so tests can move the boundaries
/// (and, with small segments, send most primes through the buckets).
pub fn count_with(limit: u64, threads: usize, segment_bytes: usize) -> u64 {
    sieve(limit, threads, segment_bytes, false).0
}

/// A sieving prime's place on the wheel: its multiple `p * (30 * j + RESIDUES[k])`
/// lies at byte `base + offsets[k]`, where `base = p * j`.
#[derive(Clone, Copy)]
struct Wheel {
    p: u64,
    /// `p`'s class: `p % 30 == RESIDUES[class]`.
    class: u8,
    /// `offsets[k] = p * RESIDUES[k] / 30`.
    offsets: [u64; 8],
}

impl Wheel {
    fn new(p: u64) -> Wheel {
        Wheel {
            p,
            class: BIT_OF[(p % 30) as usize],
            offsets: RESIDUES.map(|r| p * r / 30),
        }
    }

    /// The first multiple to cross off at or after byte `from`: at least
    /// `p * p`, with a multiplier coprime to 30. Returns `(base, k)`.
    fn first(&self, from: u64) -> (u64, usize) {
        let m = self.p.max((30 * from).div_ceil(self.p));
        let (j, rest) = (m / 30, m % 30);
        // Some residue is >= rest, since rest <= 29 = RESIDUES[7].
        let k = RESIDUES.iter().position(|&r| r >= rest).unwrap_or(7);
        (self.p * j, k)
    }
}

/// The whole sieve: the count, and the primes when `listing`.
fn sieve(limit: u64, threads: usize, segment_bytes: usize, listing: bool) -> RunOutput {
    let below_7: Vec<u64> = [2, 3, 5].into_iter().filter(|&p| p <= limit).collect();
    if limit < 7 {
        return (below_7.len() as u64, if listing { below_7 } else { Vec::new() });
    }
    let bytes = limit / 30 + 1;
    // A power of two, so that a large prime's segment and place in it are a
    // shift and a mask, not a division per hit.
    let segment_bytes = segment_bytes.max(8).next_power_of_two();
    let segments = bytes.div_ceil(segment_bytes as u64);
    let wheels: Vec<Wheel> = small_primes(limit.isqrt())
        .into_iter()
        .map(u64::from)
        .filter(|&p| p >= FIRST_SIEVED)
        .map(Wheel::new)
        .collect();
    let block_bytes = BLOCK_BYTES.min(segment_bytes);
    // Primes that hit a block at least 32 times are small; those that hit
    // a segment at most 16 times go to the buckets.
    let small_end = wheels.partition_point(|w| w.p < (block_bytes / SMALL_FRACTION) as u64);
    let large_start = wheels.partition_point(|w| w.p < (segment_bytes / LARGE_FRACTION) as u64);
    let (mut wheels, large_start) = (wheels, large_start.max(small_end));
    // In order of class, so that `cross_all`'s match on the class takes the
    // same branch for hundreds of primes in a row: the CPU predicts it.
    wheels[..small_end].sort_by_key(|w| w.class);
    wheels[small_end..large_start].sort_by_key(|w| w.class);
    let (small, medium, large) = (
        &wheels[..small_end],
        &wheels[small_end..large_start],
        &wheels[large_start..],
    );
    let primes = Primes {
        small,
        medium,
        large,
        block_bytes,
    };
    let run = |run: Range<u64>, list: Option<&mut Vec<u64>>| {
        Run::new(run.start, segment_bytes, limit, primes).sieve(run, list)
    };
    let (count, rest) = over_segments(segments, threads, listing, run);
    let list = if listing {
        below_7.iter().copied().chain(rest).collect()
    } else {
        Vec::new()
    };
    (count + below_7.len() as u64, list)
}

/// The sieving primes, by how often they hit a segment.
#[derive(Clone, Copy)]
struct Primes<'a> {
    /// Below a quarter of a block: crossed off block by block, in L1.
    small: &'a [Wheel],
    /// Below half a segment: crossed off over the whole segment.
    medium: &'a [Wheel],
    /// The rest: through the buckets.
    large: &'a [Wheel],
    block_bytes: usize,
}

/// One thread's run of segments: its buffer, and where each prime is.
struct Run<'a> {
    segment: Vec<u8>,
    limit: u64,
    primes: Primes<'a>,
    /// For each small prime: the base of its current cycle, and `k`.
    small_at: Vec<(u64, usize)>,
    /// The same for each medium prime.
    medium_at: Vec<(u64, usize)>,
    /// The large primes admitted so far (their square is behind us).
    admitted: usize,
    /// `buckets[s % len]`: the large primes' hits in segment `s`, each a
    /// [`Hit`]: everything needed to cross it off and find the next one,
    /// without reading the prime's [`Wheel`] (a cache miss per hit).
    buckets: Vec<Vec<Hit>>,
}

impl<'a> Run<'a> {
    /// A run whose first segment is `first_segment`: each small and medium
    /// prime is placed at its first multiple there; the large ones wait for
    /// admission.
    fn new(first_segment: u64, segment_bytes: usize, limit: u64, primes: Primes<'a>) -> Run<'a> {
        let start = first_segment * segment_bytes as u64;
        // A large prime's next multiple is at most p * 6 / 30 + 1 bytes on,
        // so this many buckets never wrap onto the segment being sieved.
        let widest = primes.large.last().map_or(0, |w| w.p / 5 + 2);
        let ring = ((widest / segment_bytes as u64) as usize + 2).next_power_of_two();
        Run {
            segment: vec![0; segment_bytes],
            limit,
            primes,
            small_at: primes.small.iter().map(|w| w.first(start)).collect(),
            medium_at: primes.medium.iter().map(|w| w.first(start)).collect(),
            admitted: 0,
            buckets: vec![Vec::new(); ring],
        }
    }

    /// Sieves the segments of `run` and returns the primes in them (above 5).
    fn sieve(&mut self, run: Range<u64>, mut list: Option<&mut Vec<u64>>) -> u64 {
        let bytes = self.limit / 30 + 1;
        let mut count = 0;
        for s in run {
            let lo = s * self.segment.len() as u64;
            let block_bytes = self.primes.block_bytes;
            for (b, block) in self.segment.chunks_mut(block_bytes).enumerate() {
                let block_lo = lo + (b * block_bytes) as u64;
                presieve(block, block_lo);
                cross_all(block, block_lo, self.primes.small, &mut self.small_at);
            }
            cross_all(&mut self.segment, lo, self.primes.medium, &mut self.medium_at);
            self.cross_large(s, lo);
            if lo == 0 {
                self.segment[0] &= !1; // 1 is not a prime
                for p in presieved_primes() {
                    self.segment[(p / 30) as usize] |= 1 << BIT_OF[(p % 30) as usize];
                }
            }
            let valid = ((bytes - lo) as usize).min(self.segment.len());
            if lo + valid as u64 == bytes {
                // The last byte: keep only the numbers up to the limit.
                let last = bytes - 1;
                let keep = RESIDUES
                    .iter()
                    .enumerate()
                    .filter(|&(_, &r)| 30 * last + r <= self.limit);
                self.segment[valid - 1] &= keep.fold(0, |mask, (k, _)| mask | (1 << k));
            }
            let used = &self.segment[..valid];
            // Eight bytes at a time: one population count per 240 numbers.
            let (words, tail) = used.as_chunks::<8>();
            let ones = words.iter().map(|&word| u64::from_le_bytes(word).count_ones());
            count += ones
                .chain(tail.iter().map(|byte| byte.count_ones()))
                .map(u64::from)
                .sum::<u64>();
            if let Some(list) = list.as_deref_mut() {
                for (i, &byte) in used.iter().enumerate() {
                    let mut byte = byte;
                    while byte != 0 {
                        let k = byte.trailing_zeros() as usize;
                        list.push(30 * (lo + i as u64) + RESIDUES[k]);
                        byte &= byte - 1;
                    }
                }
            }
        }
        count
    }
}

// ANCHOR: cross_all
/// Crosses off the multiples of `wheels` in `segment`, which starts at byte
/// `lo` of the whole sieve: the rest of each prime's current cycle of 8,
/// then whole cycles unrolled (a cycle spans exactly `p` bytes), then the
/// start of the next cycle, which is where the next block or segment picks
/// it up. `at` holds each prime's cycle base and `k`, and is moved on.
fn cross_all(segment: &mut [u8], lo: u64, wheels: &[Wheel], at: &mut [(u64, usize)]) {
    for (w, at) in wheels.iter().zip(at) {
        let b = at.0 as i64 - lo as i64;
        // One copy of the loop per residue class of p modulo 30, so the
        // eight masks are constants in the instructions and the eight
        // offsets fit in registers (x86-64 has 16).
        let (b, k) = match w.class {
            0 => cross::<0>(segment, w, b, at.1),
            1 => cross::<1>(segment, w, b, at.1),
            2 => cross::<2>(segment, w, b, at.1),
            3 => cross::<3>(segment, w, b, at.1),
            4 => cross::<4>(segment, w, b, at.1),
            5 => cross::<5>(segment, w, b, at.1),
            6 => cross::<6>(segment, w, b, at.1),
            _ => cross::<7>(segment, w, b, at.1),
        };
        *at = ((b + lo as i64) as u64, k);
    }
}
// ANCHOR_END: cross_all

/// `MASKS[c][k]` clears the bit of `p * RESIDUES[k]` for a prime `p` of class
/// `c` (`p % 30 == RESIDUES[c]`): the bit depends only on the class.
const MASKS: [[u8; 8]; 8] = {
    let mut masks = [[0; 8]; 8];
    let mut c = 0;
    while c < 8 {
        let mut k = 0;
        while k < 8 {
            masks[c][k] = !(1 << BIT_OF[(RESIDUES[c] * RESIDUES[k] % 30) as usize]);
            k += 1;
        }
        c += 1;
    }
    masks
};

// ANCHOR: cross
/// Crosses off one medium prime of class `C` in `segment`, from its cycle
/// at byte `b` (relative to the segment, negative if the cycle began in an
/// earlier one) and its multiple `k`; returns where it stopped.
#[inline(always)]
fn cross<const C: usize>(segment: &mut [u8], w: &Wheel, mut b: i64, mut k: usize) -> (i64, usize) {
    let (o, m, p) = (w.offsets.map(|x| x as i64), MASKS[C], w.p as i64);
    let len = segment.len() as i64;
    while k < 8 {
        let pos = b + o[k];
        if pos >= len {
            return (b, k);
        }
        segment[pos as usize] &= m[k];
        k += 1;
    }
    (k, b) = (0, b + p);
    while b + o[7] < len {
        for j in 0..8 {
            // SAFETY: 0 <= b + o[j] <= b + o[7] < len. The offsets
            // increase with j, and b >= 0: the cycle before this one
            // ended inside the segment (at b - p + o[7] >= 0) and
            // o[7] = 29p/30 < p.
            unsafe { *segment.get_unchecked_mut((b + o[j]) as usize) &= m[j] };
        }
        b += p;
    }
    while k < 8 && b + o[k] < len {
        segment[(b + o[k]) as usize] &= m[k];
        k += 1;
    }
    (b, k)
}
// ANCHOR_END: cross
