//! `TASK_GROUP`: the tasks in a group that yields them as they finish and
//! cancels the rest on the first failure, as `asyncio.TaskGroup` does.

use futures::StreamExt;
use futures::stream::FuturesUnordered;

use concurrency_core::{Job, RunError, WorkerReport};

use crate::runtime;
use crate::worker::{TaskContext, process_queue, spawn_team};

// ANCHOR: task_group_tokio
/// `TASK_GROUP` on tokio: the tasks go into a [`JoinSet`](tokio::task::JoinSet),
/// tokio's counterpart of `asyncio.TaskGroup`.
///
/// `join_next` yields tasks as they finish, in any order. The first
/// failure shuts the set down (aborting every other task and waiting for
/// them to go) and is returned naming its worker. A `JoinSet` also aborts
/// its tasks when dropped, so no path out of this function leaves a task
/// running.
pub(crate) async fn task_group_tokio(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let mut group = tokio::task::JoinSet::new();
    let mut names = std::collections::HashMap::new();
    for worker in context.team(job) {
        let name = worker.name().to_owned();
        let handle = group.spawn(process_queue(worker, context.clone()));
        names.insert(handle.id(), name);
    }
    let mut reports = Vec::with_capacity(job.workers);
    while let Some(joined) = group.join_next().await {
        let outcome = joined.map_err(|err| RunError::WorkerFailed {
            worker: names.get(&err.id()).cloned().unwrap_or_else(|| "a worker".to_owned()),
            reason: if err.is_panic() {
                runtime::panic_reason(err.into_panic())
            } else {
                format!("its task was cancelled ({err})")
            },
        });
        match outcome.and_then(|outcome| outcome) {
            Ok(report) => reports.push(report),
            Err(err) => {
                group.shutdown().await;
                return Err(err);
            }
        }
    }
    Ok(in_worker_order(reports))
}
// ANCHOR_END: task_group_tokio

// ANCHOR: task_group
/// `TASK_GROUP` where there is no `JoinSet` (async-std, smol): a
/// [`FuturesUnordered`] of task handles yields the tasks as they finish,
/// like `join_next`. On the first failure the handles still in the group
/// are cancelled one by one: dropping them would stop the tasks on smol but
/// leave them running on async-std.
pub(crate) async fn task_group(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let mut group: FuturesUnordered<_> = spawn_team(&context, job).into_iter().collect();
    let mut reports = Vec::with_capacity(job.workers);
    while let Some(outcome) = group.next().await {
        match outcome.and_then(|outcome| outcome) {
            Ok(report) => reports.push(report),
            Err(err) => {
                for task in group {
                    task.cancel().await;
                }
                return Err(err);
            }
        }
    }
    Ok(in_worker_order(reports))
}
// ANCHOR_END: task_group

/// Reports sorted as `Worker-1`, `Worker-2`, ..., `Worker-10` (by name
/// length first, so that 10 comes after 9): a group yields them in the
/// order the tasks finished.
fn in_worker_order(mut reports: Vec<WorkerReport>) -> Vec<WorkerReport> {
    reports.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
    reports
}

#[cfg(test)]
mod tests {
    use crate::runner::tests::fault;
    use crate::{AsyncRuntime, AsyncTaskRunner, RunnerType};
    use concurrency_core::{Job, RunError, TaskRunner};
    use std::time::{Duration, Instant};

    #[test]
    fn a_panicking_task_fails_the_task_group_at_once_on_every_runtime() {
        // 3,000 numbers at 20 ms with 3 workers would take 20 s; Worker-2
        // panics at its second number, after about 40 ms, and the run ends
        // then. The bound is 100x that, and half the full run.
        let job = Job::new(3_000, 3, Duration::from_millis(20));
        for runtime in AsyncRuntime::ALL {
            let runner = AsyncTaskRunner::new(RunnerType::TaskGroup, runtime).with_fault(fault(2, 1));
            let started = Instant::now();
            let err = runner.run(&job).expect_err("a task panicked");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{runtime}: {:?}",
                started.elapsed()
            );
            let RunError::WorkerFailed { worker, reason } = err else {
                panic!("{runtime}: not a worker failure")
            };
            assert_eq!(worker, "Worker-2", "{runtime}");
            assert_eq!(reason, "panicked: injected fault after 1 number", "{runtime}");
        }
    }

    #[test]
    fn reports_come_back_in_worker_order() {
        let report = AsyncTaskRunner::new(RunnerType::TaskGroup, AsyncRuntime::TokioMultiThread)
            .run(&Job::new(1_000, 12, Duration::ZERO))
            .expect("no fault planned");
        let names: Vec<String> = report.workers.iter().map(|w| w.name.clone()).collect();
        let expected: Vec<String> = (1..=12).map(|n| format!("Worker-{n}")).collect();
        assert_eq!(names, expected);
    }
}
