//! Fully loaded: one heavy task per core.
//!
//! Task: `one_thread_per_task` runs each task on a thread of its own, all
//! at once, and returns the results in the order of the tasks, each with
//! the id of the thread that ran it. The starter runs them one after the
//! other on the caller's thread: right results, one core busy.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::one_thread_per_task;
    use std::collections::HashSet;

    fn heavy(seed: u64) -> u64 {
        (0..200_000u64).fold(seed, |acc, i| acc.wrapping_mul(6364136223846793005).wrapping_add(i))
    }

    #[test]
    fn results_in_task_order_each_on_its_own_thread() {
        let tasks: Vec<u64> = (1..=4).collect();
        let results = one_thread_per_task(&tasks, heavy);
        let values: Vec<u64> = results.iter().map(|r| r.0).collect();
        assert_eq!(values, tasks.iter().map(|&t| heavy(t)).collect::<Vec<_>>());
        let threads: HashSet<_> = results.iter().map(|r| r.1).collect();
        assert_eq!(threads.len(), tasks.len(), "every task needs a thread of its own");
        assert!(!threads.contains(&std::thread::current().id()));
    }
}
