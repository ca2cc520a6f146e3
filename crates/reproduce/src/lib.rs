//! # `just bench-all`: every table of the tutorial, on your machine
//!
//! The tutorials' tables were measured once, on their authors' machines.
//! This program measures them again on yours, Rust and Python side by side,
//! and writes each table as Markdown to `docs/src/results/<chapter>.md`
//! under a header that names the machine, with the plots as SVG next to
//! them: the five chapters with the forced delay, the comparison and the
//! final solution (next to the Python baselines of `python/`), fully
//! loaded, the I/O-bound downloads and their thread sweep, and search.
//! Every count is checked as the chapters check it; a wrong one makes the
//! program exit with code 1 after writing everything it could.
//!
//! ```text
//! cargo run --release -p reproduce -- --runs 3 --max-limit 10000000 # just bench-all: the book's pages
//! cargo run --release -p reproduce            # the tutorial's parameters, 5 rounds: hours (just bench-all tutorial)
//! cargo run --release -p reproduce -- --quick # reduced parameters, 3 rounds, into target/bench-all-quick/
//! cargo run --release -p reproduce -- --only comparison --only final
//! ```
//!
//! Every timed cell is the median of interleaved rounds with its spread,
//! every speedup the median of the per-round ratios, and a row that beats
//! physics, or that its spread cannot tell from its neighbour, is measured
//! again and marked `(implausible)` or `= NEIGHBOUR` (a tie) if it still
//! is: see [`measure`]. This program is also the worker process of the
//! chapters that start processes (see `src/main.rs`).
//!
//! # Layout
//!
//! - [`cli`]: the options and the program, from parsing to the exit code;
//! - [`chapter`], [`settings`]: what a run measures and where it writes;
//! - [`run`](mod@run): every page measured and written under its header;
//!   [`index`]: the index of the results folder;
//! - [`measure`]: interleaved rounds, medians and spreads, paired speedups,
//!   the guard;
//! - [`pages`]: one module per results page, all with one signature
//!   ([`pages::PageFn`]);
//! - [`machine`]: the machine table of the header;
//! - [`python`]: running the Python baselines;
//! - [`plots`]: SVG line charts.

pub mod chapter;
pub mod cli;
pub mod index;
pub mod machine;
pub mod measure;
pub mod method;
pub mod pages;
pub mod plots;
pub mod python;
pub mod run;
pub mod settings;

pub use chapter::Chapter;
pub use index::write_index;
pub use method::write_method;
pub use run::{Page, Summary, commit, run};
pub use settings::Settings;

/// The workers of the comparison and the final solution, as in the tutorial.
pub const WORKERS: usize = 10;
