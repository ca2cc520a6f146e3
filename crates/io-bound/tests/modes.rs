//! Every mode against the embedded server, with the chapter binary as the
//! worker program: the right pages and bytes, the faults reported exactly,
//! refused connections counted, and the load test.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chapter_io_bound::client::Plan;
use chapter_io_bound::server::{LARGE_BYTES, LARGE_PAGE, SMALL_BYTES, SMALL_PAGE};
use chapter_io_bound::{
    Check, Faults, Mode, Server, ServerConfig, Settings, Sinks, Target, Work, expected_tally, run_mode,
};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-io-bound");

fn plan(base: String, repeat: u64, timeout: Duration) -> Plan {
    Plan {
        base,
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat,
        timeout,
    }
}

fn settings() -> Settings {
    Settings {
        processes: 3,
        cpu_base: 20_000,
        cpu_count: 6,
        ..Settings::new(PathBuf::from(BIN))
    }
}

/// A `Write` whose bytes a test can read afterwards.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

#[test]
fn every_mode_fetches_every_page_and_every_byte() {
    let config = ServerConfig {
        latency: Duration::from_millis(2),
        ..ServerConfig::default()
    };
    let server = Server::start(config, 0).expect("a loopback server");
    let plan = plan(server.base_url(), 10, Duration::from_secs(5));
    let (printed, logged) = (Buffer::default(), Buffer::default());
    let sinks = Sinks {
        print: Mutex::new(Box::new(printed.clone())),
        log: Mutex::new(Box::new(logged.clone())),
    };
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    for mode in Mode::ALL {
        let outcome = run_mode(mode, target, &settings(), &sinks).expect("the mode runs");
        assert_eq!(outcome.check(), Check::Exact, "{mode:?}: {outcome:?}");
        match outcome.work {
            Work::Fetched {
                tally, server: Some(s), ..
            } => {
                // The client's count, and the server's own.
                assert_eq!(
                    (tally.ok, tally.bytes, tally.errors()),
                    (20, 10 * (LARGE_BYTES + SMALL_BYTES) as u64, 0)
                );
                assert_eq!((s.requests, s.ok, s.ok_bytes), (20, 20, tally.bytes), "{mode:?}");
                // What a session changes: connections.
                let connections = match mode {
                    Mode::SyncNoSession => Some(20),
                    Mode::SyncSession | Mode::SyncPrint | Mode::SyncLog | Mode::AsyncBlocking => Some(1),
                    Mode::Processes => Some(3),
                    Mode::AsyncLimited => Some(3),
                    _ => None,
                };
                if let Some(expected) = connections {
                    assert_eq!(s.connections, expected, "{mode:?}");
                }
            }
            Work::Computed { count, exact } => assert_eq!((count, exact), (6, 6), "{mode:?}"),
            other => panic!("{mode:?}: {other:?}"),
        }
    }
    server.shutdown();
    // sync-print printed one line per response, sync-log one record each.
    let printed = printed.text();
    assert_eq!(printed.lines().count(), 20, "{printed}");
    assert!(printed.contains("Read 12000 bytes from http://127.0.0.1:"), "{printed}");
    let logged = logged.text();
    assert_eq!(logged.lines().filter(|l| l.contains(" INFO ")).count(), 20, "{logged}");
}

