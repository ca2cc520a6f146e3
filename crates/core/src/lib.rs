//! The shared model of the tutorial, used by every chapter.
//!
//! The Python tutorial "Concurrency in Python" finds the primes among the
//! numbers `1..=N` again and again, each chapter with another way of running
//! its workers: one after the other, cooperatively, as async tasks, on
//! threads, in processes. What stays the same from chapter to chapter lives
//! here, as it lives in the tutorial's `helper/` and `model/` folders:
//!
//! - the work: [`is_prime`], trial division exactly as the tutorial does it,
//!   made exact for every `u64`; the [known prime counts](PRIME_COUNTS) that
//!   every test and every table checks against; the tutorial's
//!   [special primes](SpecialPrimes), just for fun;
//! - where the numbers come from: a [`NumberQueue`] (one atomic counter, so
//!   10^8 numbers cost 16 bytes, not a 10^8-element queue) and [`chunks`];
//! - the model: a [`Worker`] (`Worker-1`, `Worker-2`, ... with a status and
//!   the forced delay), the [`TaskRunner`] trait every chapter's runners
//!   implement, and the [`RunReport`] they return;
//! - the command line shared by every chapter binary ([`RunArgs`]), which
//!   refuses bad input with one line and exit code 2;
//! - timing ([`time_it`]) and the tables the chapters print ([`Table`]).
//!
//! # A run, end to end
//!
//! ```
//! use std::time::Duration;
//! use concurrency_core::{Job, NumberQueue, RunError, TaskRunner, Worker, WorkerReport};
//!
//! /// The simplest runner there is: one worker drains the queue.
//! struct OneWorker;
//!
//! impl TaskRunner for OneWorker {
//!     fn name(&self) -> String { "OneWorker".into() }
//!     fn runner_type(&self) -> String { "SIMPLE".into() }
//!     fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
//!         let queue = NumberQueue::new(job.limit);
//!         let mut worker = Worker::new(1, job.delay);
//!         while let Some(n) = queue.pop() {
//!             worker.process(n);
//!         }
//!         Ok(vec![worker.into_report()])
//!     }
//! }
//!
//! let report = OneWorker.run(&Job::new(100, 1, Duration::ZERO))?;
//! assert_eq!(report.primes_found(), 25); // pi(100)
//! # Ok::<(), RunError>(())
//! ```
//!
//! # Layout
//!
//! - `primes`: `is_prime`, `prime_task`, pi(10^k), special primes.
//! - `work`: `NumberQueue` and `chunks`.
//! - `worker`: `Worker` and `WorkerStatus`.
//! - `runner`: `Job`, the `TaskRunner` trait and `RunError`.
//! - `report`: `WorkerReport`, `RunReport` and their checks.
//! - `args`: the shared options, with each chapter's `Defaults`.
//! - `cli`: the exit-code-2 rule and printing.
//! - `fault`: `--fail-worker`, the one fault-injection option.
//! - `table`, `timing`: printing and measuring.
//! - `timeline`: `Span`, what ran when, recorded when a job asks for it.
//! - [`measure`]: `cores()`, `median`, the `secs` serde helper, and how every
//!   table is measured: interleaved rounds, paired speedups, the guard.
//! - [`system`]: what the OS knows of the machine and its processes (sysinfo, procfs).
//! - [`testing`]: helpers for the chapters' integration tests.

mod args;
mod cli;
mod fault;
pub mod measure;
mod primes;
mod report;
mod runner;
pub mod system;
mod table;
pub mod testing;
mod timeline;
mod timing;
mod work;
mod worker;

pub use args::{Defaults, MAX_DELAY_MS, MAX_LIMIT, MAX_TOTAL_DELAY, MAX_WORKERS, NoModes, RunArgs, Tutorial};
pub use cli::{
    Typed, parse_or_exit, parse_typed_or_exit, print_out, print_reports, print_table, run_and_print, usage_error,
    write_err,
};
pub use fault::{FAULT_EXIT_CODE, FailHow, FaultArgs, FaultPlan, panic_message, quiet_expected_panics};
pub use measure::{cores, median, secs};
pub use primes::{PRIME_COUNTS, SpecialPrimes, is_prime, known_prime_count, prime_task, reverse_digits};
pub use report::{RunReport, SIEVE_MAX, Verdict, WorkerReport, expected_prime_count, preview};
pub use runner::{Job, RunError, TaskRunner};
pub use table::{Align, Table};
pub use timeline::Span;
pub use timing::{format_secs, time_it};
pub use work::{NumberQueue, chunks};
pub use worker::{Worker, WorkerStatus};
