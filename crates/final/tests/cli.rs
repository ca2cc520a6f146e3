//! The chapter binary as a reader runs it, worker processes included.

use chapter_final::FinalRow;
use concurrency_core::testing::{assert_refuses, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-final");

#[test]
fn a_small_run_prints_the_final_table_with_25_primes() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "0"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Performance boost"), "{stdout}");
    assert!(stdout.contains("25 (exact)"), "{stdout}");
}

#[test]
fn every_solution_is_exact_off_the_multiples_of_the_workers() {
    // 104 729 is the 10 000th prime and no multiple of 7: the last range
    // ends on it, and every solution must count it.
    let out = run_binary(BIN, &["--limit", "104729", "--workers", "7", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<FinalRow> = serde_json::from_slice(&out.stdout).expect("JSON rows");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert!(row.exact(), "{row:?}");
    assert_eq!(row.simple.primes, 10_000);
    // The abstract solution really ran in 7 worker processes.
    assert_eq!(row.abstract_processes.processes, 7);
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--workers", "0"],
            &["--limit", "abc"],
            &["--limit", "0"],
            &["--limit", "3", "--workers", "5"],
            &["--limit", "99999999999999"],
            &["--workers", "1000000"],
            &["--delay-ms", "50"],
            &["--limit", "100", "--max-limit", "1000"],
            &["--runs", "0"],
            &["--runs", "51"],
            &["--no-such-option"],
        ],
    );
}

#[test]
fn help_says_the_final_solution_has_no_delay_and_no_modes() {
    let out = run_binary(BIN, &["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("0 is the only value accepted"), "{help}");
    assert!(
        help.contains("[default: 10]") && help.contains("--max-limit <N>"),
        "{help}"
    );
    assert!(!help.contains("--mode <MODE>"), "{help}");
    assert!(help.contains("--runs <N>") && help.contains("[default: 3]"), "{help}");
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "50"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no forced delay"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
