//! Chapter 5, PROCESS_POOL and CHUNKS_IN_POOL: a pool of three worker
//! processes, started once and fed tasks over pipes, each worker taking the
//! next task when it is free. The two runner types are the same pool given
//! tasks of different sizes, so this one example runs both on the one pool:
//! first a task per number (PROCESS_POOL), then one chunk per task
//! (CHUNKS_IN_POOL). The same process ids answer both. The hardened runner
//! the tables measure is `src/runner.rs` (with `src/schedule.rs`).
//!
//! `cargo run -p chapter-multiprocess --example process_pool`

// ANCHOR: example
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use std::{env, thread};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);
type Task = (u64, u64); // the numbers first..=last

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The child: a task `first last` per line in, the task's primes on one line out.
fn worker() -> io::Result<()> {
    for line in io::stdin().lines() {
        let task: Vec<u64> = line?.split(' ').flat_map(str::parse).collect();
        let mut primes = String::new();
        for n in task[0]..=task[1] {
            thread::sleep(DELAY);
            if is_prime(n) {
                primes += &format!("{n} ");
            }
        }
        println!("{primes}");
    }
    Ok(())
}

/// A parent thread per worker process sends it the next task as soon as its
/// answer to the last one is in, until no task is left.
fn talk(child: &mut Child, tasks: &[Task], next: &AtomicUsize) -> io::Result<Vec<u64>> {
    let to_child = child.stdin.as_mut().expect("piped");
    let mut answers = BufReader::new(child.stdout.as_mut().expect("piped")).lines();
    let mut primes = Vec::new();
    while let Some((first, last)) = tasks.get(next.fetch_add(1, Ordering::Relaxed)) {
        writeln!(to_child, "{first} {last}")?;
        let answer = answers.next().transpose()?.unwrap_or_default();
        primes.extend(answer.split_whitespace().flat_map(str::parse::<u64>));
    }
    Ok(primes)
}

fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some("worker") {
        return worker(); // this copy of the program was started as a worker
    }
    let mut pool = Vec::new(); // started once, used for both lists of tasks
    for _ in 0..3 {
        let child = Command::new(env::current_exe()?)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        pool.push(child);
    }
    // PROCESS_POOL gives the pool a task per number, CHUNKS_IN_POOL a task per chunk.
    let numbers: Vec<Task> = (1..=100).map(|n| (n, n)).collect();
    let chunks = vec![(1, 34), (35, 68), (69, 100)];
    for (name, tasks) in [("PROCESS_POOL", numbers), ("CHUNKS_IN_POOL", chunks)] {
        let (started, next, tasks) = (Instant::now(), &AtomicUsize::new(0), &tasks);
        let found = thread::scope(|scope| {
            let talkers: Vec<_> = pool
                .iter_mut()
                .map(|c| scope.spawn(move || talk(c, tasks, next)))
                .collect();
            talkers
                .into_iter()
                .map(|t| t.join().expect("a thread panicked"))
                .collect::<io::Result<Vec<_>>>()
        })?;
        println!("{name}: {} tasks, {:.2?}", tasks.len(), started.elapsed());
        for (i, (child, primes)) in pool.iter().zip(&found).enumerate() {
            println!("  Worker-{} (pid {}): {primes:?}", i + 1, child.id());
        }
        let mut all = found.concat();
        assert_eq!(all.len(), 25, "pi(100) = 25");
        all.sort_unstable();
        assert!(all.windows(2).all(|w| w[0] < w[1]), "no prime found twice");
    }
    for mut child in pool {
        drop(child.stdin.take()); // its input ends, so does its loop
        assert!(child.wait()?.success(), "a worker failed");
    }
    Ok(())
}
// ANCHOR_END: example
