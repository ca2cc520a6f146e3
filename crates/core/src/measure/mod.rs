//! Measuring like an experimenter: how many cores a run can use, medians of
//! interleaved rounds, paired speedups, and a guard against results that
//! beat physics. `reproduce` (`just bench-all`) and every chapter program
//! that prints a speedup measure with these, so a table means the same
//! thing wherever it is printed.
//!
//! On a shared machine one run is an anecdote. So every table is measured
//! in **rounds** ([`Rounds`]): each round runs every row of the table once,
//! in order (A B C, A B C, ...), so that a busy moment or a slow drift of
//! the machine's speed lands on every row alike instead of on one of them.
//! A cell then shows the median of the rounds and their spread,
//! `median s (fastest–slowest)` ([`Stat`]).
//!
//! A speedup is the **median of the per-round ratios** (the baseline's time
//! over the row's time in the same round), not the ratio of two medians: the
//! two runs of a round saw the same machine, so their ratio cancels what the
//! machine was doing; two medians may come from different moments.
//!
//! Rows are closures returning a [`Sample`] (the time and whatever the row
//! reports: a count, a verdict, a tally), so a Rust row and a Python row
//! can take part in the same rounds. A slow row (Python at the largest
//! limits, the longest runs of all) may join only the first rounds
//! ([`Rounds::add_limited`]).
//!
//! The [`guard()`] then judges each row it is given a [`Claim`] for, and
//! its [`Judgement`] carries a [`Verdict`]:
//!
//! - a **tie**, when the row's spread is wider than its gap to the nearest
//!   row it is compared with: a finding, "these two are the same", and
//!   [`mark`] writes the cell `25.1 s (25.0–25.3) = SIMPLE 2`; <!-- figure: an example of the notation -->
//! - **implausible**, when its parallel efficiency, of its median speedup or
//!   of any single round's ratio, is above [`MAX_EFFICIENCY`] (more speedup
//!   than there are cores): such a row is measured again once, with its
//!   baseline, in fresh rounds, and keeps the mark only if the second look
//!   shows it too (this wins over a tie); the cell says `(implausible)`,
//!   and the page's [`Noise`] paragraph says why.
//!
//! # A chapter's table, measured
//!
//! A chapter builds its rows, runs them in rounds, says what each row
//! claims, lets the guard look, and prints the cells. Here the rows return
//! fixed times instead of running anything (a real row would time its run
//! with [`Sample::timed`] and pass [`cores()`] to [`Bound::Cpu`]):
//!
//! ```
//! use concurrency_core::measure::{Baseline, Bound, Claim, Noise, Rounds, Sample, guard, mark};
//!
//! let mut rounds: Rounds<'_, u64> = Rounds::new();
//! let sync = rounds.add("SIMPLE 1", || Ok(Sample { secs: 2.0, report: 168 }));
//! let pool = rounds.add("POOL 2", || Ok(Sample { secs: 1.0, report: 168 }));
//! let mut round = 0;
//! let threads = rounds.add("THREADS 2", move || {
//!     round += 1;
//!     let secs = [1.01, 0.97, 1.05][round % 3];
//!     Ok(Sample { secs, report: 168 })
//! });
//! // x4 over the synchronous row with 4 workers on 2 cores: more than the cores allow.
//! let magic = rounds.add("MAGIC 4", || Ok(Sample { secs: 0.5, report: 168 }));
//!
//! let runs = 3;
//! let mut measured = rounds.run(runs, &mut |line| eprintln!("{line}"));
//! let claims: Vec<Claim> = [(pool, 2), (threads, 2), (magic, 4)]
//!     .map(|(row, workers)| Claim {
//!         row,
//!         baseline: Baseline::Row(sync),
//!         workers,
//!         bound: Bound::Cpu { cores: 2 },
//!         peers: vec![sync, pool, threads],
//!     })
//!     .to_vec();
//! let judgements = guard(&mut rounds, &mut measured, &claims, runs, &mut |line| eprintln!("{line}"));
//!
//! let label = |i: usize| measured[i].label.clone();
//! let cell = |i: usize| {
//!     let time = measured[i].stat().map_or("-".to_owned(), |s| s.secs_cell());
//!     mark(time, judgements.get(i), &label)
//! };
//! assert_eq!(cell(pool), "1.00 s (1.00–1.00)");
//! // Its spread (0.97 to 1.05 s) hides its gap to POOL 2: a tie.
//! assert_eq!(cell(threads), "1.01 s (0.97–1.05) = POOL 2");
//! assert_eq!(cell(magic), "0.500 s (0.500–0.500) (implausible)");
//!
//! // Under the table, one line (and one more per implausible row); a
//! // results page uses `noise.paragraph()`, which links the method page.
//! let noise = Noise::tally(&judgements, &claims, &label);
//! print!("{}", noise.text());
//! assert_eq!(
//!     noise.summary(),
//!     "Guard: 3 rows checked, 1 measured again; 1 tie (`=` marks a row the rounds cannot tell \
//!      from the row it names), 1 implausible."
//! );
//! ```

