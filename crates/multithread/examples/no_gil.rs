//! Chapter 4, no GIL: the same prime checks with no sleep, on 1 thread, 2
//! threads and one thread per core. Rust threads run the checks in parallel,
//! so the time falls with each core added. The measured table is
//! `cargo run --release -p chapter-multithread -- --delay-ms 0`.
//!
//! `cargo run -p chapter-multithread --example no_gil`

// ANCHOR: example
use std::thread;
use std::time::Instant;

const LIMIT: u64 = 100_000;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The primes among thread t's share of the numbers, dealt out in blocks of
/// 1000 like cards: thread t takes blocks t, t + threads, t + 2 * threads, ...
fn count_share(t: u64, threads: u64) -> usize {
    let mine = |n: &u64| (n - 1) / 1000 % threads == t;
    (1..=LIMIT).filter(mine).filter(|&n| is_prime(n)).count()
}

/// The threads share nothing, so nothing makes one wait for another.
fn count_primes(threads: u64) -> usize {
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || count_share(t, threads)))
            .collect();
        handles.into_iter().map(|h| h.join().expect("a thread panicked")).sum()
    })
}

fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let mut plan = vec![1, 2, cores];
    plan.dedup(); // on two cores, one thread per core is the 2 already there
    let mut one_thread = None;
    for threads in plan {
        let started = Instant::now();
        assert_eq!(count_primes(threads), 9592, "pi(10^5) = 9592");
        let took = started.elapsed().as_secs_f64();
        let base = *one_thread.get_or_insert(took); // one thread: the yardstick
        println!("{threads} thread(s): {took:.3} s, x{:.2} over one", base / took);
    }
}
// ANCHOR_END: example
