//! `cargo run --release -p chapter-comparison`: the tutorial's comparison of
//! the best async, thread and process runners, against the synchronous
//! baseline. All the logic is in the library (`src/cli.rs`).

use std::process::ExitCode;

use chapter_comparison::{Cli, ROLES, run};
use concurrency_core::parse_typed_or_exit;

fn main() -> ExitCode {
    // A worker process of CHUNKS_IN_POOL, or the child that measures one
    // row, is this very program: each turns into its role first.
    concurrency_process::serve_roles(&[ROLES]);
    let (cli, typed) = parse_typed_or_exit::<Cli>();
    run(&cli, &typed)
}
