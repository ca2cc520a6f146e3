//! The starter: `Rc` in `thread::spawn` does not compile, so this one does
//! no work yet.
#![allow(unused_variables, unused_imports)]

// ANCHOR: starter
use std::sync::Arc;
use std::thread;

/// Sums `values` on `threads` threads that share the vector.
pub fn sum_on_threads(values: Vec<u64>, threads: usize) -> u64 {
    // The first try: `let shared = std::rc::Rc::new(values);`, a clone of
    // it moved into each `thread::spawn`... and the compiler says no.
    // Share the vector so that it can cross threads, spawn the threads,
    // join them all and add up their sums.
    0
}
// ANCHOR_END: starter
