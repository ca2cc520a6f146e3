//! # Chapter 1: synchronous execution
//!
//! The baseline every later chapter is measured against: two workers take
//! the numbers `1..=1000` from one queue, each in turn, and nothing runs at
//! the same time. The tutorial found that the first worker empties the queue
//! before the second one starts, so `Worker-1` finds every prime and
//! `Worker-2` none. Rust changes nothing here, and that is the lesson: code
//! that never asks for concurrency gets none. The story and the measurements
//! are in the book's page, `docs/src/sync.md`.
//!
//! ```text
//! cargo run -p chapter-sync                                  # the tutorial's run, 1000 numbers
//! cargo run -p chapter-sync -- --limit 100 --delay-ms 1      # the same lesson in a blink
//! cargo run -p chapter-sync -- --fail-worker 1 --fail-after 3   # Worker-1 panics at its 4th number
//! ```
//!
//! # Layout
//!
//! - `runner`: the tutorial's [`SyncTaskRunner`], a loop inside a loop, and
//!   the chapter's one [`RunnerType`].
//! - `cli`: the options ([`Cli`]) and [`run`], all that the binary calls.
//!
//! The shared model (`Worker`, the queue, the report, the fault option)
//! comes from [`concurrency_core`].

mod cli;
mod runner;

pub use cli::{Cli, run};
pub use runner::{RunnerType, SyncTaskRunner};

/// The tutorial runs this chapter with two workers.
pub const DEFAULT_WORKERS: usize = 2;
