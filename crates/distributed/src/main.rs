//! `cargo run --release -p chapter-distributed -- --processes 3 --limit 1e8`:
//! a local cluster of three processes counting the primes below 10^8 as one
//! timely dataflow. All the logic is in the library (`src/cli.rs`).

use std::process::ExitCode;

use chapter_distributed::{Cli, run};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    run(&parse_or_exit::<Cli>())
}
