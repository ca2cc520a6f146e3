//! # The comparison: the best three against the baseline
//!
//! The tutorial races the best runner of each kind on real work, with no
//! forced delay and 10 workers: async `TASK_GROUP`, `THREAD_POOL` and
//! `CHUNKS_IN_POOL`. It found that only processes bring real parallelism to
//! CPU-heavy Python, and only once the work outweighs the cost of starting
//! them. In Rust, with no GIL, all three are parallel; the table shows what
//! each model costs on top of the same work, against the synchronous run
//! as the baseline: speedup, parallel efficiency, peak memory, and the
//! prime count checked against pi(N) in every row.
//!
//! The rows are measured as `bench-all` measures them: in `--runs`
//! interleaved rounds (3 by default: every row once per round, in order),
//! each time the median of the rounds with its spread, `1.81 s (1.75–1.90)`, <!-- figure: an example of the notation -->
//! each speedup the median of the per-round ratios. Core's guard
//! ([`concurrency_core::measure`]) measures again a row faster than the
//! cores allow or one its spread cannot tell from its neighbour, and marks
//! it `(implausible)` or `= Multithreading` (a tie); one line under the
//! tables says what it did. The book's page
//! (`docs/src/comparison.md`) tells the story and shows the measurements.
//!
//! ```text
//! cargo run --release -p chapter-comparison                          # 10^5, 10^6, 10^7
//! cargo run --release -p chapter-comparison -- --max-limit 100000000 # add 10^8
//! cargo run --release -p chapter-comparison -- --limit 2000000 --workers 4
//! cargo run --release -p chapter-comparison -- --runs 7                # more rounds
//! ```
//!
//! # Layout
//!
//! - [`model`]: the four [`Model`]s and their runners.
//! - [`measurement`]: one checked run, [`Measurement`], measured in this
//!   process.
//! - [`child`]: one row in a fresh child process ([`RowWorker`], [`ROLES`]),
//!   so that its peak memory is its own.
//! - [`memory`]: peak resident set sizes.
//! - [`rounds`]: every row in interleaved rounds (`--runs`), and the
//!   guard that re-measures a row faster than the cores allow.
//! - [`rows`]: which limits a run measures, and the chapter's defaults.
//! - [`tables`]: the tutorial's table and the details table.
//! - [`cli`]: the command line and the run it asks for.

pub mod child;
pub mod cli;
pub mod measurement;
pub mod memory;
pub mod model;
pub mod rounds;
pub mod rows;
pub mod tables;

pub use child::{ROLES, Row, RowWorker, measure_in_child, this_program};
pub use cli::{Cli, run};
pub use measurement::{Measurement, all_exact, measure_in_process};
pub use memory::PeakMemory;
pub use model::{Model, ModelRunner};
pub use rounds::{Compared, DEFAULT_RUNS, build_rows, measure_rounds};
pub use rows::{Comparison, DEFAULT_MAX_LIMIT, DEFAULT_WORKERS, FIRST_LIMIT, RowArgs, limits_up_to};
pub use tables::{TUTORIAL_SECONDS, details_table, memory_cell, spaced, tutorial_table};
