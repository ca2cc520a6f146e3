//! One task after another on the main thread: the baseline.

use super::{Experiment, TaskResult, task};

pub(super) fn run(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Vec<TaskResult> {
    let mut results = Vec::new();
    for n in 0..e.tasks {
        let result = task(n, e.multiplier);
        on_result(result);
        results.push(result);
    }
    results
}
