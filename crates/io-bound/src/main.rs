//! `cargo run -p chapter-io-bound`: every download mode against the embedded
//! local server, plus the CPU-bound sums, in one table; `serve` runs the
//! server alone; `sweep` times the threads mode for a range of thread
//! counts; `load` measures requests per second against a server. The
//! options and the subcommands are in the library (`src/cli.rs`); this
//! file serves the worker roles, raises the descriptor limit, parses and
//! calls.

use std::process::ExitCode;

use chapter_io_bound::cli::{self, Cli};
use concurrency_core::parse_or_exit;

fn main() -> ExitCode {
    // First thing: a copy of this program started as a worker process does
    // its job and exits here.
    concurrency_process::serve_roles(&[chapter_io_bound::ROLES]);
    // Every connection is a file descriptor: take all the process may have,
    // as servers do (`fds`). A limit that cannot be read or raised stays.
    let _ = chapter_io_bound::fds::raise_limit();
    let cli: Cli = parse_or_exit();
    cli::main(cli)
}
