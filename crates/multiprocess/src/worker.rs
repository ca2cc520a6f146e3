//! The worker role: what a copy of the binary is when the parent starts it
//! as a worker process.
//!
//! # Making a binary able to serve as a worker
//!
//! The runners of this crate start workers by running an executable (by
//! default the current one, [`std::env::current_exe`]) in the role
//! [`PrimeWorker`]: the environment variable
//! [`ROLE_VAR`](concurrency_process::ROLE_VAR) names the role, and the
//! first frame on the worker's standard input is its
//! [`WorkerJob`]: its number and its fault plan, if any. That
//! executable must recognise the role before it does anything else, so
//! **every binary that uses these runners serves [`ROLES`] first thing in
//! `main`**:
//!
//! ```no_run
//! fn main() {
//!     // Returns at once in the parent; in a worker process it serves the
//!     // parent's requests and exits, never returning.
//!     concurrency_process::serve_roles(&[chapter_multiprocess::ROLES]);
//!     // ... the program itself: parse options, run the runners ...
//! }
//! ```
//!
//! This is Python's `if __name__ == "__main__":` guard turned around: with
//! the *spawn* start method, Python starts a fresh interpreter that imports
//! the main module, and the guard keeps the children from running the
//! program again. Here the child runs the same `main`, and `serve_roles`
//! is where it turns off into the worker's loop ([`crate::serve`]). The
//! mechanism is the [`concurrency_process`] crate's, shared by every chapter
//! that starts processes; what is this chapter's is the role itself.
// The example's point is where the call goes: first thing in `main`.
#![allow(clippy::needless_doctest_main)]

use std::io;

use concurrency_process::{Channel, Role, RoleEntry, role};

use crate::protocol::{Reply, WorkerJob};

#[cfg(doc)]
use crate::protocol::Request;

// ANCHOR: role
/// The role of every worker process this crate's runners start: a copy of
/// the program that checks numbers for its parent. The job says which
/// worker it is (`number: 2` makes it `Worker-2`) and whether it is to fail
/// on purpose; after it, requests ([`Request`]) come in and replies
/// ([`Reply`]) go out until the parent closes the pipe.
#[derive(Debug)]
pub struct PrimeWorker;

impl Role for PrimeWorker {
    const NAME: &'static str = "multiprocess-worker";
    type Job = WorkerJob;
    type Reply = Reply;

    fn serve(job: WorkerJob, channel: &mut Channel<'_, Reply>) -> io::Result<()> {
        crate::serve::serve(job, channel)
    }
}

/// The roles a binary that uses this crate's runners must serve: pass them
/// to [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<PrimeWorker>()];
// ANCHOR_END: role
