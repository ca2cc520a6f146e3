//! # Chapter 5: multiprocess execution
//!
//! The tutorial's four runner types (SIMPLE, SHARED, PROCESS_POOL,
//! CHUNKS_IN_POOL) on real OS processes: each worker is this program started
//! again in a worker role, fed through its standard input and output. The
//! tutorial found every worker in a process of its own, and times a little
//! slower than the threads': with a sleep as the work, parallelism buys
//! nothing, and starting processes and passing data costs. Rust threads run
//! in parallel already, so what processes buy here is isolation: a worker
//! that crashes, aborts, hangs or is killed is named, its work goes to
//! another, and the count stays exact. The story, the code on the page and
//! the measurements are in the book's page, `docs/src/multiprocess.md`.
//!
//! ```text
//! cargo run -p chapter-multiprocess                                 # the tutorial's table
//! cargo run -p chapter-multiprocess -- --limit 100 --delay-ms 0     # the same rows in a blink
//! cargo run -p chapter-multiprocess -- --costs                      # processes vs threads vs tasks
//! cargo run -p chapter-multiprocess -- --mode shared --delay-ms 1 --fail-worker 2 --fail-after 5
//! cargo run -p chapter-multiprocess -- --mode shared --delay-ms 1 --fail-worker 2 --fail-after 5 \
//!     --fail-how hang --worker-timeout 1
//! ```
//!
//! # Layout
//!
//! The parent's side, from the top:
//! - `runner`: the tutorial's [`MultiProcessTaskRunner`] and its phases:
//!   hand out the work, get a team (fresh or the kept pool), drive it;
//!   `runner_type`: the four [`RunnerType`]s and the [`TUTORIAL_TABLE`].
//! - [`schedule`]: one run, a thread per worker process talking to it; what
//!   a [`WorkerDeath`] leaves behind.
//! - [`board`]: the work waiting, out and given back; [`task`]: a number or
//!   a chunk.
//! - [`liveness`]: the deadline for a reply, and the watchdog that kills a
//!   silent worker.
//! - [`process`]: the handle on one worker process; [`registry`]: every
//!   child, reaped; [`signals`]: an interrupt stops them all, and is not a
//!   death.
//! - [`costs`]: processes vs threads vs tasks.
//! - `cli`: the options ([`Cli`]) and [`run`], all that the binary calls.
//!
//! The worker's side:
//! - [`worker`]: the role ([`worker::PrimeWorker`], [`ROLES`]); [`serve`]:
//!   its loop; [`fault`]: failing on purpose (`--fail-worker`).
//! - [`protocol`]: the messages between the two.
//!
//! Starting a copy of the program in a role, and the framing, are every
//! process chapter's: they are in [`concurrency_process`].

pub mod board;
mod cli;
pub mod costs;
pub mod fault;
pub mod liveness;
pub mod process;
pub mod protocol;
pub mod registry;
mod runner;
mod runner_type;
pub mod schedule;
pub mod serve;
pub mod signals;
pub mod task;
pub mod worker;

pub use cli::{Cli, run};
pub use runner::MultiProcessTaskRunner;
pub use runner_type::{DEFAULT_WORKERS, RunnerType, TUTORIAL_TABLE, planned_runs};
pub use schedule::WorkerDeath;
pub use worker::ROLES;
