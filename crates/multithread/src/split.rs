//! How the numbers are shared out when they are not drawn one at a time
//! from a queue: [`Split`], small pieces, and interleaved blocks.
//!
//! The tutorial's THREAD_POOL cuts `1..=N` into one contiguous chunk per
//! worker ([`concurrency_core::chunks`]). That is fair by *count* and unfair
//! by *cost*: trial division of `n` takes up to `sqrt(n)/2` divisions, so the
//! last chunk holds the most expensive numbers. The two fixes here keep the
//! numbers as ranges (two integers each), so even 10^10 numbers cost nothing
//! to split.

use std::ops::RangeInclusive;

use clap::ValueEnum;

/// How THREAD_POOL shares the numbers among its threads (`--split`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// The tutorial's: one contiguous chunk per thread.
    #[default]
    Contiguous,
    /// Small pieces dealt out in turn, so every thread gets cheap and dear ones.
    Interleaved,
    /// Small pieces, spread by rayon's work stealing as threads run dry.
    Stealing,
}

impl Split {
    /// A word for the tables.
    pub fn label(self) -> &'static str {
        match self {
            Split::Contiguous => "contiguous",
            Split::Interleaved => "interleaved",
            Split::Stealing => "stealing",
        }
    }
}

/// About this many pieces per worker: enough that the last piece to finish
/// is a small share of anyone's work.
const PIECES_PER_WORKER: u64 = 64;
/// The longest piece. At 10^7 a piece of 4096 numbers is a few milliseconds
/// of trial division: long enough that taking it (a channel message, a steal)
/// costs nothing next to it, short enough to balance well.
const MAX_PIECE: u64 = 4096;

// ANCHOR: pieces
/// `1..=limit` cut into short contiguous pieces, for runners whose workers
/// take work as they go (channels, rayon's work stealing).
///
/// ```
/// use chapter_multithread::split::Pieces;
/// let pieces = Pieces::new(10, 1);
/// assert_eq!(pieces.iter().collect::<Vec<_>>(), [1..=1, 2..=2, 3..=3, 4..=4, 5..=5, 6..=6, 7..=7, 8..=8, 9..=9, 10..=10]);
/// assert_eq!(Pieces::new(10_000_000, 2).len(), 2442);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pieces {
    limit: u64,
    piece: u64,
}

impl Pieces {
    /// Pieces of `1..=limit` sized for `workers`: about 64 per worker, at
    /// most 4096 numbers and at least one each.
    pub fn new(limit: u64, workers: usize) -> Self {
        let per_piece = limit / (workers as u64).saturating_mul(PIECES_PER_WORKER).max(1);
        Pieces {
            limit,
            piece: per_piece.clamp(1, MAX_PIECE),
        }
    }

    /// How many numbers a piece holds (the last one may hold fewer).
    pub fn piece_len(&self) -> u64 {
        self.piece
    }

    /// How many pieces there are.
    pub fn len(&self) -> u64 {
        self.limit.div_ceil(self.piece)
    }

    /// `true` when there is nothing to split.
    pub fn is_empty(&self) -> bool {
        self.limit == 0
    }

    /// The piece number `index` (from 0): computed, never stored, so rayon
    /// can split `0..len()` like any range of indices.
    pub fn get(&self, index: u64) -> RangeInclusive<u64> {
        let first = index * self.piece + 1;
        first..=(first + self.piece - 1).min(self.limit)
    }

    /// Every piece, in order.
    pub fn iter(&self) -> impl Iterator<Item = RangeInclusive<u64>> + '_ {
        (0..self.len()).map(|index| self.get(index))
    }
}
// ANCHOR_END: pieces

// ANCHOR: interleaved
/// The share of worker `part` (from 0) of `parts` when the pieces are dealt
/// out like cards: pieces `part`, `part + parts`, `part + 2 * parts`, ...
///
/// Every worker gets pieces from the whole of `1..=limit`, cheap and dear
/// alike, so the shares cost about the same without any worker ever talking
/// to another: a fixed split, decided before the threads start, like the
/// tutorial's chunks, but balanced.
///
/// ```
/// use chapter_multithread::split::{Pieces, interleaved};
/// let pieces = Pieces::new(10, 1); // ten pieces of one number
/// assert_eq!(interleaved(pieces, 3, 1).collect::<Vec<_>>(), [2..=2, 5..=5, 8..=8]);
/// ```
pub fn interleaved(pieces: Pieces, parts: usize, part: usize) -> impl Iterator<Item = RangeInclusive<u64>> {
    let step = parts.max(1);
    (part as u64..pieces.len())
        .step_by(step)
        .map(move |index| pieces.get(index))
}
// ANCHOR_END: interleaved

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pieces_are_short_and_exact() {
        let pieces = Pieces::new(1000, 2);
        assert_eq!(pieces.piece_len(), 7);
        assert_eq!(pieces.len(), 143);
        assert_eq!(pieces.get(0), 1..=7);
        assert_eq!(pieces.get(142), 995..=1000);
        let huge = Pieces::new(10_000_000_000, 2);
        assert_eq!(huge.piece_len(), MAX_PIECE);
        assert_eq!(huge.get(huge.len() - 1).end(), &10_000_000_000);
        assert_eq!(Pieces::new(3, 5).piece_len(), 1);
    }

    proptest! {
        /// Pieces, and any interleaving of them, hold every number once.
        #[test]
        fn every_number_is_dealt_exactly_once(limit in 1..20_000u64, parts in 1..12usize) {
            let pieces = Pieces::new(limit, parts);
            let all: Vec<u64> = pieces.iter().flatten().collect();
            prop_assert_eq!(&all, &(1..=limit).collect::<Vec<_>>());
            let mut dealt: Vec<u64> = (0..parts).flat_map(|part| interleaved(pieces, parts, part).flatten()).collect();
            dealt.sort_unstable();
            prop_assert_eq!(dealt, all);
        }
    }
}
