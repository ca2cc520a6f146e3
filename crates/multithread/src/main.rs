//! `cargo run -p chapter-multithread`: the tutorial's multithreading table,
//! or with `--delay-ms 0` the speedup that Python's GIL forbids. The options
//! and the run are in the library (`src/cli.rs`); this only parses and calls.

use std::process::ExitCode;

use chapter_multithread::cli::{self, Cli};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    cli::run(&cli)
}
