//! Thousands of requests at once against the embedded server, client and
//! server in one process: every one answered, none failed. Before the
//! file-descriptor budget (`fds`), 10,000 at once ran out of descriptors
//! (the client's `socket()` and the server's `accept()` failed with
//! `EMFILE`) and a few of them failed; this keeps it from coming back
//! silently.
//!
//! 4,000 at once take about a second in a debug build and run every time;
//! the 10,000 take a few, and run with
//! `cargo test -p chapter-io-bound -- --ignored` (or in a release build:
//! `cargo run --release -p chapter-io-bound -- --repeat 5000 --mode async`).

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chapter_io_bound::client::Plan;
use chapter_io_bound::fds::{self, FdBudget};
use chapter_io_bound::server::{LARGE_BYTES, LARGE_PAGE, SMALL_BYTES, SMALL_PAGE};
use chapter_io_bound::{Check, Mode, Server, ServerConfig, Settings, Sinks, Target, Work, run_mode};

/// 2 x 2,000 requests at once: 8,000 descriptors with the server's ends,
/// more than many systems' soft limit of 1,024 or 4,096, which is the point.
#[test]
fn four_thousand_at_once_against_the_embedded_server_all_answered() {
    all_answered_at_once(2_000);
}

/// The 10,000 at once: about 20,000 descriptors.
#[test]
#[ignore = "a few seconds in a debug build: run with --ignored"]
fn ten_thousand_at_once_against_the_embedded_server_all_answered() {
    all_answered_at_once(5_000);
}

/// One run at a time: the descriptor budget is the whole process's, and two
/// tests running side by side would each count on all of it.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `2 x repeat` requests in the `async` mode, every one at once (as many as
/// the descriptors allow), against the embedded server: all answered.
fn all_answered_at_once(repeat: u64) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let limit = fds::raise_limit().expect("the file-descriptor limit can be read");
    let server = Server::start(ServerConfig::default(), 0).expect("a loopback server");
    let plan = Plan {
        base: server.base_url(),
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat,
        // The subject is descriptors and the accept queue, not speed: a
        // timeout no busy machine reaches, so a failure here is a real one.
        timeout: Duration::from_secs(120),
    };
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    let settings = Settings::new(PathBuf::from("/nonexistent"));
    let outcome = run_mode(Mode::Async, target, &settings, &Sinks::discard()).expect("the mode runs");
    let Work::Fetched {
        tally, server: Some(s), ..
    } = &outcome.work
    else {
        panic!("{outcome:?}");
    };
    assert_eq!((tally.ok, tally.errors()), (2 * repeat, 0), "{tally:?} under {limit:?}");
    assert_eq!(s.ok_bytes, repeat * (LARGE_BYTES + SMALL_BYTES) as u64);
    assert_eq!(outcome.check(), Check::Exact);
    // Every request had a connection of its own (no pool in `async`),
    // unless the descriptors could not hold them all at once.
    let budget = FdBudget::new(limit.soft, true);
    if budget.max_in_flight() >= 2 * repeat {
        assert_eq!(s.connections, 2 * repeat);
    }
    server.shutdown();
}
