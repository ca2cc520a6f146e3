//! The tutorial's `TaskRunner`: one trait that every chapter's runners
//! implement, so one harness can run, time and compare them all.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::report::{RunReport, WorkerReport};
use crate::timing::time_it;
use crate::worker::Worker;

// ANCHOR: job
/// What to run: check the numbers `1..=limit` with `workers` workers, each
/// sleeping `delay` before every number (the tutorial's forced 0.05 s that
/// stands in for a slower computation).
///
/// A job travels to a worker process as it is (serde): the numbers and the
/// delay go, the progress bar stays with the person watching.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Check the numbers `1..=limit`.
    pub limit: u64,
    /// How many workers share the work.
    pub workers: usize,
    /// The forced delay per number.
    pub delay: Duration,
    /// The run's progress bar; hidden unless a binary asks for one. Workers
    /// get clones (a clone is the same bar). A job that arrives from
    /// another process has a hidden one.
    #[serde(skip, default = "ProgressBar::hidden")]
    pub progress: ProgressBar,
    /// Whether the workers record what ran when ([`Span`](crate::Span)s in
    /// their reports). Off unless [`with_timeline`](Self::with_timeline).
    #[serde(default)]
    pub timeline: bool,
}
// ANCHOR_END: job

impl Job {
    /// A job with no visible progress bar (what tests and benchmarks use).
    pub fn new(limit: u64, workers: usize, delay: Duration) -> Self {
        Job {
            limit,
            workers,
            delay,
            progress: ProgressBar::hidden(),
            timeline: false,
        }
    }

    /// The same job with a timeline: every worker records a
    /// [`Span`](crate::Span) per number. Meant for small runs drawn as a
    /// picture; a timed run leaves it off.
    pub fn with_timeline(mut self) -> Self {
        self.timeline = true;
        self
    }

    /// The same job with a progress bar on standard error. indicatif draws
    /// nothing when standard error is not a terminal (a pipe, a CI log), so
    /// the bar never pollutes captured output.
    pub fn with_progress_bar(mut self) -> Self {
        let style =
            ProgressStyle::with_template("{msg:>14} [{elapsed_precise}] {wide_bar} {pos}/{len} numbers (eta {eta})")
                .expect("the template is valid");
        self.progress = ProgressBar::new(self.limit).with_style(style);
        self
    }

    /// The job's workers, `Worker-1` to `Worker-{workers}`, each with the
    /// job's forced delay and a handle on its progress bar.
    pub fn team(&self) -> Vec<Worker> {
        let worker = |number| {
            Worker::new(number, self.delay)
                .with_progress(self.progress.clone())
                .with_timeline(self.timeline)
        };
        (1..=self.workers).map(worker).collect()
    }
}

// ANCHOR: task_runner
/// A way of running a [`Job`]: the tutorial's `TaskRunner`.
///
/// Every runner of every chapter has this one shape, so the same code can
/// time any of them and print their rows in one table.
pub trait TaskRunner {
    /// The runner's name, after the tutorial's classes: `SyncTaskRunner`.
    fn name(&self) -> String;

    /// The runner type, as in the tutorial's tables: `SIMPLE`, `TASK_GROUP`.
    fn runner_type(&self) -> String;

    /// Runs the job's workers to completion and returns what each one did.
    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError>;

    /// Runs the job and times it (the tutorial's `execute` under `@time_it`).
    fn run(&self, job: &Job) -> Result<RunReport, RunError> {
        job.progress.reset();
        job.progress.set_length(job.limit);
        job.progress.set_message(self.runner_type());
        let (workers, elapsed) = time_it(|| self.run_workers(job));
        job.progress.finish_and_clear();
        Ok(RunReport {
            runner: self.name(),
            runner_type: self.runner_type(),
            limit: job.limit,
            delay: job.delay,
            elapsed,
            workers: workers?,
        })
    }
}
// ANCHOR_END: task_runner

/// Why a run could not finish. Bad input never gets this far: the command
/// line refuses it first.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A worker died before finishing: a panic in its thread or task, or
    /// its process exiting early.
    #[error("{worker} failed: {reason}")]
    WorkerFailed {
        /// The worker's name, e.g. `Worker-2`.
        worker: String,
        /// What happened, as precisely as the runner can tell.
        reason: String,
    },
    /// The OS refused something the runner needs: a thread, a process, a pipe.
    #[error("{context}: {source}")]
    Io {
        /// What the runner was trying to do.
        context: String,
        /// The OS's answer.
        source: std::io::Error,
    },
}
