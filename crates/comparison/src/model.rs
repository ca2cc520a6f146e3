//! The four programming models the comparison races, each by its best
//! runner, and the one rule that sets them apart: the baseline has one
//! worker.

use std::fmt;
use std::path::Path;

use chapter_async::{AsyncRuntime, AsyncTaskRunner};
use chapter_multiprocess::MultiProcessTaskRunner;
use chapter_multithread::MultiThreadTaskRunner;
use chapter_sync::SyncTaskRunner;
use clap::ValueEnum;
use concurrency_core::{Job, TaskRunner};
use serde::{Deserialize, Serialize};

// ANCHOR: model
/// The programming models the comparison races, each by its best runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// The baseline: chapter 1's `SIMPLE`, one worker on one thread.
    Sync,
    /// Chapter 3's `TASK_GROUP` on tokio's multi-thread runtime.
    Async,
    /// Chapter 4's `THREAD_POOL`: a rayon pool, one chunk per thread.
    Threads,
    /// Chapter 5's `CHUNKS_IN_POOL`: a pool of worker processes given chunks.
    Processes,
}
// ANCHOR_END: model

impl Model {
    /// Every model, baseline first: the order of the table's columns.
    pub const ALL: [Model; 4] = [Model::Sync, Model::Async, Model::Threads, Model::Processes];

    /// The column heading, after the tutorial's.
    pub fn heading(self) -> &'static str {
        match self {
            Model::Sync => "Synchronous",
            Model::Async => "Asynchronous",
            Model::Threads => "Multithreading",
            Model::Processes => "Multiprocessing",
        }
    }

    /// The runner type, as the tutorial names it.
    pub fn runner_type(self) -> &'static str {
        match self {
            Model::Sync => "SIMPLE",
            Model::Async => "TASK_GROUP",
            Model::Threads => "THREAD_POOL",
            Model::Processes => "CHUNKS_IN_POOL",
        }
    }

    /// How many workers this model gets when the others get `workers`: the
    /// baseline has one, since a synchronous run's second worker never
    /// works (chapter 1's lesson).
    pub fn workers(self, workers: usize) -> usize {
        match self {
            Model::Sync => 1,
            _ => workers,
        }
    }

    /// The job as this model runs it: the same numbers and delay, with
    /// [`workers`](Self::workers) workers.
    pub fn job(self, job: &Job) -> Job {
        Job {
            workers: self.workers(job.workers),
            ..job.clone()
        }
    }

    /// The model's runner. `worker_exe` is the program `CHUNKS_IN_POOL`
    /// starts as its workers (`None`: this program, whose `main` must serve
    /// [`ROLES`](crate::ROLES) first thing).
    pub fn runner(self, worker_exe: Option<&Path>) -> ModelRunner {
        match self {
            Model::Sync => ModelRunner::Sync(SyncTaskRunner::new()),
            Model::Async => ModelRunner::Async(AsyncTaskRunner::new(
                chapter_async::RunnerType::TaskGroup,
                AsyncRuntime::TokioMultiThread,
            )),
            Model::Threads => {
                ModelRunner::Threads(MultiThreadTaskRunner::new(chapter_multithread::RunnerType::ThreadPool))
            }
            Model::Processes => {
                let runner = MultiProcessTaskRunner::new(chapter_multiprocess::RunnerType::ChunksInPool);
                ModelRunner::Processes(match worker_exe {
                    Some(exe) => runner.with_worker_exe(exe),
                    None => runner,
                })
            }
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

/// The runner of a [`Model`], kept as its own type so that the process
/// pool's worker processes can be looked at (their peak memory) before the
/// pool is stopped.
#[derive(Debug)]
pub enum ModelRunner {
    /// The baseline.
    Sync(SyncTaskRunner),
    /// `TASK_GROUP`.
    Async(AsyncTaskRunner),
    /// `THREAD_POOL`.
    Threads(MultiThreadTaskRunner),
    /// `CHUNKS_IN_POOL`.
    Processes(MultiProcessTaskRunner),
}

impl ModelRunner {
    /// The runner, as every chapter's harness sees it.
    pub fn as_task_runner(&self) -> &dyn TaskRunner {
        match self {
            ModelRunner::Sync(r) => r,
            ModelRunner::Async(r) => r,
            ModelRunner::Threads(r) => r,
            ModelRunner::Processes(r) => r,
        }
    }

    /// Stops the worker processes the process pool keeps between runs
    /// (nothing for the other models). Dropping the runner does it too.
    pub fn shutdown(&self) {
        if let ModelRunner::Processes(r) = self {
            r.shutdown_pool();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_baseline_has_one_worker_the_others_ten() {
        assert_eq!(Model::Sync.workers(10), 1);
        assert!(Model::ALL[1..].iter().all(|m| m.workers(10) == 10));
        let job = Job::new(1_000, 10, Duration::ZERO);
        assert_eq!(
            (Model::Sync.job(&job).workers, Model::Threads.job(&job).workers),
            (1, 10)
        );
        assert_eq!(
            Model::Processes.runner(None).as_task_runner().runner_type(),
            "CHUNKS_IN_POOL"
        );
        assert_eq!(Model::Async.runner(None).as_task_runner().runner_type(), "TASK_GROUP");
    }
}
