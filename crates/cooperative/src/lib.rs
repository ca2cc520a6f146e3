//! # Chapter 2: cooperative execution
//!
//! The workers get a status: a `CoopWorker` is `Busy` while it checks a
//! number and `Idle` when it is done, and the runner hands each number to
//! the first idle worker it finds. The tutorial found the same result as
//! the synchronous chapter: the runner waits for each number to be done, so
//! the first idle worker is always `Worker-1`. Rust changes nothing yet; the
//! borrow checker even writes one-thing-at-a-time into the types. The story
//! and the measurements are in the book's page, `docs/src/cooperative.md`.
//!
//! ```text
//! cargo run -p chapter-cooperative                              # the tutorial's run, 1000 numbers
//! cargo run -p chapter-cooperative -- --limit 100 --delay-ms 1  # the same lesson in a blink
//! ```
//!
//! # Layout
//!
//! - `worker`: the tutorial's [`CoopWorker`], a worker that says when it is
//!   busy, and [`select_idle_worker`].
//! - `runner`: the tutorial's [`CoopTaskRunner`] and the chapter's one
//!   [`RunnerType`].
//! - `cli`: the options ([`Cli`]) and [`run`], all that the binary calls.

mod cli;
mod runner;
mod worker;

pub use cli::{Cli, run};
pub use runner::{CoopTaskRunner, RunnerType};
pub use worker::{CoopWorker, select_idle_worker};

/// The tutorial runs this chapter with two workers.
pub const DEFAULT_WORKERS: usize = 2;
