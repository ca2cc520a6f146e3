//! The baselines against the Rust chapters, when `python3` is here.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

#[test]
fn the_baselines_run_when_python3_is_here() {
    let python = match Python::find() {
        Ok(python) => python,
        Err(why) => {
            // No python3 on this machine: bench-all skips it too.
            eprintln!("skipped: {why}");
            return;
        }
    };
    let sync = python.sync_primes(1_000).expect("sync_primes.py runs");
    assert_eq!(sync.verdict(), "168 (exact)");
    let fin = python.final_primes(1_009, 3).expect("final_primes.py runs");
    assert_eq!((fin.count, fin.workers), (169, 3)); // 1009 is prime: exact ends
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with `requests` and `aiohttp`, or `None` after saying
/// why not. CI has python3 and PyPI: there the environment must build.
fn python_with_packages() -> Option<Python> {
    match Python::with_packages(&workspace()) {
        Ok(python) => Some(python),
        Err(why) if std::env::var_os("CI").is_some() && Python::find().is_ok() => {
            panic!("CI has python3, so the virtual environment must build: {why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

#[test]
fn every_io_mode_downloads_what_the_rust_chapter_expects() {
    use chapter_io_bound::server::{LARGE_PAGE, SMALL_PAGE};
    use chapter_io_bound::{Faults, Plan, Server, ServerConfig};

    let Some(python) = python_with_packages() else {
        return;
    };
    // Two runs of the six modes: a clean server, then one that answers
    // some requests 500 and drops some connections (the same requests
    // every time: the fault follows the request number).
    let faulty = Faults {
        error_share: 0.2,
        drop_share: 0.1,
        ..Faults::NONE
    };
    for faults in [Faults::NONE, faulty] {
        let config = ServerConfig {
            latency: Duration::from_millis(1),
            faults,
            ..ServerConfig::default()
        };
        let server = Server::start(config, 0).expect("the chapter's server starts on 127.0.0.1");
        let plan = Plan {
            base: server.base_url(),
            paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
            repeat: 10,
            timeout: Duration::from_secs(5),
        };
        let expected = chapter_io_bound::expected_tally(&plan, server.config());
        let runs: Vec<(&str, Result<IoRun, String>)> = IO_MODES
            .iter()
            .map(|&mode| {
                let run = python.io_bound(mode, &plan.base, &plan.paths, plan.repeat, 3, plan.timeout);
                (mode, run)
            })
            .collect();
        server.shutdown();
        if faults.any() {
            assert!(expected.errors() > 0 && expected.ok > 0, "{expected:?}");
        }
        for (mode, run) in runs {
            let run = run.unwrap_or_else(|err| panic!("{mode}: {err}"));
            assert_eq!(run.mode, mode);
            assert_eq!(
                (run.requests, run.ok, run.errors, run.bytes),
                (expected.requests(), expected.ok, expected.errors(), expected.bytes),
                "{mode} with {faults:?}"
            );
            assert!(run.elapsed > 0.0, "{mode}");
        }
    }
}

#[test]
fn every_search_mode_finds_what_the_rust_chapter_finds() {
    let python = match Python::find() {
        Ok(python) => python,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    // A small collection; the needles range over twice its size, so
    // about half are found and a search that always says yes (or no)
    // cannot hit the count.
    let (seed, size, max_needle, batches) = (42, 2_000, 3_999, 4);
    let needles: Vec<Vec<u32>> = (0..batches)
        .map(|b| chapter_search::needles(seed, b, max_needle))
        .collect();
    let haystack: Vec<u32> = (0..size).collect();
    let expected = chapter_search::search_batches(&haystack, seed, max_needle, 0..batches);
    assert_eq!(
        expected,
        chapter_search::expected_total(seed, batches, size, max_needle)
    );
    for mode in SEARCH_MODES {
        for workers in [1, 3] {
            let run = python
                .search(mode, &needles, size.into(), workers)
                .unwrap_or_else(|err| panic!("{mode}: {err}"));
            assert_eq!(run.mode, mode);
            assert_eq!(
                (run.batches, run.lookups, run.found),
                (batches, 4_000, expected),
                "{mode}"
            );
        }
    }
    // More workers than batches is refused, and the needles file goes
    // all the same.
    let err = python
        .search("batches-threads", &needles, size.into(), 5)
        .expect_err("5 workers for 4 batches");
    assert!(err.contains("--workers"), "{err}");
    let prefix = format!("reproduce-needles-{}-", std::process::id());
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("the temporary folder")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
        .collect();
    assert!(left.is_empty(), "needle files left behind: {left:?}");
}

#[test]
fn unknown_modes_are_refused_before_python_runs() {
    let python = Python {
        program: "/nonexistent/python3".to_owned(),
        version: String::new(),
        interpreter: Interpreter {
            implementation: "CPython".to_owned(),
            version: "3.11.7".to_owned(),
            free_threaded: false,
            gil_enabled: true,
            stand_in: false,
        },
        scripts: workspace().join("python"),
    };
    let paths = ["/dice".to_owned()];
    let err = python
        .io_bound("fork-bomb", "http://127.0.0.1:1", &paths, 1, 1, Duration::from_secs(1))
        .expect_err("no such mode");
    assert!(err.contains("no mode"), "{err}");
    let err = python.search("bogo", &[vec![1]], 10, 1).expect_err("no such mode");
    assert!(err.contains("no mode"), "{err}");
    // A known mode with the missing interpreter is an error, not a panic.
    let err = python.search("set", &[vec![1]], 10, 1).expect_err("no interpreter");
    assert!(err.contains("cannot run search.py"), "{err}");
}
