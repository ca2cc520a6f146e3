//! Worker processes leave nothing behind: every child is reaped, on success
//! and when a worker fails. Alone in its test binary, so the only children
//! of this process are the ones its tests start; and the tests take turns
//! ([`CENSUS`]), so one never counts the other's children.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chapter_io_bound::client::Plan;
use chapter_io_bound::server::{LARGE_PAGE, SMALL_PAGE};
use chapter_io_bound::{Check, Mode, Server, ServerConfig, Settings, Sinks, Target, run_mode};

/// The processes whose parent is this one (Linux: read from /proc).
fn children() -> Vec<u32> {
    concurrency_core::testing::children_of(std::process::id())
}

/// Held by every test that starts children or counts them: the test harness
/// runs tests on parallel threads of one process, which share its children.
static CENSUS: Mutex<()> = Mutex::new(());

fn census() -> MutexGuard<'static, ()> {
    // A failed test poisons the lock; the next may still count.
    CENSUS.lock().unwrap_or_else(PoisonError::into_inner)
}

#[test]
fn the_child_census_sees_a_child() {
    let _turn = census();
    let mut child = match std::process::Command::new("sleep").arg("10").spawn() {
        Ok(child) => child,
        Err(err) => {
            eprintln!("skipped: cannot start sleep(1) to check the census with ({err})");
            return;
        }
    };
    let seen = children().contains(&child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen, "children() must list a running child");
}

#[test]
fn every_worker_process_is_reaped_even_when_one_fails() {
    let _turn = census();
    let server = Server::start(ServerConfig::default(), 0).expect("a loopback server");
    let plan = Plan {
        base: server.base_url(),
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat: 6,
        timeout: Duration::from_secs(5),
    };
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    let settings = Settings {
        processes: 4,
        cpu_base: 10_000,
        ..Settings::new(PathBuf::from(env!("CARGO_BIN_EXE_chapter-io-bound")))
    };
    for mode in [Mode::Processes, Mode::CpuProcesses] {
        let outcome = run_mode(mode, target, &settings, &Sinks::discard()).expect("workers run");
        assert_eq!(outcome.check(), Check::Exact, "{mode:?}");
        assert_eq!(children(), Vec::<u32>::new(), "{mode:?} left children");
    }
    // A worker program that exits without answering: an error naming the
    // worker, and still no child left.
    #[cfg(unix)]
    if Path::new("/bin/true").exists() {
        let broken = Settings {
            worker_exe: PathBuf::from("/bin/true"),
            ..settings.clone()
        };
        let err = run_mode(Mode::Processes, target, &broken, &Sinks::discard()).expect_err("no reply");
        assert!(err.to_string().contains("worker process 0"), "{err}");
        assert_eq!(children(), Vec::<u32>::new(), "a failed run left children");
    } else {
        eprintln!("skipped: no /bin/true to play a worker that exits without answering");
    }
    server.shutdown();
}

/// The load test's server in a process of its own: it serves a load run
/// exactly, stops when its pipe closes with its counters, and is reaped;
/// one that is dropped instead is killed and reaped too.
#[test]
fn a_server_process_serves_stops_and_leaves_nothing() {
    use chapter_io_bound::load::{LoadClient, LoadPlan, load};
    use chapter_io_bound::server_process::{ServeJob, ServerProcess};

    let _turn = census();
    let exe = Path::new(env!("CARGO_BIN_EXE_chapter-io-bound"));
    let job = ServeJob { latency_micros: 1_000 };
    let server = ServerProcess::start(exe, job).expect("the server process starts");
    assert_eq!(children(), vec![server.pid()]);
    let plan = LoadPlan {
        url: format!("{}{SMALL_PAGE}", server.base_url()),
        requests: 300,
        in_flight: 30,
        duration_limit: Duration::from_secs(600),
        timeout: Duration::from_secs(60),
        threads: 2,
        client: LoadClient::Hyper,
    };
    let report = load(&plan).expect("the load runs");
    assert_eq!((report.tally.ok, report.tally.errors()), (300, 0), "{report:?}");
    let served = server.stop().expect("the server process stops cleanly");
    assert_eq!((served.ok, served.connections), (300, 30), "{served:?}");
    assert_eq!(children(), Vec::<u32>::new(), "a stopped server process left a child");

    let dropped = ServerProcess::start(exe, job).expect("the server process starts");
    drop(dropped);
    assert_eq!(children(), Vec::<u32>::new(), "a dropped server process left a child");
}
