//! The one-run check of the results pages (`docs/check-run.sh`), tested by
//! planting: each test writes pages naming a run into a temporary folder,
//! runs the check on that folder, and asserts what it says. A page from an
//! unknown commit, from a commit this repository does not have, from a
//! changed tree, or two pages from two runs, fail; so does a plot or CSV
//! file that names no run or another run; pages from HEAD pass.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes one page per run of `runs` and runs the check on them: whether
/// it passed, and what it printed.
fn check(name: &str, runs: &[&str]) -> (bool, String) {
    check_with(name, runs, &[])
}

/// Like [`check`], with `files` (name, text) planted beside the pages: the
/// plots and CSV files.
fn check_with(name: &str, runs: &[&str], files: &[(&str, &str)]) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("run-check-{}-{name}", std::process::id()));
    fs::create_dir_all(&dir).expect("create a temporary folder");
    for (i, run) in runs.iter().enumerate() {
        let page = format!("# Results\n\nWritten by `reproduce` in the run of `{run}`.\n");
        fs::write(dir.join(format!("page{i}.md")), page).expect("write a planted page");
    }
    for (file, text) in files {
        fs::write(dir.join(file), text).expect("write a planted file");
    }
    let output = Command::new("bash")
        .arg(workspace().join("docs/check-run.sh"))
        .arg(&dir)
        .output()
        .expect("run bash docs/check-run.sh");
    fs::remove_dir_all(&dir).expect("remove the temporary folder");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// HEAD's short hash, or `None` outside a git checkout.
fn head() -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(workspace())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

#[test]
fn a_run_from_an_unknown_commit_fails() {
    let (passed, text) = check("unknown", &["2026-12-07 19:17 UTC, commit unknown"]);
    assert!(!passed && text.contains("names no commit"), "{text}");
}

#[test]
fn a_run_from_a_commit_this_repository_lacks_fails() {
    let (passed, text) = check("foreign", &["2026-12-07 19:17 UTC, commit 0000000"]);
    assert!(!passed && text.contains("not in this repository"), "{text}");
}

#[test]
fn a_run_from_a_changed_tree_or_two_runs_fail() {
    let (passed, text) = check("dirty", &["2026-12-07 19:17 UTC, commit 0000000-dirty"]);
    assert!(!passed && text.contains("uncommitted changes"), "{text}");
    let (passed, text) = check(
        "two",
        &["2026-12-07 19:17 UTC, commit a", "2026-12-07 20:17 UTC, commit a"],
    );
    assert!(!passed && text.contains("more than one run"), "{text}");
}

#[test]
fn pages_from_head_pass() {
    let Some(head) = head() else {
        eprintln!("skipped: not a git checkout, so there is no HEAD to name");
        return;
    };
    let run = format!("2026-12-07 19:17 UTC, commit {head}");
    let (passed, text) = check_with(
        "head",
        &[&run],
        &[
            (
                "plot.svg",
                &format!("<svg height=\"9\">\n<!-- run: {run} -->\n</svg>\n"),
            ),
            ("sweep.csv", &format!("# run: {run}\nthreads,seconds\n")),
        ],
    );
    assert!(passed, "{text}");
    assert!(
        !text.contains("measured code changed"),
        "HEAD changed nothing since HEAD: {text}"
    );
}

/// A plot or CSV file that names no run, or another run than the pages,
/// fails: the pictures and the tables must come from the same run.
#[test]
fn a_plot_without_a_run_or_a_csv_from_another_run_fails() {
    let run = "2026-12-07 19:17 UTC, commit a";
    let (passed, text) = check_with("bare-svg", &[run], &[("plot.svg", "<svg height=\"9\">\n</svg>\n")]);
    assert!(!passed && text.contains("plot.svg names no run"), "{text}");
    let (passed, text) = check_with("bare-csv", &[run], &[("sweep.csv", "threads,seconds\n1,1.8\n")]);
    assert!(!passed && text.contains("sweep.csv names no run"), "{text}");
    let (passed, text) = check_with(
        "other-csv",
        &[run],
        &[("sweep.csv", "# run: 2026-12-06 08:00 UTC, commit a\nthreads,seconds\n")],
    );
    assert!(
        !passed && text.contains("more than one run") && text.contains("sweep.csv"),
        "{text}"
    );
    let (passed, text) = check_with(
        "other-svg",
        &[run],
        &[(
            "plot.svg",
            "<svg>\n<!-- run: 2026-12-06 08:00 UTC, commit a -->\n</svg>\n",
        )],
    );
    assert!(
        !passed && text.contains("more than one run") && text.contains("plot.svg"),
        "{text}"
    );
}
