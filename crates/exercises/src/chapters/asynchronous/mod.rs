//! Chapter 3: tasks that share one thread must yield.
//!
//! Task: `count_with_tasks` spawns `tasks` tasks on the current-thread
//! runtime it is called from; they take numbers from a shared counter
//! until it passes `limit`, and count the primes among them. Return each
//! task's count. A task that never reaches an `.await` keeps the thread:
//! the others start only when it is done.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::count_with_tasks;
    use concurrency_core::known_prime_count;

    #[tokio::test] // one thread: the tasks interleave only where they yield
    async fn every_task_gets_work_and_the_count_is_exact() {
        let per_task = count_with_tasks(1000, 3).await;
        assert_eq!(per_task.len(), 3);
        assert_eq!(Some(per_task.iter().sum()), known_prime_count(1000));
        assert!(per_task.iter().all(|&c| c > 0), "a task found nothing: {per_task:?}");
    }
}
