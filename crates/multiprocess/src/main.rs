//! `cargo run -p chapter-multiprocess`: the tutorial's multiprocess table,
//! with real worker processes. The options and the run are in the library
//! (`src/cli.rs`); this serves the worker role, parses and calls.

use std::process::ExitCode;

use chapter_multiprocess::Cli;
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    // A worker process is this very binary: it must turn into a worker
    // before anything else happens.
    concurrency_process::serve_roles(&[chapter_multiprocess::ROLES]);
    let cli: Cli = parse_or_exit();
    chapter_multiprocess::run(&cli)
}
