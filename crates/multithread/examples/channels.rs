//! Chapter 4, CHANNELS (not one of the tutorial's runner types): the numbers
//! fanned out to the workers over one channel, the primes fanned back in over
//! another. The hardened runner is `src/runners/channels.rs`.
//!
//! `cargo run -p chapter-multithread --example channels`

// ANCHOR: example
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::unbounded;

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let started = Instant::now();
    let (numbers_tx, numbers_rx) = unbounded::<u64>();
    let (primes_tx, primes_rx) = unbounded::<(usize, u64)>();
    let handles: Vec<_> = (1..=2)
        .map(|worker| {
            // crossbeam's receiver can be cloned (std's cannot): each number
            // goes to exactly one worker, whichever asks first.
            let (numbers, primes) = (numbers_rx.clone(), primes_tx.clone());
            thread::spawn(move || {
                for n in numbers {
                    thread::sleep(DELAY);
                    if is_prime(n) {
                        primes.send((worker, n)).expect("main is listening");
                    }
                } // the loop ends when the channel is empty and closed
            })
        })
        .collect();
    drop(primes_tx); // keep no sender: the primes channel closes with the workers
    (1..=100).for_each(|n| numbers_tx.send(n).expect("the workers are listening"));
    drop(numbers_tx); // close the numbers channel: nothing more will come
    let mut found: [Vec<u64>; 2] = Default::default();
    for (worker, n) in primes_rx {
        found[worker - 1].push(n); // fan-in: as they arrive, from either worker
    }
    handles.into_iter().for_each(|h| h.join().expect("a worker panicked"));
    for (i, primes) in found.iter().enumerate() {
        println!("Worker-{}: {primes:?} ({} primes)", i + 1, primes.len());
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // half of 100 x 10 ms
    let mut all = found.concat();
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    assert!(all.windows(2).all(|w| w[0] < w[1]), "no prime found twice");
}
// ANCHOR_END: example
