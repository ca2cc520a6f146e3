//! The chapter binary as a reader runs it.

use concurrency_core::testing::{assert_refuses, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-io-bound");

/// The CI smoke run: every mode, small and fast.
const SMOKE: &[&str] = &[
    "--latency-ms",
    "1",
    "--repeat",
    "10",
    "--cpu-base",
    "10000",
    "--processes",
    "2",
];

#[test]
fn the_default_table_has_every_mode_and_all_are_exact() {
    let dir = std::env::temp_dir().join(format!("io-bound-cli-{}", std::process::id()));
    let results = dir.join("io-bound.md");
    let results_arg = results.to_string_lossy().into_owned();
    let mut args = SMOKE.to_vec();
    args.extend(["--results", &results_arg]);
    let out = run_binary(BIN, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("13 of 13 modes exact"), "{stdout}");
    for mode in ["sync-no-session", "async-spawn-blocking", "processes", "cpu-rayon"] {
        assert!(stdout.contains(&format!("| {mode} ")), "{mode}: {stdout}");
    }
    assert!(stdout.contains("20 of 20"), "{stdout}");
    // sync-print's lines on stdout, sync-log's records on stderr.
    assert_eq!(stdout.lines().filter(|l| l.starts_with("Read ")).count(), 20);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().filter(|l| l.contains(" INFO ")).count(), 20, "{stderr}");
    let written = std::fs::read_to_string(&results).expect("the results file");
    assert!(
        written.contains("13 of 13 modes exact") && written.contains("| Mode"),
        "{written}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_holds_every_outcome_and_faults_are_counted() {
    let out = run_binary(
        BIN,
        &[
            "--latency-ms",
            "1",
            "--repeat",
            "10",
            "--mode",
            "async,threads",
            "--json",
            "--error-share",
            "0.2",
            "--drop-share",
            "0.2",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let outcomes: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let outcomes = outcomes.as_array().expect("an array");
    assert_eq!(outcomes.len(), 2);
    for outcome in outcomes {
        let tally = &outcome["work"]["fetched"]["tally"];
        assert_eq!(tally, &outcome["work"]["fetched"]["expected"], "{outcome}");
        assert!(
            tally["status"].as_u64() > Some(0) && tally["connection"].as_u64() > Some(0),
            "{tally}"
        );
    }
}

#[test]
fn the_sweep_writes_its_csv_and_plot() {
    let dir = std::env::temp_dir().join(format!("io-bound-sweep-cli-{}", std::process::id()));
    let (csv, svg) = (dir.join("sweep.csv"), dir.join("sweep.svg"));
    let (csv_arg, svg_arg) = (csv.to_string_lossy().into_owned(), svg.to_string_lossy().into_owned());
    let out = run_binary(
        BIN,
        &[
            "sweep",
            "--max-threads",
            "4",
            "--latency-ms",
            "2",
            "--repeat",
            "8",
            "--csv",
            &csv_arg,
            "--plot",
            &svg_arg,
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("best: "), "{stdout}");
    let table = std::fs::read_to_string(&csv).expect("the CSV");
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.first(), Some(&"threads,seconds,pages,errors"));
    assert_eq!(rows.len(), 1 + 4, "{table}"); // 1, 2, 3, 4 threads
    assert!(rows[1..].iter().all(|r| r.ends_with(",16,0")), "{table}");
    assert!(std::fs::read_to_string(&svg).expect("the SVG").contains("<svg"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_runs_alone_and_stops_by_itself() {
    let out = run_binary(BIN, &["serve", "--seconds", "1"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("serving /jython (12000 bytes) and /dice (300 bytes) on http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains("served 0 requests"), "{stdout}");
}

#[test]
fn a_run_in_which_every_request_failed_exits_1_with_one_line() {
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port");
    let url = format!("http://127.0.0.1:{port}");
    let out = run_binary(BIN, &["--url", &url, "--mode", "sync-session", "--repeat", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(&format!("every request to {url} failed in sync-session")),
        "{stderr}"
    );
}

#[test]
fn load_against_serve_counts_its_requests_and_says_the_rate() {
    let server =
        chapter_io_bound::Server::start(chapter_io_bound::ServerConfig::default(), 0).expect("a loopback server");
    let url = server.base_url();
    let out = run_binary(BIN, &["load", "--url", &url, "--requests", "300", "--in-flight", "30"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("load: 300 requests to {url}/dice, 30 in flight")),
        "{stdout}"
    );
    assert!(stdout.contains("300 requests, errors 0, "), "{stdout}");
    assert!(
        stdout.contains(" requests/s; latency median ") && stdout.contains(" ms, p99 "),
        "{stdout}"
    );
    assert_eq!(server.stats().ok, 300);
    server.shutdown();
}

#[test]
fn a_load_on_which_every_request_failed_exits_1_with_one_line() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port");
    let url = format!("http://127.0.0.1:{port}");
    let out = run_binary(BIN, &["load", "--url", &url, "--requests", "5", "--in-flight", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("every request to"), "{stderr}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--threads", "0"],
            &["--threads", "abc"],
            &["--repeat", "0"],
            &["--timeout-ms", "0"],
            &["--at-once", "0"],
            &["--processes", "1000"],
            &["--error-share", "1.5"],
            &["--slow-share", "-0.1"],
            &["--error-share", "0.6", "--drop-share", "0.6"],
            &["--mode", "nonsense"],
            &["--path", "jython"],
            // Refused before any connection is attempted.
            &["--url", "https://example.com"],
            &["--url", "http://127.0.0.1:9", "--latency-ms", "5"],
            &["--url", "http://127.0.0.1:99999", "--mode", "sync-session"],
            &["--url", "http://127.0.0.1:abc", "--mode", "sync-session"],
            &["--url", "http://", "--mode", "sync-session"],
            &["--url", "http://127.0.0.1:8080/a b", "--mode", "sync-session"],
            &["--url", "http://127.0.0.1:8080/?n=1", "--mode", "sync-session"],
            &["sweep", "--max-threads", "0"],
            &["serve", "--port", "70000"],
            &["serve", "--seconds", "0"],
            &["load"],
            &["load", "--url", "http://127.0.0.1:99999"],
            &["load", "--url", "http://127.0.0.1:8080", "--in-flight", "0"],
            &["load", "--url", "http://127.0.0.1:8080", "--requests", "0"],
            &["load", "--url", "http://127.0.0.1:8080", "--duration-limit", "0"],
            &["load", "--url", "http://127.0.0.1:8080", "--path", "dice"],
            &["load", "--url", "http://127.0.0.1:8080", "--client", "curl"],
            &["run", "--no-such-option"],
            &["--no-such-option"],
        ],
    );
}
