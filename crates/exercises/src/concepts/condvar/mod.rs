//! A work queue on `Mutex` + `Condvar`: consumers sleep until there is work
//! or the queue is closed, instead of giving up (or spinning) when it is
//! empty.
//!
//! Task: write `WorkQueue::pop`, which blocks until an item arrives
//! (`Some`) or the queue is closed and empty (`None`).

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::WorkQueue;
    use concurrency_core::{is_prime, known_prime_count};
    use std::time::Duration;
    use std::{sync::Arc, thread};

    #[test]
    fn a_consumer_waits_for_work_that_comes_later() {
        let queue = Arc::new(WorkQueue::new());
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.pop())
        };
        thread::sleep(Duration::from_millis(100)); // the consumer is waiting by now
        queue.push(7);
        queue.close();
        assert_eq!(consumer.join().unwrap(), Some(7));
    }

    #[test]
    fn a_pool_of_consumers_counts_primes_exactly() {
        let queue = WorkQueue::new();
        let total: u64 = thread::scope(|s| {
            let workers: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        let mut primes = 0;
                        while let Some(n) = queue.pop() {
                            primes += u64::from(is_prime(n));
                        }
                        primes
                    })
                })
                .collect();
            thread::sleep(Duration::from_millis(50)); // let them find the queue empty
            (1..=1000).for_each(|n| queue.push(n));
            queue.close();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        });
        assert_eq!(Some(total), known_prime_count(1000));
    }

    #[test]
    fn a_closed_empty_queue_returns_none() {
        let queue = WorkQueue::new();
        queue.close();
        assert_eq!(queue.pop(), None);
    }
}
