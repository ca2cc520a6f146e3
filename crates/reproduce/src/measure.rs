//! Measuring like an experimenter: medians of interleaved rounds, paired
//! speedups, and a guard against results that beat physics.
//!
//! The machinery lives in [`concurrency_core::measure`], where the chapter
//! programs use it too; it is re-exported here so that every page measures
//! through one path. A row the guard measured again is marked in its cell:
//! `= NAME` when its spread cannot tell it from the row it names (a tie, a
//! finding), `(implausible)` when it is still faster than the cores allow.
//! What stays here is how many rounds `reproduce` runs.

pub use concurrency_core::measure::*;

/// Rounds of a full run.
pub const FULL_ROUNDS: usize = 5;
/// Rounds of a quick run (`--quick`).
pub const QUICK_ROUNDS: usize = 3;
/// The most rounds a Python row joins, quick or full: Python at the
/// largest limits makes the longest runs of all, and three still give a
/// median and a spread.
pub const PYTHON_ROUNDS: usize = 3;
