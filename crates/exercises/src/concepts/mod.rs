//! The concepts the tutorial leaves out, one exercise each; the book's page
//! is `docs/src/concepts.md`. Check one with
//! `cargo test -p exercises -- concepts::<name>::`.

pub mod backpressure;
pub mod cancel;
pub mod condvar;
pub mod deadlock;
pub mod executor;
pub mod guard_await;
pub mod publish;
pub mod send;
