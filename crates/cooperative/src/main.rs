//! `cargo run -p chapter-cooperative`: the tutorial's cooperative run,
//! printed as the tutorial printed it. The options and the run are in the
//! library (`src/cli.rs`); this only parses and calls.

use std::process::ExitCode;

use chapter_cooperative::Cli;
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    chapter_cooperative::run(&cli)
}
