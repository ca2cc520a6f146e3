//! `cargo run --release -p chapter-final`: the tutorial's final table, the
//! plain `calc_primes` against the synchronous and the abstract solutions.
//! All the logic is in the library (`src/cli.rs`).

use std::process::ExitCode;

use chapter_final::{Cli, run};
use concurrency_core::parse_typed_or_exit;

fn main() -> ExitCode {
    // The abstract solution's worker processes are this very program.
    concurrency_process::serve_roles(&[chapter_comparison::ROLES]);
    let (cli, typed) = parse_typed_or_exit::<Cli>();
    run(&cli, &typed)
}
