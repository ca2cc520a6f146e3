//! How a task spends the forced delay: the classic mistake of async code,
//! a blocking call inside a task, and its fix.

use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::RunError;

use crate::runtime::AsyncRuntime;

// ANCHOR: delay_kind
/// How a task spends the forced delay (`--delay-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DelayKind {
    /// The runtime's async sleep: the task yields while it waits.
    #[default]
    Async,
    /// `std::thread::sleep` inside the task: the classic mistake, which
    /// holds the executor's thread and stalls every task that shares it.
    Blocking,
    /// The same blocking sleep, handed to the runtime's blocking thread pool
    /// (`spawn_blocking`, `smol::unblock`) and awaited: the fix.
    SpawnBlocking,
}

impl DelayKind {
    /// Waits `delay` this way, in a task of `runtime` that runs for `worker`.
    pub async fn wait(self, runtime: AsyncRuntime, delay: Duration, worker: &str) -> Result<(), RunError> {
        match self {
            DelayKind::Async => runtime.sleep(delay).await,
            // The mistake: this holds the thread, and no other task on it
            // can run until the sleep is over.
            DelayKind::Blocking => std::thread::sleep(delay),
            DelayKind::SpawnBlocking => {
                let sleeping = move || std::thread::sleep(delay);
                runtime.spawn_blocking(worker, sleeping).await?;
            }
        }
        Ok(())
    }
}
// ANCHOR_END: delay_kind

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::tests::every_runner;
    use crate::{AsyncTaskRunner, RunnerType};
    use concurrency_core::{Job, TaskRunner, Verdict};

    #[test]
    fn a_blocking_sleep_serialises_the_current_thread_runtime() {
        let job = Job::new(60, 3, Duration::from_millis(20));
        let serial = Duration::from_millis(60 * 20);
        for kind in RunnerType::ALL {
            let runner = AsyncTaskRunner::new(kind, AsyncRuntime::TokioCurrentThread);
            let blocked = runner.with_delay_kind(DelayKind::Blocking).run(&job).expect("runs");
            assert!(
                blocked.elapsed >= serial.mul_f64(0.9),
                "{kind:?}: {:?}",
                blocked.elapsed
            );
            assert_eq!(blocked.verdict(), Verdict::Exact { count: 17 });
        }
    }

    #[test]
    fn spawn_blocking_fixes_it_on_every_runtime() {
        // 200 numbers at 20 ms on 20 workers: 4 s serial, about 0.2 s with
        // the 20 sleeps on the blocking pool's threads; the bound is 10x that.
        let job = Job::new(200, 20, Duration::from_millis(20));
        let serial = Duration::from_millis(200 * 20);
        for (kind, runtime) in every_runner() {
            let runner = AsyncTaskRunner::new(kind, runtime).with_delay_kind(DelayKind::SpawnBlocking);
            let fixed = runner.run(&job).expect("runs");
            assert!(fixed.elapsed < serial / 2, "{kind:?} on {runtime}: {:?}", fixed.elapsed);
            assert_eq!(fixed.verdict(), Verdict::Exact { count: 46 });
        }
    }
}
