//! Chapter 5, SHARED: three worker processes take the numbers one at a time
//! from a queue the parent serves: a number down a worker's pipe, its answer
//! back, then the next. The hardened runner the tables measure is
//! `src/runner.rs` (with `src/schedule.rs` and `src/worker.rs`).
//!
//! `cargo run -p chapter-multiprocess --example shared`

// ANCHOR: example
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use std::{env, thread};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The child: for every number it reads, one line back, `true` or `false`.
fn worker() -> io::Result<()> {
    for line in io::stdin().lines() {
        let n: u64 = line?.parse().expect("the parent sends numbers");
        thread::sleep(DELAY);
        println!("{}", is_prime(n)); // Rust's stdout sends each line at once
    }
    Ok(()) // our stdin closed: the parent has no more numbers
}

/// A parent thread per worker process: take a number from the queue, send
/// it, wait for the answer; when the queue is empty, close the pipe and wait.
fn serve(queue: &AtomicU64) -> io::Result<(u32, Vec<u64>)> {
    let mut child = Command::new(env::current_exe()?)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut to_child = child.stdin.take().expect("piped");
    let mut answers = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut primes = Vec::new();
    // Take the next number from the queue while it is still in 1..=100.
    while let n @ 1..=100 = queue.fetch_add(1, Ordering::Relaxed) {
        writeln!(to_child, "{n}")?; // a round trip per number: SHARED's price
        if answers.next().transpose()?.as_deref() == Some("true") {
            primes.push(n);
        }
    }
    drop(to_child);
    assert!(child.wait()?.success(), "a worker failed");
    Ok((child.id(), primes))
}

fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some("worker") {
        return worker(); // this copy of the program was started as a worker
    }
    let started = Instant::now();
    let queue = &AtomicU64::new(1); // the parent's queue: the next number
    let found: Vec<_> = thread::scope(|scope| {
        let talkers: Vec<_> = (0..3).map(|_| scope.spawn(|| serve(queue))).collect();
        talkers.into_iter().map(|t| t.join()).collect()
    });
    let mut all = Vec::new();
    for (i, talked) in found.into_iter().enumerate() {
        let (pid, primes) = talked.expect("a thread panicked")?;
        println!("Worker-{} (pid {pid}): {primes:?} ({} primes)", i + 1, primes.len());
        all.extend(primes);
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // 100 x 10 ms over three
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    assert!(all.windows(2).all(|w| w[0] < w[1]), "no prime found twice");
    Ok(())
}
// ANCHOR_END: example
