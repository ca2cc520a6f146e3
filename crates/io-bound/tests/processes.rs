//! Worker processes leave nothing behind: every child is reaped, on success
//! and when a worker fails. Alone in its test binary, so the only children
//! of this process are the ones the test starts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chapter_io_bound::client::Plan;
use chapter_io_bound::server::{LARGE_PAGE, SMALL_PAGE};
use chapter_io_bound::{Check, Mode, Server, ServerConfig, Settings, Sinks, Target, run_mode};

/// The processes whose parent is this one (Linux: read from /proc).
fn children() -> Vec<u32> {
    concurrency_core::testing::children_of(std::process::id())
}

#[test]
fn the_child_census_sees_a_child() {
    let Ok(mut child) = std::process::Command::new("sleep").arg("10").spawn() else {
        return; // no `sleep` on this machine: nothing to check the census with
    };
    let seen = children().contains(&child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen, "children() must list a running child");
}

#[test]
fn every_worker_process_is_reaped_even_when_one_fails() {
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
    }
    server.shutdown();
}
