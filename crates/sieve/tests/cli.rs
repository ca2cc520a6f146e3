//! The chapter binary as a reader runs it: bad input is one line and exit
//! code 2; a small run prints the table and the guard's line.

use concurrency_core::testing::{assert_refuses, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-sieve");

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--limit", "0"],
            &["--limit", "1e13"],
            &["--threads", "0"],
            &["--runs", "0"],
            &["--runs", "51"],
            &["--runs", "many"],
            &["--no-such-option"],
        ],
    );
}

#[test]
fn a_small_run_prints_medians_and_what_the_guard_did() {
    let out = run_binary(BIN, &["--limit", "100000", "--threads", "2", "--runs", "2"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Every count exact."), "{stdout}");
    assert!(stdout.starts_with("Medians of 2 rounds "), "{stdout}");
    assert!(stdout.contains("Guard: 1 row checked"), "{stdout}");
}
