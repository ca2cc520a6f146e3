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
    use std::thread;

    /// A ping-pong: each number is pushed only after the answer to the one
    /// before came back, and each side pops right after it pushed, so the
    /// other side's next item cannot be there yet. A `pop` that gives up on
    /// an empty queue ends the game at once; no sleep decides it (the
    /// starter could pass only if the threads switched at exactly the right
    /// instruction, twice in each of the 1000 rounds).
    #[test]
    fn a_consumer_waits_for_work_that_comes_later() {
        let (requests, replies) = (WorkQueue::new(), WorkQueue::new());
        let answers: Vec<Option<u64>> = thread::scope(|s| {
            s.spawn(|| {
                while let Some(n) = requests.pop() {
                    replies.push(u64::from(is_prime(n)));
                }
                replies.close();
            });
            let answers = (1..=1000)
                .map(|n| {
                    requests.push(n);
                    replies.pop()
                })
                .collect();
            requests.close(); // the consumer stops, and the scope joins it
            answers
        });
        let lost = answers.iter().filter(|a| a.is_none()).count();
        assert_eq!(lost, 0, "{lost} of 1000 pops gave up on an empty, open queue");
        let primes: u64 = answers.into_iter().flatten().sum();
        assert_eq!(Some(primes), known_prime_count(1000));
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
