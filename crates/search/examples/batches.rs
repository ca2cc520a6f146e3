//! Search: 1,000 needles looked up in a list (`Vec`, scanned from the front)
//! and in a `HashSet` (hashed), batches of them spread over threads. The
//! measured versions are `src/structures.rs` and `src/batches.rs`.
//!
//! `cargo run -p chapter-search --example batches`

// ANCHOR: example
use std::collections::HashSet;
use std::thread;
use std::time::Instant;

const SIZE: u64 = 1_000_000; // the collection holds 0..SIZE
const BATCHES: u64 = 4;

/// 1,000 needles from `0..=SIZE`, new ones for each batch: a xorshift
/// generator, since std has no random numbers.
fn needles(batch: u64) -> Vec<u64> {
    let mut x = 0x9E37_79B9_7F4A_7C15 ^ batch; // the seed: any number but 0
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % (SIZE + 1)
    };
    (0..1_000).map(|_| next()).collect()
}

/// The experiment's `search`: how many needles the collection holds.
fn search(needles: &[u64], holds: impl Fn(&u64) -> bool) -> usize {
    needles.iter().filter(|n| holds(n)).count()
}

fn main() {
    let list: Vec<u64> = (0..SIZE).collect();
    let set: HashSet<u64> = (0..SIZE).collect();
    let batches: Vec<Vec<u64>> = (0..BATCHES).map(needles).collect();
    let started = Instant::now();
    let in_list: usize = thread::scope(|scope| {
        let list = &list; // one thread per batch, every thread borrowing the one list
        let threads: Vec<_> = batches
            .iter()
            .map(|b| scope.spawn(move || search(b, |n| list.contains(n))))
            .collect();
        threads.into_iter().map(|t| t.join().expect("a thread panicked")).sum()
    });
    let elapsed = started.elapsed();
    println!("Vec, one thread per batch: {in_list} found in {elapsed:.1?}");
    let started = Instant::now();
    let in_set: usize = batches.iter().map(|b| search(b, |n| set.contains(n))).sum();
    let elapsed = started.elapsed();
    println!("HashSet, one thread: {in_set} found in {elapsed:.1?}");
    // An independent answer: 0..SIZE holds a number exactly when it is below SIZE.
    let below: usize = batches.iter().map(|b| search(b, |&n| n < SIZE)).sum();
    assert_eq!((in_list, in_set), (below, below), "both find what arithmetic says");
}
// ANCHOR_END: example
