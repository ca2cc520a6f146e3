//! # I/O-bound work: downloads, threads, tasks and processes
//!
//! The same 160 downloads (two pages, 80 times each) from a real HTTP/1.1
//! server the chapter starts itself on `127.0.0.1`, one after the other, on
//! threads, as async tasks and in worker processes; and the CPU-bound sums
//! of squares beside them. The tutorials "compare concurrent methods" and
//! "Parallelization in Python" found that overlapping the waits (threads,
//! or coroutines with an async client) made downloads many times faster,
//! that coroutines calling a blocking client gained nothing, and that only
//! processes sped up the sums. In Rust the I/O lessons hold and the blocking
//! call in async code is still a trap, while rayon's threads already use
//! every core for the sums. The book's chapter (`docs/src/io-bound.md`)
//! tells the story and reads the results page (`docs/src/results/io-bound.md`).
//!
//! Every run is checked: the server counts what it served, and its fault
//! knobs decide each request's fate from its number, so the pages, bytes and
//! failures each mode must report are known in advance ([`expected_tally`]).
//!
//! # Layout
//!
//! - [`mode`]: the [`Mode`]s, the table's rows, their [`Settings`], and
//!   [`run_mode`], which runs and times one against a [`Target`].
//! - [`outcome`]: what a mode came to ([`Outcome`]), its check against the
//!   server's configuration, the summary table and the verdict.
//! - [`modes`]: the download modes' code: one thread, threads and tasks.
//! - [`processes`]: the worker processes (downloads and sums).
//! - [`cpu`]: the CPU-bound sums.
//! - [`client`]: the plan of requests, the two clients, the tally.
//! - [`server`]: the embedded server: its pages, faults, counters, handler
//!   and accept loop.
//! - [`server_process`]: the same server in a process of its own, for a
//!   load test.
//! - [`fds`]: the file-descriptor limit, raised at start, and the budget
//!   that bounds the requests in flight at once.
//! - [`sweep`]: the thread-count sweep, its CSV and its plot.
//! - [`load`]: requests per second with a bounded number in flight,
//!   against any server.
//! - [`wrk`]: wrk, the dedicated load generator, run and read, to hold the
//!   `load` subcommand's rate against.
//! - [`cli`]: the options of the binary and its four subcommands (`run`,
//!   `sweep`, `serve`, `load`).
//!
//! ```text
//! cargo run --release -p chapter-io-bound                          # every mode, one table
//! cargo run --release -p chapter-io-bound -- --mode threads --threads 32
//! cargo run --release -p chapter-io-bound -- --error-share 0.1 --drop-share 0.05
//! cargo run --release -p chapter-io-bound -- sweep --max-threads 64
//! cargo run --release -p chapter-io-bound -- serve --port 8080     # then --url http://127.0.0.1:8080
//! cargo run --release -p chapter-io-bound -- load --url http://127.0.0.1:8080 --in-flight 1000
//! ```

pub mod cli;
pub mod client;
pub mod cpu;
pub mod fds;
pub mod load;
pub mod mode;
pub mod modes;
pub mod outcome;
pub mod processes;
pub mod server;
pub mod server_process;
pub mod sweep;
pub mod wrk;

pub use client::{Failure, Plan, Tally};
pub use mode::{AT_ONCE, Mode, Settings, THREADS, Target, fd_note, run_mode};
pub use modes::{Report, Sinks};
pub use outcome::{Check, Outcome, Work, all_failed, expected_tally, summary, verdict};
pub use processes::ROLES;
pub use server::{Fault, Faults, Page, Server, ServerConfig, StatsSnapshot};
