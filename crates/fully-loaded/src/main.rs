//! `cargo run --release -p chapter-fully-loaded`: the "fully loaded"
//! experiment in every mode, printed like its Python "Performance Results".
//! All the logic is in the library (`src/cli.rs`).

use std::process::ExitCode;

use chapter_fully_loaded::{Cli, ROLES, run};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    // First thing: a copy of this program started for one task computes it,
    // sends the result and exits here.
    concurrency_process::serve_roles(&[ROLES]);
    let cli: Cli = parse_or_exit();
    run(&cli)
}
