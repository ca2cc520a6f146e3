//! The solution: a waker that unparks the thread that parked.

// ANCHOR: solution
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes the thread that runs `block_on`.
struct Unparker(Thread);

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on this thread: its output, and how many
/// times it was polled.
pub fn block_on<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unparker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return (output, polls),
            // Sleeps until `wake` unparks us. An `unpark` that came before
            // the `park` is not lost: `park` then returns at once.
            Poll::Pending => thread::park(),
        }
    }
}
// ANCHOR_END: solution
