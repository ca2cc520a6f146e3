//! Chapter 5, SIMPLE: one child process per worker, each given its own chunk
//! of the numbers down its standard input, its primes read back from its
//! standard output. The hardened runner the tables measure is
//! `src/runner.rs` (with `src/schedule.rs` and `src/worker.rs`).
//!
//! `cargo run -p chapter-multiprocess --example simple`

// ANCHOR: example
use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, thread};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The child: a number per line in, each prime found on a line out.
fn worker() -> io::Result<()> {
    for line in io::stdin().lines() {
        let n: u64 = line?.parse().expect("the parent sends numbers");
        thread::sleep(DELAY);
        if is_prime(n) {
            println!("{n}");
        }
    }
    Ok(()) // our stdin closed: the parent has no more numbers
}

fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some("worker") {
        return worker(); // this copy of the program was started as a worker
    }
    let started = Instant::now();
    let mut children = Vec::new();
    for (first, last) in [(1, 34), (35, 68), (69, 100)] {
        let mut child = Command::new(env::current_exe()?)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let mut to_child = child.stdin.take().expect("piped");
        for n in first..=last {
            writeln!(to_child, "{n}")?;
        }
        children.push((child.id(), child)); // `to_child` is dropped: its input ends
    }
    let mut all = Vec::new();
    for (i, (pid, child)) in children.into_iter().enumerate() {
        let output = child.wait_with_output()?; // read all its stdout, then wait
        let text = String::from_utf8_lossy(&output.stdout);
        let primes: Vec<u64> = text.lines().flat_map(str::parse).collect();
        println!("Worker-{} (pid {pid}): {primes:?} ({} primes)", i + 1, primes.len());
        assert!(output.status.success(), "Worker-{} failed", i + 1);
        all.extend(primes);
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // the three run at once
    assert_eq!(all.len(), 25, "pi(100) = 25");
    assert!(all.is_sorted_by(|a, b| a < b), "in order, no prime twice");
    Ok(())
}
// ANCHOR_END: example
