//! A rayon parallel iterator: the pool, not us, decides how many threads
//! run, and the results come back in task order.

use rayon::prelude::*;

use super::{Experiment, TaskResult, task};

pub(super) fn run(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Vec<TaskResult> {
    let results: Vec<TaskResult> = (0..e.tasks).into_par_iter().map(|n| task(n, e.multiplier)).collect();
    results.iter().copied().for_each(on_result);
    results
}
