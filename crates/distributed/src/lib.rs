//! # Beyond one machine: the prime count on an existing engine
//!
//! The tutorial ends with a process pool on one machine. When the work
//! outgrows one machine, the next step is not a home-made cluster but an
//! existing distributed engine; in Rust, timely dataflow (the engine under
//! Materialize). This chapter runs the final solution's prime count over
//! `1..=N` as a timely dataflow: each worker works out its own share of the
//! range (blocks dealt round-robin, so the dearer large numbers are spread),
//! counts it with `concurrency_core::is_prime` (or, with `--kernel sieve`,
//! the sieve chapter's segmented sieve), and the partial counts are
//! broadcast and summed. The same binary runs as one process, as several
//! processes on 127.0.0.1, or as one process per machine from a host file.
//! The finding (the book's `results/distributed.md`): in one process the
//! engine adds little to plain threads; across processes, starting and
//! connecting the members is a small fixed cost, measured apart from the
//! counting; and it recovers nothing: a lost
//! process ends the run, which a real deployment restarts from its
//! input (`--retries N` does so for the local cluster). The book's page (`docs/src/distributed.md`) has the measurements.
//!
//! Nothing hangs: timely retries a refused connection for ever and waits
//! for a silent peer for ever, so each member has two deadlines of its own.
//! `--connect-timeout` (30 s) ends a member whose cluster has not connected,
//! naming the peers that did not (exit 4): the member makes the connections
//! itself ([`connect`]) and hands them to timely; `--progress-timeout` (60 s)
//! ends a member that has its own partial counts but not some peer's,
//! naming the silent ones (a frozen process, a host cut off; exit 5). A host
//! file with a repeated address, or whose address for this member cannot be
//! bound here, is refused (exit 2) before anything starts. The test
//! `tests/namespaces.rs` (`just cluster-namespaces`, as root) runs three
//! members on network namespaces with addresses of their own.
//!
//! ```text
//! cargo run --release -p chapter-distributed -- --processes 3 --workers 2 --limit 1e9
//! cargo run --release -p chapter-distributed -- --limit 100 --primes
//! cargo run --release -p chapter-distributed -- --processes 3 --kernel sieve --limit 1e11
//! chapter-distributed --hostfile hosts.txt --process 0 --workers 4 --limit 1e10  # on each machine, its own index
//! ```
//!
//! # Layout
//!
//! - [`share`]: a worker's share of the range ([`Share`]) and the counting
//!   [`Kernel`];
//! - [`dataflow`]: the timely dataflow and one process's [`ProcessReport`];
//! - [`hostfile`]: reading and checking a host file;
//! - [`connect`]: a member's connections, made within its connect deadline;
//! - [`peer`]: one member of a cluster (its configuration, ending on a lost
//!   peer, its connect and progress deadlines);
//! - [`cluster`]: the local cluster, which starts the members, waits for
//!   them and names the one that fails;
//! - [`report`]: the table and the total's check against pi(10^k);
//! - [`cli`]: the command line.

pub mod cli;
pub mod cluster;
pub mod connect;
pub mod dataflow;
pub mod hostfile;
pub mod peer;
pub mod report;
pub mod share;

pub use cli::{Cli, run};
pub use cluster::{LocalRun, MEMBER_VAR, run_local, serve_member};
pub use dataflow::{Network, ProcessReport, Stall, run_process, run_process_on};
pub use share::{Kernel, Partial, Share};
