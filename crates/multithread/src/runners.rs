//! The runner types, one file each, every one with the same signature: run
//! the job's workers on threads, hand back their reports, or the error
//! naming the worker that failed.
//!
//! Each file shows one way to share the numbers among threads; the thread
//! plumbing they all use (named threads, joining, the stop flag) is in
//! `team.rs`.

pub(crate) mod channels;
pub(crate) mod locked_list;
pub(crate) mod scoped;
pub(crate) mod simple;
pub(crate) mod thread_pool;
