//! A `std::sync::MutexGuard` must not live across an `.await`.
//!
//! Task: `record_all` pushes each item into a shared log and yields to the
//! runtime after each one. The future must be `Send`, because the tests
//! hand it to `tokio::spawn` on a multi-thread runtime. Holding the guard
//! across the `.await` does not compile: the book shows the error
//! (`tests/compile_fail/guard_across_await.rs`).

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer;
    use std::sync::{Arc, Mutex};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spawned_tasks_record_every_item() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..4u64)
            .map(|t| tokio::spawn(answer::record_all(Arc::clone(&log), (t * 100..t * 100 + 50).collect())))
            .collect();
        for task in tasks {
            task.await.expect("a recording task panicked");
        }
        let mut log = log.lock().unwrap().clone();
        log.sort_unstable();
        let expected: Vec<u64> = (0..4u64).flat_map(|t| t * 100..t * 100 + 50).collect();
        assert_eq!(log, expected);
    }
}
