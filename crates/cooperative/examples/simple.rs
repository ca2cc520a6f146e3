//! Chapter 2, SIMPLE: workers that say whether they are busy, and a runner
//! that hands each number to the first idle one. The hardened runner the
//! tables measure is `src/runner.rs`.
//!
//! `cargo run -p chapter-cooperative --example simple`

// ANCHOR: example
use std::thread;
use std::time::{Duration, Instant};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

#[derive(Default)]
struct Worker {
    busy: bool, // the tutorial's status: Busy or Idle
    primes: Vec<u64>,
}

impl Worker {
    fn process(&mut self, n: u64) {
        self.busy = true;
        thread::sleep(DELAY); // the forced delay
        if is_prime(n) {
            self.primes.push(n);
        }
        self.busy = false; // idle again before the runner looks
    }
}

fn main() {
    let started = Instant::now();
    let mut workers: Vec<Worker> = (0..2).map(|_| Worker::default()).collect();
    for n in 1..=100 {
        // The runner hands the number to the first idle worker. `process`
        // has returned before it looks, so that is Worker-1 every time.
        let idle = workers.iter_mut().find(|w| !w.busy);
        idle.expect("between two numbers every worker is idle").process(n);
    }
    for (i, w) in workers.iter().enumerate() {
        let primes = &w.primes;
        println!("Worker-{}: {primes:?} ({} primes)", i + 1, primes.len());
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // the delays still add up
    assert_eq!(workers[0].primes.len(), 25, "pi(100) = 25, all by Worker-1");
    assert!(workers[1].primes.is_empty(), "Worker-2 is never picked");
}
// ANCHOR_END: example
