//! One scoped thread per task, each sending its result on a channel: the
//! results arrive in whatever order the threads finish, like the
//! experiment's own Rust program.

use std::sync::mpsc;

use concurrency_core::RunError;

use super::{Experiment, TaskResult, task};

pub(super) fn run(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Result<Vec<TaskResult>, RunError> {
    let (sender, receiver) = mpsc::channel();
    // Scoped threads: every thread is joined before `scope` returns, even if
    // one panics (the panic is then propagated here), so none can outlive
    // the experiment.
    std::thread::scope(|scope| {
        for n in 0..e.tasks {
            let sender = sender.clone();
            // A send fails only if the receiver is gone, and it lives until
            // the scope ends: ignoring the error is safe.
            let started = std::thread::Builder::new()
                .name(format!("task-{n}"))
                .spawn_scoped(scope, move || sender.send(task(n, e.multiplier)).ok());
            if let Err(source) = started {
                // The threads already started finish and are joined as the
                // scope ends; their results are dropped with the receiver.
                return Err(RunError::Io {
                    context: format!("cannot start the thread for task {n}"),
                    source,
                });
            }
        }
        // Drop our own sender, so the loop below ends once every thread has
        // sent its result and dropped its clone.
        drop(sender);
        Ok(receiver.iter().inspect(|&result| on_result(result)).collect())
    })
}
