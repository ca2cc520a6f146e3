//! Chapter 6, the third of the best three: CHUNKS_IN_POOL, one worker process
//! per chunk of the numbers, with no forced delay. The workers are copies of
//! this program started with the argument `worker`. The hardened runner the
//! tables measure is chapter 5's, raced in `src/model.rs`.
//!
//! `cargo run -p chapter-comparison --example chunks_in_pool`

// ANCHOR: example
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

const LIMIT: u64 = 100_000;
const WORKERS: u64 = 10;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        // A worker: read "first last" from the pipe, write how many primes back.
        let line = std::io::read_to_string(std::io::stdin())?;
        let (first, last) = line.trim().split_once(' ').ok_or("expected two numbers")?;
        println!("{}", (first.parse()?..=last.parse()?).filter(|&n| is_prime(n)).count());
        return Ok(());
    }
    let started = Instant::now();
    let mut children = Vec::new();
    for w in 0..WORKERS {
        // Exact chunks: together they hold every number of 1..=LIMIT once.
        let (first, last) = (w * LIMIT / WORKERS + 1, (w + 1) * LIMIT / WORKERS);
        let mut worker = Command::new(std::env::current_exe()?);
        let mut child = worker
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        // Send the range; the pipe closes as this statement ends.
        writeln!(child.stdin.take().ok_or("no pipe")?, "{first} {last}")?;
        children.push(child);
    }
    let mut primes = 0;
    for child in children {
        let output = child.wait_with_output()?; // waits until the process has ended
        primes += String::from_utf8(output.stdout)?.trim().parse::<u64>()?;
    }
    println!("CHUNKS_IN_POOL: {primes} primes in {:.1?}", started.elapsed());
    assert_eq!(primes, 9592, "pi(10^5) = 9592: the chunks hold every number once");
    Ok(())
}
// ANCHOR_END: example
