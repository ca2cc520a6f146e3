//! Exit codes that tell the truth and messages that help: a load run with
//! errors fails and says how many of which kind; a file that cannot be
//! written is named; `serve` prints what it served on `SIGTERM` as on
//! `SIGINT`.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use chapter_io_bound::{Faults, Server, ServerConfig};
use concurrency_core::testing::run_binary;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-io-bound");

/// A server that answers every request with a 500.
fn failing_server() -> Server {
    let config = ServerConfig {
        faults: Faults {
            error_share: 1.0,
            ..Faults::NONE
        },
        ..ServerConfig::default()
    };
    Server::start(config, 0).expect("a loopback server")
}

#[test]
fn a_load_with_errors_exits_1_and_says_how_many_of_which_kind() {
    let server = failing_server();
    let url = server.base_url();
    // One page that exists and answers: the errors are the server's 500s.
    let out = run_binary(BIN, &["load", "--url", &url, "--requests", "20", "--in-flight", "4"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("every request to") && stderr.contains("20: 20 status"),
        "{stderr}"
    );
    server.shutdown();
}

#[test]
fn a_load_with_some_errors_fails_past_max_errors_only() {
    let config = ServerConfig {
        faults: Faults {
            error_share: 0.5,
            ..Faults::NONE
        },
        ..ServerConfig::default()
    };
    let server = Server::start(config, 0).expect("a loopback server");
    let url = server.base_url();
    let args = ["load", "--url", &url, "--requests", "200", "--in-flight", "4"];
    let out = run_binary(BIN, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .expect("an error line");
    assert!(
        line.contains(" of 200 requests to ") && line.contains(" status), more than --max-errors 0 allows"),
        "{line}"
    );
    let out = run_binary(BIN, &[&args[..], &["--max-errors", "200"]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: ") && stderr.contains("within --max-errors 200"),
        "{stderr}"
    );
    server.shutdown();
}

#[test]
fn a_csv_that_cannot_be_written_is_named() {
    let dir = std::env::temp_dir().join(format!("io-bound-messages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let file = dir.join("file");
    std::fs::write(&file, "not a folder").expect("a file");
    let csv = file.join("x.csv");
    let csv = csv.to_str().expect("a UTF-8 path");
    let args = [
        "sweep",
        "--max-threads",
        "1",
        "--repeat",
        "1",
        "--latency-ms",
        "0",
        "--csv",
        csv,
    ];
    let out = run_binary(BIN, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let named = format!("error: cannot create the folder {}: ", file.display());
    assert!(stderr.contains(&named), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn serve_prints_what_it_served_on_sigterm_and_on_sigint() {
    for signal in ["TERM", "INT"] {
        let mut serve = Command::new(BIN)
            .args(["serve", "--seconds", "600"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut out = BufReader::new(serve.stdout.take().expect("a pipe"));
        let mut first = String::new();
        out.read_line(&mut first).expect("the serving line");
        assert!(first.starts_with("serving "), "{first}");
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(serve.id().to_string())
            .status();
        assert!(sent.is_ok_and(|s| s.success()));
        let mut rest = String::new();
        out.read_to_string(&mut rest).expect("the rest");
        let status = serve.wait().expect("serve ends");
        assert!(status.success(), "SIG{signal}: {status:?} {rest}");
        assert!(rest.contains(&format!("SIG{signal}: stopping")), "{rest}");
        assert!(rest.contains("served 0 requests on 0 connections"), "{rest}");
    }
}
