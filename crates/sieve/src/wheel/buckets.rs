//! The large sieving primes, those above half a segment: each hits a
//! segment a few times or not at all, so rather than visit every one of
//! them in every segment, each waits in the bucket of the segment its next
//! multiple falls in, packed into one [`Hit`] of 8 bytes. A segment reads
//! only its own bucket.

use super::{MASKS, RESIDUES, Run};

impl Run<'_> {
    /// Admits the large primes whose square falls before the end of segment
    /// `s` (starting at byte `lo`), then crosses off the hits waiting in the
    /// segment's bucket, moving each prime on to the bucket of its next hit.
    pub(super) fn cross_large(&mut self, s: u64, lo: u64) {
        let size = self.segment.len() as u64;
        // Both powers of two: segment `s + at >> shift`, byte `at & within`.
        let (shift, within, ring) = (size.trailing_zeros(), size - 1, self.buckets.len() as u64 - 1);
        while let Some(w) = self.primes.large.get(self.admitted) {
            if w.p * w.p / 30 >= lo + size {
                break;
            }
            let (base, k) = w.first(lo);
            let at = base + w.offsets[k] - lo;
            let hit = Hit::new(at & within, w.p / 30, w.class, k);
            self.buckets[((s + (at >> shift)) & ring) as usize].push(hit);
            self.admitted += 1;
        }
        let mut bucket = std::mem::take(&mut self.buckets[(s & ring) as usize]);
        for hit in &bucket {
            let (q, c) = (hit.q(), hit.class());
            let (mut at, mut k) = (hit.pos(), hit.k());
            loop {
                self.segment[at as usize] &= MASKS[c][k];
                at += q * STEPS[k] + EXTRA[c][k];
                k = (k + 1) & 7;
                if at > within {
                    let next = Hit::new(at & within, q, c as u8, k);
                    self.buckets[((s + (at >> shift)) & ring) as usize].push(next);
                    break;
                }
            }
        }
        bucket.clear();
        self.buckets[(s & ring) as usize] = bucket;
    }
}

/// A large prime's next hit, packed in 8 bytes: its byte in the segment
/// (32 bits), `q = p / 30` (26 bits: p up to 2 * 10^9), its class and `k`.
#[derive(Clone, Copy)]
pub(super) struct Hit(u64);

impl Hit {
    fn new(pos: u64, q: u64, class: u8, k: usize) -> Hit {
        Hit(pos | q << 38 | u64::from(class) << 35 | (k as u64) << 32)
    }
    fn pos(self) -> u64 {
        self.0 & 0xFFFF_FFFF
    }
    fn k(self) -> usize {
        (self.0 >> 32) as usize & 7
    }
    fn class(self) -> usize {
        (self.0 >> 35) as usize & 7
    }
    fn q(self) -> u64 {
        self.0 >> 38
    }
}

/// How far the multiplier moves from `RESIDUES[k]` to the next residue.
const STEPS: [u64; 8] = [6, 4, 2, 4, 2, 4, 6, 2];

/// From the hit `(class c, k)` to the next one the byte moves by
/// `q * STEPS[k] + EXTRA[c][k]`, where `p = 30q + RESIDUES[c]`: the
/// multiple `n = p * m` moves by `p * STEPS[k]`, and what `RESIDUES[c] *
/// STEPS[k]` adds to `n`'s residue carries into the byte.
const EXTRA: [[u64; 8]; 8] = {
    let mut extra = [[0; 8]; 8];
    let mut c = 0;
    while c < 8 {
        let mut k = 0;
        while k < 8 {
            extra[c][k] = (RESIDUES[c] * RESIDUES[k] % 30 + RESIDUES[c] * STEPS[k]) / 30;
            k += 1;
        }
        c += 1;
    }
    extra
};
