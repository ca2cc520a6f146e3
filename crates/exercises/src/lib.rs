//! # Exercises, with checked solutions
//!
//! A reader practises here what the chapters measure: one exercise per
//! chapter, and one per concept the tutorial leaves out (`Send`, a guard
//! across `.await`, backpressure, `Condvar`, deadlock, Release/Acquire,
//! cancellation, `poll` and `Waker`). Each exercise is a module with the
//! same function(s) twice: in `starter` (what the book shows as the task,
//! compiled but wrong or unfinished) and in `solution` (what the book hides
//! behind a collapsed section). The tests are written once, against
//! whichever of the two the `starter` feature selects:
//!
//! ```text
//! cargo test -p exercises -- chapters::sync::                     # the solution: passes
//! cargo test -p exercises --features starter -- chapters::sync::  # the starter: fails
//! ```
//!
//! A reader edits a `starter.rs` and runs the second command until it
//! passes. CI (`.ci/run`) proves that every exercise's tests fail on the
//! starter and pass on the solution, so no exercise is checked vacuously.
//! The compile errors the book quotes (a non-`Send` value into a thread, a
//! `MutexGuard` across `.await`, a borrow into a non-scoped thread) are
//! `trybuild` tests in `tests/compile_fail/`, their `.stderr` files the
//! compiler's own words, included by the book.
//!
//! # Layout
//!
//! - [`chapters`]: one exercise per chapter crate;
//! - [`concepts`]: the concepts the tutorial leaves out, the book's page
//!   `docs/src/concepts.md`;
//! - `tests/compile_fail.rs`: the trybuild tests.

pub mod chapters;
pub mod concepts;

/// Runs `work` on a thread of its own and panics if it has not finished
/// within `limit`: a starter that deadlocks or spins fails its test in
/// bounded time instead of hanging CI. A thread that is still stuck at the
/// deadline is left behind (it cannot be joined); the test process ends
/// with it.
#[cfg(test)]
pub(crate) fn within<T: Send + 'static>(limit: std::time::Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        // The receiver is gone only if the deadline passed: nothing to tell.
        let _ = tx.send(work());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => {
            handle.join().expect("the worker thread sent its result, then panicked");
            value
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // The work panicked: re-raise its panic here.
            std::panic::resume_unwind(handle.join().expect_err("no result and no panic"))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("not finished within {limit:?}: deadlocked, or waiting for something that never comes")
        }
    }
}

/// Selects what the tests of an exercise module check: its `solution`, or
/// with the `starter` feature its `starter`.
macro_rules! answer_switch {
    () => {
        #[cfg(all(test, not(feature = "starter")))]
        use solution as answer;
        #[cfg(all(test, feature = "starter"))]
        use starter as answer;
    };
}
pub(crate) use answer_switch;
