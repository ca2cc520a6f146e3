//! The starter: busy polling with a waker that does nothing.

// ANCHOR: starter
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Runs `future` to completion on this thread: its output, and how many
/// times it was polled.
pub fn block_on<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    // A waker whose `wake` does nothing, so nothing can tell this loop
    // when to poll again; it polls at once, again and again. Make a waker
    // that unparks this thread (`std::task::Wake` on an `Arc`), and park
    // after each `Pending`.
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return (output, polls);
        }
    }
}
// ANCHOR_END: starter
