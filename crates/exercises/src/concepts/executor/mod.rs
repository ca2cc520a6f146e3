//! A tiny executor: what `poll` and `Waker` do.
//!
//! Task: `block_on` runs a future to completion on the calling thread and
//! says how many times it polled it. A future that returns `Pending` has
//! kept the `Waker` from the `Context` and will call `wake` when it can
//! make progress; until then the executor should sleep (`thread::park`),
//! not poll again and again. The starter polls in a busy loop with a waker
//! that does nothing: it gets the right answer, burns a core, and polls
//! thousands of times.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::block_on;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};
    use std::thread::{self, JoinHandle};
    use std::time::Duration;

    /// A future that is ready once a thread it starts has slept 50 ms.
    struct Timer {
        /// Done, and the waker to call when it is.
        shared: Arc<Mutex<(bool, Option<Waker>)>>,
        thread: Option<JoinHandle<()>>,
    }

    impl Future for Timer {
        type Output = &'static str;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let mut state = self.shared.lock().unwrap();
            if state.0 {
                drop(state);
                if let Some(thread) = self.thread.take() {
                    thread.join().unwrap();
                }
                return Poll::Ready("rang");
            }
            state.1 = Some(cx.waker().clone()); // the latest waker is the one to wake
            drop(state);
            if self.thread.is_none() {
                let shared = Arc::clone(&self.shared);
                self.thread = Some(thread::spawn(move || {
                    thread::sleep(Duration::from_millis(50));
                    let mut state = shared.lock().unwrap();
                    state.0 = true;
                    if let Some(waker) = state.1.take() {
                        waker.wake();
                    }
                }));
            }
            Poll::Pending
        }
    }

    #[test]
    fn a_ready_future_is_polled_once() {
        assert_eq!(block_on(async { 42 }), (42, 1));
    }

    #[test]
    fn a_waiting_future_is_polled_again_only_when_woken() {
        let timer = Timer {
            shared: Arc::default(),
            thread: None,
        };
        let (output, polls) = block_on(timer);
        assert_eq!(output, "rang");
        // Two polls: Pending, then Ready after the wake. `park` may return
        // spuriously now and then, so allow a few more, not thousands.
        assert!((2..=10).contains(&polls), "{polls} polls for one wake-up");
    }
}
