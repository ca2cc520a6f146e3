//! The chapter binary as a reader runs it.

use concurrency_core::testing::{assert_refuses, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-fully-loaded");

#[test]
fn channels_print_the_python_values_and_a_summary() {
    let out = run_binary(BIN, &["--tasks", "2", "--mode", "channels"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The list, in task order, exactly as Python printed it.
    assert!(
        stdout.contains("[1.264911011363067e+17, 1.2649110113631182e+17]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("logical_processors = ") && stdout.contains("tasks = 2"),
        "{stdout}"
    );
    assert!(stdout.contains("2 of 2"), "{stdout}");
}

#[test]
fn json_holds_every_result() {
    let out = run_binary(BIN, &["--tasks", "3", "--json"]);
    assert!(out.status.success());
    let outcomes: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let outcomes = outcomes.as_array().expect("an array of outcomes");
    let modes: Vec<&str> = outcomes.iter().filter_map(|o| o["mode"].as_str()).collect();
    assert_eq!(
        modes,
        ["sequential", "channels", "rayon", "processes"],
        "one outcome per mode"
    );
    for outcome in outcomes {
        assert_eq!(outcome["results"].as_array().map(Vec::len), Some(3));
    }
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--tasks", "0"],
            &["--tasks", "abc"],
            &["--tasks", "100000"],
            &["--multiplier", "0"],
            &["--multiplier", "1000000"],
            &["--mode", "nonsense"],
            &["--runs", "0"],
            &["--runs", "51"],
            &["--no-such-option"],
        ],
    );
}
