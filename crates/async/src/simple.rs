//! `SIMPLE`: one task per worker, spawned by hand and awaited by hand, as
//! the tutorial's `asyncio.create_task` and `await`.

use std::sync::atomic::Ordering;
use std::time::Duration;

use concurrency_core::{Job, RunError, WorkerReport, print_err};

use crate::worker::{TaskContext, spawn_team};

/// How often `SIMPLE` prints `Remaining tasks: N`, as the tutorial does.
pub const REMAINING_EVERY: Duration = Duration::from_secs(1);

// ANCHOR: simple
/// `SIMPLE`: spawn a task per worker, then await the tasks one by one while
/// printing `Remaining tasks: N` about once a second.
///
/// The tasks run from the moment they are spawned; awaiting them in order
/// only decides when the runner *looks*. A failing task is therefore
/// noticed when the runner reaches its handle; the runner then cancels the
/// tasks it has not awaited yet and returns the error.
pub(crate) async fn simple(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let tasks = spawn_team(&context, job);
    let await_all = async {
        let mut reports = Vec::with_capacity(tasks.len());
        let mut tasks = tasks.into_iter();
        while let Some(task) = tasks.next() {
            match task.await.and_then(|outcome| outcome) {
                Ok(report) => reports.push(report),
                Err(err) => {
                    for task in tasks {
                        task.cancel().await;
                    }
                    return Err(err);
                }
            }
        }
        Ok(reports)
    };
    let tick = async {
        loop {
            context.runtime.sleep(REMAINING_EVERY).await;
            let remaining = context.remaining.load(Ordering::Relaxed);
            // On standard error, so that `--json` output stays valid, and
            // through the bar, so that the line does not tear it.
            job.progress.suspend(|| print_err!("Remaining tasks: {remaining}"));
        }
    };
    // Run both in this one future; whichever finishes first wins, and the
    // ticker never finishes. Dropping it at the end stops it.
    futures::pin_mut!(await_all, tick);
    match futures::future::select(await_all, tick).await {
        futures::future::Either::Left((reports, _tick)) => reports,
        futures::future::Either::Right(((), await_all)) => await_all.await,
    }
}
// ANCHOR_END: simple

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::tests::{fault, run};
    use crate::{AsyncRuntime, AsyncTaskRunner, RunnerType};
    use concurrency_core::TaskRunner;
    use std::time::Instant;

    #[test]
    fn with_two_workers_worker_2_gets_the_even_numbers_as_in_the_tutorial() {
        // On one thread the two tasks take strict turns at the queue, so
        // Worker-2 draws 2, 4, 6, ... and its only prime is 2.
        let report = run(
            RunnerType::Simple,
            AsyncRuntime::TokioCurrentThread,
            &Job::new(40, 2, Duration::from_millis(5)),
        );
        assert_eq!(report.workers[1].primes, [2]);
        assert_eq!(report.workers[0].processed, 20);
    }

    #[test]
    fn a_panicking_task_fails_simple_too_without_hanging() {
        // SIMPLE awaits Worker-1's task first, but Worker-3's task closes
        // the queue as it unwinds, so the others stop after their current
        // number: about 0.1 s, where the whole run would take
        // 3000 x 20 ms / 3 = 20 s. The bound is 100x the one, half the other.
        let job = Job::new(3_000, 3, Duration::from_millis(20));
        for runtime in AsyncRuntime::ALL {
            let runner = AsyncTaskRunner::new(RunnerType::Simple, runtime).with_fault(fault(3, 2));
            let started = Instant::now();
            let err = runner.run(&job).expect_err("a task panicked");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{runtime}: {:?}",
                started.elapsed()
            );
            assert_eq!(
                err.to_string(),
                "Worker-3 failed: panicked: injected fault after 2 numbers",
                "{runtime}"
            );
        }
    }
}
