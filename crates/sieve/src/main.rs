//! `cargo run --release -p chapter-sieve -- --limit 1e10 --threads 2`: every
//! sieve against trial division. All the logic is in the library.

use std::process::ExitCode;

use chapter_sieve::{Cli, run};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    run(&parse_or_exit::<Cli>())
}