mod guard;
mod noise;
mod rounds;
mod stat;

pub use guard::{Baseline, Bound, Claim, Judgement, Verdict, guard, implausible, tie};
pub use noise::{METHOD_PAGE, Noise, mark};
pub use rounds::{Measured, Rounds, RunRow, Sample};
pub use stat::{Stat, paired_ratios, secs_brief};

/// The parallel efficiency above which a row is distrusted: 1.0 is
/// perfect scaling, and 5 % is left for timer granularity and for a
/// baseline slowed by a busy moment the row escaped.
pub const MAX_EFFICIENCY: f64 = 1.05;

use std::time::Duration;

// ANCHOR: cores
/// The logical processors this program may run on: the number that the
/// efficiency columns divide by and the default task counts use.
///
/// The standard library's [`std::thread::available_parallelism`] answers,
/// not the `num_cpus` crate: it also counts only the processors this
/// process is allowed to use (its CPU affinity mask, and on Linux its
/// cgroup's CPU quota, as in a container), which is what a speedup can
/// reach; and it needs no dependency. Where the system cannot say, 1: no
/// claim of parallelism is better than a wrong one. (The physical cores,
/// which the standard library does not know, come from
/// [`crate::system::physical_cores`].)
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
// ANCHOR_END: cores

/// The middle value of `values`, the upper of the two middle ones for an
/// even count, so that the median is always a value that was measured;
/// `None` when there are none. Values that do not compare with themselves
/// (a NaN) are left out.
///
/// ```
/// use std::time::Duration;
/// use concurrency_core::median;
///
/// assert_eq!(median([3, 1, 2]), Some(2));
/// assert_eq!(median([4, 1, 3, 2]), Some(3));
/// assert_eq!(median([f64::NAN, 0.5, 0.25]), Some(0.5));
/// assert_eq!(median(Vec::<Duration>::new()), None);
/// ```
pub fn median<T: Copy + PartialOrd>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut sorted: Vec<T> = values.into_iter().filter(|v| v.partial_cmp(v).is_some()).collect();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted.get(sorted.len() / 2).copied()
}

/// Durations as seconds in a float (`50.5522`), the way people read them in
/// JSON and the way the tutorial prints them. Use it on a field with
/// `#[serde(with = "concurrency_core::secs")]`, or only its `serialize`
/// with `#[serde(serialize_with = "concurrency_core::secs::serialize")]`.
pub mod secs {
    use super::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `d` as its seconds, `1.5`.
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    /// Reads seconds back into a duration; a negative or non-finite number
    /// is an error, not a panic.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let secs = f64::deserialize(d)?;
        Duration::try_from_secs_f64(secs).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_always_at_least_one_core() {
        assert!(cores() >= 1);
    }

    #[test]
    fn the_median_is_a_measured_value() {
        assert_eq!(median([0.5, 0.1, 0.3]), Some(0.3));
        assert_eq!(median([0.4, 0.1, 0.3, 0.2]), Some(0.3));
        let times = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(median(times), Some(Duration::from_millis(2)));
        assert_eq!(median(Vec::<f64>::new()), None);
        assert_eq!(median([f64::NAN, f64::NAN]), None);
        assert_eq!(median([1.0, f64::NAN, 2.0, f64::INFINITY]), Some(2.0));
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Timed {
        #[serde(with = "secs")]
        elapsed: Duration,
    }

    #[test]
    fn durations_travel_as_seconds() {
        let timed = Timed {
            elapsed: Duration::from_millis(1500),
        };
        let json = serde_json::to_string(&timed).expect("encodes");
        assert_eq!(json, r#"{"elapsed":1.5}"#);
        assert_eq!(serde_json::from_str::<Timed>(&json).expect("decodes"), timed);
        assert!(serde_json::from_str::<Timed>(r#"{"elapsed":-1.0}"#).is_err());
    }
}
