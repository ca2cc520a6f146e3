//! Fully loaded: one `cpu_intensive` task per logical processor, each on its own
//! thread, the results coming back over a channel in the order the threads end,
//! as the experiment's own Rust program did. The measured version is
//! `src/modes/channels.rs` (with `cpu_intensive` in `src/cpu_intensive.rs`).
//!
//! `cargo run -p chapter-fully-loaded --example channels`

// ANCHOR: example
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

/// What the experiment's Python printed for tasks 0 to 3, multiplier 1.
const PRINTED: [f64; 4] = [
    1.264911011363067e17,
    1.2649110113631182e17,
    1.2649110113631494e17,
    1.2649110113631802e17,
];

/// The sum over `i < 10_000_000 * multiplier` of `sqrt(i³ + i² + i·n)`. The
/// polynomial is exact in `u128` (it outgrows 64 bits), as Python's `int`
/// is, then rounded once to `f64`: the same steps give the same bits.
fn cpu_intensive(n: u64, multiplier: f64) -> f64 {
    let (n, mut total) = (u128::from(n), 0.0);
    for i in 0..(10_000_000.0 * multiplier) as u128 {
        total += ((i * i * i + i * i + i * n) as f64).sqrt();
    }
    total
}

fn main() {
    // One task per logical processor.
    let tasks = thread::available_parallelism().map_or(1, |cores| cores.get());
    let started = Instant::now();
    let mut results = vec![0.0; tasks];
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for n in 0..tasks {
            let sender = sender.clone();
            scope.spawn(move || sender.send((n, cpu_intensive(n as u64, 1.0))));
        }
        drop(sender); // so the loop ends when the last clone is gone
        for (n, value) in receiver {
            println!("task {n}: {value:e}"); // in the order the threads finish
            results[n] = value;
        }
    }); // the scope joins every thread
    println!("{tasks} tasks in {:.2?}", started.elapsed());
    let checked = tasks.min(PRINTED.len());
    assert_eq!(results[..checked], PRINTED[..checked], "Python's values"); // equal, so the same bits
    // The value the Python twin checks too, with a hundredth of the work.
    assert_eq!(cpu_intensive(0, 0.01), 1264905793486.179);
}
// ANCHOR_END: example
