//! Where the numbers come from: a shared queue and contiguous chunks.
//!
//! The Python tutorial fills a `Queue` with every number before it starts, so
//! a run to 100 million first builds a 100-million-element queue. We never
//! materialise the numbers: a [`NumberQueue`] is one atomic counter, and a
//! chunk is a `RangeInclusive`, two integers however long it is.

use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: number_queue
/// The numbers `1..=limit`, handed out one at a time, in order, to whoever
/// asks first. It is the tutorial's common `Queue`, without storing the
/// numbers: [`pop`](Self::pop) is a single atomic `fetch_add`.
///
/// It is `Sync`, so threads can share it by reference (or in an `Arc`) with
/// no lock: two workers popping at the same moment always get two different
/// numbers, and no number is handed out twice.
#[derive(Debug)]
pub struct NumberQueue {
    next: AtomicU64,
    last: u64,
}

impl NumberQueue {
    /// A queue holding `1..=limit`.
    pub fn new(limit: u64) -> Self {
        Self::from_range(1..=limit)
    }

    /// A queue holding the numbers of `range`.
    pub fn from_range(range: RangeInclusive<u64>) -> Self {
        let (first, last) = range.into_inner();
        NumberQueue {
            next: AtomicU64::new(first),
            last,
        }
    }

    /// Takes the next number, or `None` once the queue is empty.
    pub fn pop(&self) -> Option<u64> {
        // `Relaxed` is enough: the counter is the only data the queue
        // shares, and `fetch_add` is atomic whatever the ordering. Each call
        // moves the counter past `last` at most once, so it cannot wrap as
        // long as `last` stays below `u64::MAX` minus the number of callers.
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        (n <= self.last).then_some(n)
    }

    /// How many numbers are still waiting.
    pub fn remaining(&self) -> u64 {
        let next = self.next.load(Ordering::Relaxed);
        (self.last + 1).saturating_sub(next)
    }

    /// `true` once every number has been handed out.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// Empties the queue at once: every later [`pop`](Self::pop) returns
    /// `None`. A runner calls it when one worker has failed, so that the
    /// others stop after their current number instead of finishing the run
    /// for nothing.
    pub fn close(&self) {
        self.next.fetch_max(self.last.saturating_add(1), Ordering::Relaxed);
    }
}
// ANCHOR_END: number_queue

// ANCHOR: chunks
/// Splits `1..=limit` into `parts` contiguous ranges, in order, that together
/// hold every number exactly once.
///
/// Their lengths differ by at most one (the first ranges take the extra
/// numbers). The tutorial's own range arithmetic dropped the last number of
/// every range; here the ends are exact, and the tests check it for limits
/// that are not multiples of `parts`. When `parts > limit`, the last ranges
/// are empty.
///
/// ```
/// use concurrency_core::chunks;
/// assert_eq!(chunks(10, 3), [1..=4, 5..=7, 8..=10]);
/// ```
///
/// # Panics
/// When `parts` is zero: there is no way to split work among no one.
pub fn chunks(limit: u64, parts: usize) -> Vec<RangeInclusive<u64>> {
    assert!(parts > 0, "cannot split 1..={limit} into zero parts");
    let parts = parts as u64;
    let (base, extra) = (limit / parts, limit % parts);
    let mut start = 1;
    (0..parts)
        .map(|i| {
            let len = base + u64::from(i < extra);
            let range = start..=start + len - 1;
            start += len;
            range
        })
        .collect()
}
// ANCHOR_END: chunks

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use std::sync::Arc;

    #[test]
    fn queue_hands_out_each_number_once_in_order() {
        let queue = NumberQueue::new(5);
        assert_eq!(queue.remaining(), 5);
        let taken: Vec<u64> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(taken, [1, 2, 3, 4, 5]);
        assert!(queue.is_empty());
        assert_eq!(queue.pop(), None);
        assert_eq!(queue.remaining(), 0);
    }

    #[test]
    fn a_closed_queue_hands_out_nothing_more() {
        let queue = NumberQueue::new(10);
        assert_eq!(queue.pop(), Some(1));
        queue.close();
        assert_eq!(queue.pop(), None);
        assert!(queue.is_empty());
    }

    #[test]
    fn queue_shared_by_threads_loses_and_repeats_nothing() {
        let queue = Arc::new(NumberQueue::new(100_000));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let queue = Arc::clone(&queue);
                std::thread::spawn(move || std::iter::from_fn(|| queue.pop()).collect::<Vec<_>>())
            })
            .collect();
        let mut seen = HashSet::new();
        for handle in handles {
            for n in handle.join().expect("a popping thread panicked") {
                assert!(seen.insert(n), "{n} was handed out twice");
            }
        }
        assert_eq!(seen.len(), 100_000);
        assert!((1..=100_000).all(|n| seen.contains(&n)));
    }

    #[test]
    fn a_huge_queue_costs_nothing_to_build() {
        let queue = NumberQueue::new(10_000_000_000);
        assert_eq!(std::mem::size_of_val(&queue), 16);
        assert_eq!(queue.pop(), Some(1));
        assert_eq!(queue.remaining(), 9_999_999_999);
    }

    #[test]
    fn chunks_match_hand_computed_splits() {
        assert_eq!(chunks(1000, 2), [1..=500, 501..=1000]);
        assert_eq!(chunks(1000, 3), [1..=334, 335..=667, 668..=1000]);
        assert_eq!(chunks(7, 7), (1..=7).map(|n| n..=n).collect::<Vec<_>>());
        // More parts than numbers: the extra parts are empty.
        let split = chunks(2, 3);
        assert_eq!(split[..2], [1..=1, 2..=2]);
        assert!(split[2].is_empty());
    }

    proptest! {
        /// Concatenated, the chunks are exactly 1..=limit, whatever the split.
        #[test]
        fn chunks_cover_every_number_exactly_once(limit in 1..5_000u64, parts in 1..64usize) {
            let split = chunks(limit, parts);
            prop_assert_eq!(split.len(), parts);
            let joined: Vec<u64> = split.iter().cloned().flatten().collect();
            prop_assert_eq!(joined, (1..=limit).collect::<Vec<_>>());
            let lengths: Vec<u64> = split.iter().map(|r| r.clone().count() as u64).collect();
            let (min, max) = (lengths.iter().min(), lengths.iter().max());
            prop_assert!(max.zip(min).is_some_and(|(max, min)| max - min <= 1));
        }
    }
}
