//! How the segmented variants share out their segments: on the calling
//! thread, or over a rayon pool of `threads` threads, in contiguous runs.
//!
//! Segments are independent: a run of segments needs only the small sieving
//! primes (read-only, shared) and a buffer of its own. So the parallel sieve
//! has no locks and no shared writes; each run returns its count (and its
//! primes, when listing) and rayon's ordered `collect` puts them together.

use std::ops::Range;

use rayon::prelude::*;

/// Runs per thread: more than one, so a thread that finishes early (the last
/// run is shorter, and the machine is shared) can take another one.
const RUNS_PER_THREAD: u64 = 8;

/// What one run of segments hands back: its count, and its primes in order
/// when the caller lists them.
pub(crate) type RunOutput = (u64, Vec<u64>);

// ANCHOR: over_segments
/// Sieves `segments` segments with `sieve_run`, which sieves one contiguous
/// run of them (its own buffer, its own state) and returns its count, pushing
/// its primes onto the `Vec` it is given when listing.
///
/// With `threads` of 1 (or 0) everything runs on the calling thread, no pool.
/// Otherwise the runs go to a rayon pool of exactly `threads` threads; if the
/// pool cannot be built (the OS refuses threads), the same runs happen on the
/// calling thread, so the answer is the same either way.
pub(crate) fn over_segments<F>(segments: u64, threads: usize, listing: bool, sieve_run: F) -> RunOutput
where
    F: Fn(Range<u64>, Option<&mut Vec<u64>>) -> u64 + Sync,
{
    let one_run = |run: Range<u64>| -> RunOutput {
        let mut list = Vec::new();
        let count = sieve_run(run, listing.then_some(&mut list));
        (count, list)
    };
    if threads <= 1 || segments <= 1 {
        return one_run(0..segments);
    }
    let runs = runs(segments, threads as u64 * RUNS_PER_THREAD);
    let all = || -> Vec<RunOutput> { runs.clone().into_par_iter().map(one_run).collect() };
    let outputs = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(all),
        Err(_) => runs.clone().into_iter().map(one_run).collect(),
    };
    let count = outputs.iter().map(|(count, _)| count).sum();
    let list = if listing {
        outputs.into_iter().flat_map(|(_, list)| list).collect()
    } else {
        Vec::new()
    };
    (count, list)
}
// ANCHOR_END: over_segments

/// `0..segments` cut into at most `pieces` contiguous runs, none empty.
fn runs(segments: u64, pieces: u64) -> Vec<Range<u64>> {
    let pieces = pieces.clamp(1, segments.max(1));
    (0..pieces)
        .map(|i| segments * i / pieces..segments * (i + 1) / pieces)
        .filter(|run| !run.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_segment_once_in_order() {
        for segments in [1, 2, 7, 100, 1001] {
            for pieces in [1, 2, 3, 16, 5000] {
                let runs = runs(segments, pieces);
                assert_eq!(runs.first().map(|r| r.start), Some(0));
                assert_eq!(runs.last().map(|r| r.end), Some(segments));
                assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
            }
        }
    }
}
