//! One exercise per chapter crate; each chapter's book page ends with it.
//! Check one with `cargo test -p exercises -- chapters::<name>::`.

pub mod asynchronous;
pub mod comparison;
pub mod cooperative;
pub mod distributed;
pub mod final_solution;
pub mod fully_loaded;
pub mod io_bound;
pub mod multiprocess;
pub mod multithread;
pub mod python;
pub mod search;
pub mod sieve;
pub mod sync;
