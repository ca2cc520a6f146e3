//! `cargo run --release -p reproduce` (what `just bench-all` runs): every chapter's
//! table, measured again on this machine and written under
//! `docs/src/results/`. The options and the run are in the library
//! (`src/cli.rs`); this file serves the worker roles, parses and calls.

use std::process::ExitCode;

use concurrency_core::parse_or_exit;
use reproduce::cli::{self, Cli};

fn main() -> ExitCode {
    // This program is also the worker process of every chapter that starts
    // processes, and the child that measures one comparison row. One call
    // serves whichever role the parent named (the order of the lists does
    // not matter), before anything else happens.
    concurrency_process::serve_roles(&[
        chapter_multiprocess::ROLES,
        chapter_fully_loaded::ROLES,
        chapter_comparison::ROLES,
        chapter_io_bound::ROLES,
        chapter_search::ROLES,
    ]);
    // The distributed page's TCP rows start this program as the members of
    // a local cluster, each with a command line of its own.
    if let Some(code) = chapter_distributed::serve_member() {
        return code;
    }
    // The io-bound page's load row keeps a thousand connections open, in
    // this process and in wrk, its child: take every file descriptor the
    // system allows, as the chapter's own binary does.
    let _ = chapter_io_bound::fds::raise_limit();
    let cli: Cli = parse_or_exit();
    cli::run(cli)
}
