//! Helpers for the chapters' integration tests, which run the real chapter
//! binaries the way a reader does and check what they print.

use std::process::{Command, Output};

/// Runs the binary at `bin` (a test gets it from `env!("CARGO_BIN_EXE_<name>")`)
/// with `args`, and returns what it did. Panics when it cannot be started:
/// in a test, that is the failure to report.
pub fn run_binary(bin: &str, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("cannot start {bin}: {err}"))
}

/// The bad inputs every chapter must refuse: zero workers, a limit that is
/// not a number, a limit of zero, an unknown mode, more workers than
/// numbers, absurd sizes, an unknown option.
pub const BAD_INPUTS: &[&[&str]] = &[
    &["--workers", "0"],
    &["--limit", "abc"],
    &["--limit", "0"],
    &["--mode", "nonsense"],
    &["--limit", "3", "--workers", "5"],
    &["--limit", "99999999999999"],
    &["--workers", "1000000"],
    &["--delay-ms", "-1"],
    &["--limit", "100000000"],
    &["--no-such-option"],
];

/// Asserts that the chapter binary at `bin` refuses every one of
/// [`BAD_INPUTS`] the way [`assert_refuses`] checks.
pub fn assert_refuses_bad_input(bin: &str) {
    assert_refuses(bin, BAD_INPUTS);
}

/// Asserts that the binary at `bin` refuses each argument list of `cases`
/// the same way: exit code 2, nothing on standard output, exactly one line
/// on standard error that starts with `error:`, and no panic.
pub fn assert_refuses(bin: &str, cases: &[&[&str]]) {
    for args in cases {
        let out = run_binary(bin, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: not one line:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
