//! The starter: an unbounded channel.
#![allow(unused_variables)]

// ANCHOR: starter
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// What the consumer received, and the most items ever in flight.
#[derive(Debug)]
pub struct Report {
    /// The items in the order the consumer received them.
    pub received: Vec<u64>,
    /// The most items sent but not yet received, as the producer saw it.
    pub most_waiting: usize,
}

/// Sends `0..items` from a producer to a consumer that sleeps
/// `consume_delay` per item; at most `capacity` items should wait.
pub fn pipeline(items: u64, capacity: usize, consume_delay: Duration) -> Report {
    let (tx, rx) = mpsc::channel(); // unbounded: `capacity` is ignored
    let (sent, taken) = (AtomicUsize::new(0), AtomicUsize::new(0));
    thread::scope(|s| {
        let producer = s.spawn(|| {
            let mut most_waiting = 0;
            for item in 0..items {
                tx.send(item).expect("the consumer hung up");
                let waiting = sent.fetch_add(1, Ordering::SeqCst) + 1 - taken.load(Ordering::SeqCst);
                most_waiting = most_waiting.max(waiting);
            }
            drop(tx); // the consumer's loop ends when the channel is empty
            most_waiting
        });
        let received: Vec<u64> = rx
            .iter()
            .inspect(|_| {
                taken.fetch_add(1, Ordering::SeqCst);
                thread::sleep(consume_delay);
            })
            .collect();
        let most_waiting = producer.join().expect("the producer panicked");
        Report { received, most_waiting }
    })
}
// ANCHOR_END: starter
