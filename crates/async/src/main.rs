//! `cargo run -p chapter-async`: the tutorial's asynchronous runs, printed
//! as the tutorial printed them. The options and the runs are in the
//! library (`src/cli.rs`); this only parses and calls.

use std::process::ExitCode;

use chapter_async::Cli;
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    chapter_async::run(&cli)
}
