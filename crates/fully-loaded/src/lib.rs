//! # Fully loaded: one heavy task per core
//!
//! The prime chapters fake a heavy computation with a sleep. The "fully
//! loaded" experiment (Bruce Eckel's "Python Performance Experiments") does
//! the opposite: `cpu_intensive(n, multiplier)`, nothing but arithmetic,
//! called once per logical processor so that every core is busy. It found
//! that Python needs one process per task to get past the GIL, and that the
//! same function written in Rust is faster by orders of magnitude. Here the
//! experiment runs four ways with one signature ([`Mode::run`]), and every
//! result must equal, bit for bit, what the Python programs printed
//! ([`PYTHON_RESULTS`]): the polynomial is exact in `u128`, as Python's
//! `int` is, then rounded once to `f64`. The book's page
//! (`docs/src/fully-loaded.md`) tells the story and shows the measurements.
//!
//! ```text
//! cargo run --release -p chapter-fully-loaded                     # all four modes, one task per logical CPU
//! cargo run --release -p chapter-fully-loaded -- --mode rayon --tasks 2
//! ```
//!
//! The first round prints each mode as the Python experiment does; the
//! table under it shows the median of all rounds, each speedup the median
//! of the per-round ratios, then one line saying what the guard did.
//!
//! # Layout
//!
//! - [`cpu_intensive`](mod@cpu_intensive): the function, exact, and its
//!   fast exact conversion to `f64`.
//! - [`python`]: what the Python programs printed, and `repr` for floats.
//! - [`modes`]: the experiment and its four ways, one file each:
//!   `sequential`, `channels` (a scoped thread per task, results over a
//!   channel), `rayon`, `processes` (a worker process per task, the role
//!   [`TaskWorker`]).
//! - [`outcome`]: a run of one mode, its checks, the modes measured in
//!   interleaved rounds (`--runs`, 5 by default) with the guard of
//!   [`concurrency_core::measure`] watching for more speedup than the cores
//!   allow, and the summary table of medians.
//! - [`cli`]: the command line and the run it asks for.

pub mod cli;
pub mod cpu_intensive;
pub mod modes;
pub mod outcome;
pub mod python;

pub use cli::{Cli, run};
pub use cpu_intensive::{MAX_MULTIPLIER, cpu_intensive, exact_to_f64};
pub use modes::{Experiment, Mode, ROLES, TaskJob, TaskResult, TaskWorker};
pub use outcome::{Measurement, Outcome, all_agree, measure_rounds, summary};
pub use python::{PYTHON_RESULTS, python_repr, python_result};