#[test]
fn faults_are_reported_exactly_by_every_mode_within_the_timeout_budget() {
    let timeout = Duration::from_millis(300);
    let latency = Duration::from_millis(2);
    let config = ServerConfig {
        latency,
        faults: Faults {
            error_share: 0.15,
            slow_share: 0.1,
            drop_share: 0.15,
            // Far beyond the budget below: a mode that waited for a slow
            // answer instead of timing out could not pass, however idle
            // the machine.
            slow: Duration::from_secs(60),
        },
        ..ServerConfig::default()
    };
    let server = Server::start(config.clone(), 0).expect("a loopback server");
    let plan = plan(server.base_url(), 12, timeout);
    let expected = expected_tally(&plan, &config);
    // The plan meets every kind of fault (the faults are a pure function of
    // the request numbers, so this holds every time).
    assert!(
        expected.status > 0 && expected.timeouts > 0 && expected.connection > 0,
        "{expected:?}"
    );
    assert_eq!(expected.requests(), 24);
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    // Serial, every timeout waited for in turn, is the worst any mode should
    // take (and what sync-session does take); the bound is 10x that, so a
    // busy machine cannot break it, and still far below one slow answer.
    let serial = timeout * (expected.timeouts as u32 + 1) + Duration::from_millis(50) * 24;
    let budget = serial * 10;
    assert!(budget < config.faults.slow, "{budget:?}");
    for mode in Mode::ALL.into_iter().filter(|m| !m.is_cpu()) {
        let started = Instant::now();
        let outcome = run_mode(mode, target, &settings(), &Sinks::discard()).expect("the mode runs");
        let elapsed = started.elapsed();
        assert!(elapsed < budget, "{mode:?} took {elapsed:?} (budget {budget:?})");
        let Work::Fetched {
            tally, server: Some(s), ..
        } = outcome.work
        else {
            panic!("{mode:?}: {outcome:?}");
        };
        assert_eq!(tally, expected, "{mode:?}");
        assert_eq!(outcome.check(), Check::Exact, "{mode:?}");
        // The server saw each request once (no silent retry) and agrees on
        // every fault it served.
        assert_eq!(s.requests, 24, "{mode:?}");
        assert_eq!(
            (s.server_errors, s.slow, s.dropped, s.ok_bytes),
            (expected.status, expected.timeouts, expected.connection, expected.bytes),
            "{mode:?}"
        );
    }
    let shutting = Instant::now();
    server.shutdown();
    // Slow answers still pending do not hold the shutdown for their 60 s.
    assert!(shutting.elapsed() < Duration::from_secs(10), "{:?}", shutting.elapsed());
}

#[test]
fn refused_connections_are_counted_not_crashed_on() {
    // A port that was free a moment ago and has no listener now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let plan = plan(format!("http://127.0.0.1:{port}"), 3, Duration::from_secs(2));
    let target = Target {
        plan: &plan,
        server: None,
    };
    for mode in [
        Mode::SyncSession,
        Mode::Threads,
        Mode::Async,
        Mode::AsyncSpawnBlocking,
        Mode::Processes,
    ] {
        let started = Instant::now();
        let outcome = run_mode(mode, target, &settings(), &Sinks::discard()).expect("the mode runs");
        // A refusal is immediate (milliseconds, a process start-up for
        // Processes); 10 s is a hang detector, not a speed test.
        assert!(started.elapsed() < Duration::from_secs(10), "{mode:?}");
        let Work::Fetched {
            tally, expected: None, ..
        } = outcome.work
        else {
            panic!("{mode:?}: {outcome:?}");
        };
        assert_eq!(
            (tally.ok, tally.connection, tally.requests()),
            (0, 6, 6),
            "{mode:?}: {tally:?}"
        );
        assert_eq!(outcome.check(), Check::Unchecked);
    }
}

#[test]
fn load_test_ten_thousand_requests_a_thousand_in_flight_no_errors() {
    let config = ServerConfig {
        latency: Duration::from_millis(5),
        ..ServerConfig::default()
    };
    let server = Server::start(config, 0).expect("a loopback server");
    let plan = plan(server.base_url(), 5_000, Duration::from_secs(20));
    assert_eq!(plan.requests(), 10_000);
    let settings = Settings {
        at_once: 1_000,
        ..settings()
    };
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    let outcome = run_mode(Mode::AsyncLimited, target, &settings, &Sinks::discard()).expect("the mode runs");
    let Work::Fetched {
        tally, server: Some(s), ..
    } = outcome.work
    else {
        panic!("{outcome:?}");
    };
    assert_eq!((tally.ok, tally.errors()), (10_000, 0), "{tally:?}");
    assert_eq!(s.ok_bytes, 5_000 * (LARGE_BYTES + SMALL_BYTES) as u64);
    // At most a thousand connections: the semaphore's permits.
    assert!(s.connections <= 1_000, "{}", s.connections);
    assert!(outcome.elapsed < Duration::from_secs(60), "{:?}", outcome.elapsed);
    server.shutdown();
}
