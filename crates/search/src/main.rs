//! `cargo run --release -p chapter-search`: the search experiments of
//! "Parallelization in Python", the structure profile and the batch table.
//! The options and the run are in the library (`src/cli.rs`); this file
//! serves the worker role, parses and calls.

use std::process::ExitCode;

use chapter_search::cli::{self, Cli};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    // A worker process does its share and exits here, before any parsing.
    concurrency_process::serve_roles(&[chapter_search::ROLES]);
    let cli: Cli = parse_or_exit();
    cli::run(cli)
}
