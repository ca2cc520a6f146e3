//! The timing lessons, latency-dominated and with loose bounds: with 50 ms
//! per answer, 100 requests take at least 5 s one after the other, and the
//! concurrent modes hide almost all of it. One test, so the modes are never
//! timed while another test competes for the two cores.

use std::path::PathBuf;
use std::time::Duration;

use chapter_io_bound::client::Plan;
use chapter_io_bound::server::{LARGE_PAGE, SMALL_PAGE};
use chapter_io_bound::{Check, Mode, Server, ServerConfig, Settings, Sinks, Target, run_mode};

const LATENCY: Duration = Duration::from_millis(50);
const REQUESTS: u32 = 100;

#[test]
fn overlapping_the_waits_is_what_makes_io_fast() {
    let config = ServerConfig {
        latency: LATENCY,
        ..ServerConfig::default()
    };
    let server = Server::start(config, 0).expect("a loopback server");
    let plan = Plan {
        base: server.base_url(),
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat: u64::from(REQUESTS / 2),
        timeout: Duration::from_secs(10),
    };
    let settings = Settings {
        // 50 threads: 2 rounds of 50 waits, about 0.1 s where sync takes
        // 5 s. The bound below (a third of sync) is 15x that or more, so a
        // busy machine cannot break it.
        threads: 50,
        ..Settings::new(PathBuf::from(env!("CARGO_BIN_EXE_chapter-io-bound")))
    };
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    let time = |mode: Mode| {
        let outcome = run_mode(mode, target, &settings, &Sinks::discard()).expect("the mode runs");
        assert_eq!(outcome.check(), Check::Exact, "{mode:?}");
        eprintln!("{mode:?}: {:?}", outcome.elapsed);
        outcome.elapsed
    };
    let serial_floor = LATENCY * REQUESTS;

    let sync = time(Mode::SyncSession);
    assert!(sync >= serial_floor, "sync-session {sync:?}");
    // Fifty threads: fifty requests wait at once, fifty times fewer rounds.
    let threads = time(Mode::Threads);
    assert!(threads * 3 < sync, "threads {threads:?} vs sync {sync:?}");
    // Every request in flight at once: about one latency in all (0.05 s;
    // the bound, a quarter of sync, is 25x that).
    let tasks = time(Mode::Async);
    assert!(tasks * 4 < sync, "async {tasks:?} vs sync {sync:?}");
    // The mistake: async tasks that block the runtime's only thread wait
    // one after the other, no faster than plain sync.
    let blocking = time(Mode::AsyncBlocking);
    assert!(blocking >= serial_floor, "async-blocking {blocking:?}");
    // The fix: the blocking calls moved to spawn_blocking's threads overlap
    // (all 100 at once: about 0.05 s, more while a busy machine starts
    // their threads; the bound, half the floor, is 2.5 s).
    let offloaded = time(Mode::AsyncSpawnBlocking);
    assert!(offloaded * 2 < serial_floor, "async-spawn-blocking {offloaded:?}");
    server.shutdown();
}
