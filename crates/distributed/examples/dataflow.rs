//! Beyond one machine, in miniature: a timely dataflow in which every worker
//! counts its own share of the numbers and every worker receives every count.
//! The hardened version the tables measure is `src/dataflow.rs`.
//!
//! `cargo run -p chapter-distributed --example dataflow -- -w 2` (two workers;
//! timely's `-n`, `-p` and `-h` make the same program several processes)

// ANCHOR: example
use std::cell::Cell;
use std::rc::Rc;
use timely::dataflow::operators::vec::{Broadcast, Map, ToStream};
use timely::dataflow::operators::{Inspect, Probe};

const LIMIT: u64 = 10_000;
const BLOCK: u64 = 30; // numbers are dealt to the workers in blocks, round-robin

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    if args.len() == 1 {
        // No options, as `cargo test` runs it: two workers in this process.
        args.extend(["-w".into(), "2".into()]);
    }
    let guards = timely::execute_from_args(args.into_iter(), |worker| {
        let (index, peers) = (worker.index(), worker.peers() as u64);
        let total = Rc::new(Cell::new(0));
        let sum = Rc::clone(&total);
        let probe = worker.dataflow::<(), _, _>(|scope| {
            // One record per worker: its index, from which it works out its own share.
            Some(index as u64)
                .to_stream(scope)
                .map(move |i| {
                    (1..=LIMIT)
                        .filter(|n| (n - 1) / BLOCK % peers == i && is_prime(*n))
                        .count()
                })
                .inspect(move |count| println!("Worker-{}: {count} primes", index + 1))
                .broadcast() // every worker, in every process, gets every count
                .inspect(move |count| sum.set(sum.get() + count))
                .probe()
                .0
        });
        // Progress tracking: the probe is done once no more counts can arrive.
        worker.step_while(|| !probe.done());
        total.get()
    });
    for total in guards.expect("timely could not start").join() {
        let total = total.expect("a worker failed");
        assert_eq!(total, 1229, "pi(10^4) = 1229: each number counted once");
    }
    println!("every worker's sum of every count: pi({LIMIT}) = 1229");
}
// ANCHOR_END: example
