//! Measuring like an experimenter: medians of interleaved rounds, paired
//! speedups, and a guard against results that beat physics.
//!
//! On a shared machine one run is an anecdote. So every table is measured
//! in **rounds**: each round runs every row of the table once, in order
//! (A B C, A B C, ...), so that a busy moment or a slow drift of the
//! machine's speed lands on every row alike instead of on one of them. A
//! cell then shows the median of the rounds and their spread,
//! `median s (fastest–slowest)`.
//!
//! A speedup is the **median of the per-round ratios** (the baseline's time
//! over the row's time in the same round), not the ratio of two medians: the
//! two runs of a round saw the same machine, so their ratio cancels what the
//! machine was doing; two medians may come from different moments.
//!
//! Rows are closures returning a [`Sample`] (the time and whatever the row
//! reports: a count, a verdict, a tally), so a Rust row and a Python row
//! can take part in the same rounds. A slow row (Python at the largest
//! limits, the longest runs of all) may join only the first rounds ([`Rounds::add_limited`]).
//!
//! The [`guard()`] then distrusts two kinds of row: one whose parallel
//! efficiency is above [`MAX_EFFICIENCY`] (more speedup than there are cores), and
//! one whose spread is wider than its distance to the nearest row it is
//! compared with (the rounds cannot tell the two apart). Such a row is
//! measured again once, with its baseline, in fresh rounds; if it is still
//! implausible, the page marks it `(noisy)` instead of presenting it as a
//! finding.

mod guard;
mod rounds;
mod stat;

pub use guard::{Baseline, Bound, Claim, Judgement, Noise, guard, implausible, mark};
pub use rounds::{Measured, Rounds, RunRow, Sample};
pub use stat::{Stat, median, paired_ratios, secs_brief};

/// Rounds of a full run.
pub const FULL_ROUNDS: usize = 5;
/// Rounds of a quick run (`--quick`).
pub const QUICK_ROUNDS: usize = 3;
/// The most rounds a Python row joins, quick or full: Python at the
/// largest limits makes the longest runs of all, and three still give a
/// median and a spread.
pub const PYTHON_ROUNDS: usize = 3;
/// The parallel efficiency above which a row is distrusted: 1.0 is
/// perfect scaling, and 5 % is left for timer granularity and for a
/// baseline slowed by a busy moment the row escaped.
pub const MAX_EFFICIENCY: f64 = 1.05;
