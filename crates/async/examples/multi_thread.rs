//! Chapter 3, the two tokio runtimes on CPU work with nothing to await: the
//! current-thread runtime runs one task at a time, the multi-thread runtime
//! spreads them over its threads. The measured version is `src/compare.rs`.
//!
//! `cargo run -p chapter-async --example multi_thread`

// ANCHOR: example
use std::collections::HashSet;
use std::thread::{self, ThreadId};
use std::time::Instant;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinSet;

const LIMIT: u64 = 300_000; // no delay: pure CPU work
const TASKS: u64 = 4;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn count_on(runtime: Runtime, name: &str) -> usize {
    let started = Instant::now();
    let results = runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for t in 0..TASKS {
            // No `.await` inside: the task keeps its thread until it is done.
            // A blocking `std::thread::sleep` in a task holds it the same way
            // and freezes every other task of a current-thread runtime.
            tasks.spawn(async move {
                let mine = (1..=LIMIT).filter(|n| n % TASKS == t);
                (mine.filter(|&n| is_prime(n)).count(), thread::current().id())
            });
        }
        tasks.join_all().await
    });
    let threads: HashSet<ThreadId> = results.iter().map(|r| r.1).collect();
    println!("{name}: {:.2?}, tasks ran on {threads:?}", started.elapsed());
    results.iter().map(|(count, _)| count).sum()
}

fn main() {
    // What `#[tokio::main(flavor = "current_thread")]` builds, then the
    // default flavor.
    let one = Builder::new_current_thread().build().expect("a runtime");
    let many = Builder::new_multi_thread().build().expect("a runtime");
    assert_eq!(count_on(one, "current-thread"), 25_997, "pi(300000) = 25997");
    assert_eq!(count_on(many, "multi-thread"), 25_997, "pi(300000) = 25997");
}
// ANCHOR_END: example
