//! The figure check of the book (`docs/check-figures.sh`), tested by planting.
//!
//! `reproduce` writes the results pages; the check makes sure that every
//! measured figure in the chapters, the README and the crate docs comes from
//! one of them or from the Python tutorials. Each test writes a small page
//! to a temporary folder, runs the check on it alone, and asserts what the
//! check says: a planted figure fails with its file and line named; a
//! credited figure, a named results page, a parameter and a code block pass.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the check printed, and whether it passed.
struct Verdict {
    passed: bool,
    output: String,
}

/// Writes `text` as `name` in a fresh folder and runs the check on it.
fn check(name: &str, text: &str) -> Verdict {
    check_with(name, text, &[])
}

/// Like [`check`], with `files` (path, text) planted next to the page
/// first: the results pages its sentences name.
fn check_with(name: &str, text: &str, files: &[(&str, &str)]) -> Verdict {
    let dir = std::env::temp_dir().join(format!(
        "figure-check-{}-{}",
        std::process::id(),
        name.replace('.', "-")
    ));
    fs::create_dir_all(dir.join("results")).expect("create a temporary folder");
    for (path, text) in files {
        fs::write(dir.join(path), text).expect("write a planted results page");
    }
    let page = dir.join(name);
    fs::write(&page, text).expect("write the planted page");
    let output = Command::new("bash")
        .arg(script())
        .arg(&page)
        .output()
        .expect("run bash docs/check-figures.sh");
    fs::remove_dir_all(&dir).expect("remove the temporary folder");
    Verdict {
        passed: output.status.success(),
        output: String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/check-figures.sh")
}

/// Asserts that the check fails on `text` and names `figure` on `line`.
fn assert_caught(name: &str, text: &str, line: usize, figure: &str) {
    let verdict = check(name, text);
    assert!(!verdict.passed, "the check let {figure:?} through:\n{text}");
    let expected = format!("{name}:{line}: hand-typed figure \"{figure}\"");
    assert!(
        verdict.output.contains(&expected),
        "expected {expected:?} in:\n{}",
        verdict.output
    );
}

fn assert_passes(name: &str, text: &str) {
    let verdict = check(name, text);
    assert!(verdict.passed, "the check failed on:\n{text}\n{}", verdict.output);
}

#[test]
fn a_planted_duration_fails_with_its_line() {
    let page = "# A chapter\n\nThe runners share one queue.\nOn our machine it took 1.53 s with two threads.\n";
    assert_caught("planted.md", page, 4, "1.53 s");
}

#[test]
fn every_kind_of_figure_is_caught() {
    for (sentence, figure) in [
        ("The threads ran in 27.3 ms.", "27.3 ms"),
        ("One check takes 50 µs here.", "50 µs"),
        ("The run took 12 sec on two cores.", "12 sec"),
        ("The full run took 2m 07s.", "2m 07s"),
        ("Threads gained x1.92 over one worker.", "x1.92"),
        ("Threads were 1.7x faster.", "1.7x"),
        ("Threads were about 1.7 times as fast.", "1.7 times"),
        (
            "The server answered 22,500 requests/s on loopback.",
            "22,500 requests/s",
        ),
        ("The search spent 50.7% of its time in the list.", "50.7%"),
        ("The comparison ends in well under a minute.", "under a minute"),
        ("A set answers in a tenth of a millisecond.", "a tenth of a millisecond"),
        // Unitless ratios, memory sizes and ratios in words.
        ("Threads gave a speedup of 1.99 on two cores.", "1.99"),
        ("Its parallel efficiency was 0.95 here.", "0.95"),
        ("Threads gained 1.99x over one worker.", "1.99x"),
        ("The sieve held 1.5 GiB at its peak.", "1.5 GiB"),
        ("The pool used 900 MB of memory.", "900 MB"),
        ("Two threads were twice as fast as one.", "twice as fast"),
        ("Processes were three times as fast.", "three times as fast"),
        ("Two threads took half the time of one.", "half the time"),
    ] {
        assert_caught("kinds.md", &format!("# Page\n\n{sentence}\n"), 3, figure);
    }
}

#[test]
fn a_figure_split_over_two_lines_is_caught_on_its_line() {
    let page = "Some text here, and then the whole run took 31\nseconds on our machine.\n";
    assert_caught("split.md", page, 1, "31 seconds");
}

#[test]
fn a_clean_page_passes() {
    let page = "# A chapter\n\nThe runners share one queue.\n\n\
                {{#include results/sync.md}}\n\nThe table above says how long it took.\n";
    assert_passes("clean.md", page);
}

#[test]
fn a_figure_credited_to_the_tutorial_passes() {
    assert_passes(
        "credited.md",
        "The tutorial measured 50.55 s for the synchronous run.\n\
         \"Parallelization in Python\" measured 13.02 s with coroutines.\n\
         It ran in 57.44 s on its author's machine.\n",
    );
}

#[test]
fn a_sentence_that_mentions_the_tutorial_but_not_its_measurement_fails() {
    // Naming the tutorial is not enough: the sentence must say the tutorial
    // measured the figure (or that it is the tutorial's table, run, ...).
    let page = "We run the tutorial's comparison in 1.2 s on two cores.\n";
    assert_caught("borrowed.md", page, 1, "1.2 s");
}

#[test]
fn a_quotation_section_and_its_table_pass() {
    let page = "# 1. Sync\n\n## What the tutorial did\n\nIt measured:\n\n\
                | runner | time |\n| --- | --- |\n| SIMPLE | 50.5522 s |\n\n\
                ## What Rust changes\n\nOurs took 0.8 s.\n";
    assert_caught("section.md", page, 13, "0.8 s");
    let table = "The tutorial measured:\n\n| runner | time |\n|:--|--:|\n| SIMPLE | 32.1810 sec |\n";
    assert_passes("table.md", table);
}

#[test]
fn a_named_results_page_passes() {
    let verdict = check_with(
        "named.md",
        "The [comparison's results page](results/comparison.md) shows threads at 0.0734 s.\n",
        &[("results/comparison.md", "| THREAD_POOL 2 | 0.0734 s |\n")],
    );
    assert!(verdict.passed, "{}", verdict.output);
}

#[test]
fn parameters_are_not_measurements() {
    assert_passes(
        "parameters.md",
        "Every number costs the forced 0.05 s delay, 50 ms per number.\n\
         The server answers after a 10 ms latency, with a 5 s timeout.\n\
         The tutorial's 1000 numbers at 0.05 s each, limits up to 10^7, 2 cores, \
         HTTP/1.1, mdbook 0.5.4, x86-64 and a share of 500s.\n\
         A worker replies every 4096 numbers or 0.1 s, with a deadline (`--worker-timeout`, 5 s by default)\n\
         and a floor of 2 s; a segment is sized to the L2 cache (256 KiB).\n",
    );
}

#[test]
fn code_blocks_and_marked_lines_pass() {
    assert_passes(
        "code.md",
        "```sh\ncargo run -p chapter-sync   # about 50 s\n```\n\n\
         Ten workers share 25 s in all. <!-- figure: arithmetic on the settings -->\n",
    );
}

#[test]
fn crate_docs_are_read_too() {
    let source = "//! # A crate\n//!\n//! Our threads took 1.53 s.\n\n/// Not a crate doc: 2.5 s.\npub fn f() {}\n";
    assert_caught("lib.rs", source, 3, "1.53 s");
    let verdict = check("lib.rs", source);
    assert!(!verdict.output.contains("2.5 s"), "{}", verdict.output);
}

// The holes of issue 30: each case below passed the check before it judged
// figures one by one.

#[test]
fn a_credit_covers_only_the_figure_beside_it() {
    let page = "Rust took 0.9 s where the tutorial took 50 s.\n";
    assert_caught("beside.md", page, 1, "0.9 s");
    assert!(!check("beside.md", page).output.contains("\"50 s\""));
    assert_caught(
        "after.md",
        "The tutorial measured 50.55 s, and Rust 0.9 s on two cores.\n",
        1,
        "0.9 s",
    );
    // A list after one credit is the tutorial's, figure by figure.
    assert_passes(
        "list.md",
        "The tutorial measured asyncio at 58.43 s, threads at 98.23 s and\n\
         processes at 21.76 s, and its synchronous run took 31.02 s.\n",
    );
}

#[test]
fn a_figure_must_be_on_the_results_page_its_sentence_names() {
    let verdict = check_with(
        "wrong-page.md",
        "The [sync page](results/sync.md) shows threads at 0.0734 s.\n",
        &[("results/sync.md", "| SIMPLE | 50.1 s |\n")],
    );
    assert!(!verdict.passed, "{}", verdict.output);
    assert!(
        verdict
            .output
            .contains("wrong-page.md:1: hand-typed figure \"0.0734 s\" is not on results/sync.md"),
        "{}",
        verdict.output
    );
    let missing = check("missing-page.md", "The [page](results/nowhere.md) says 1.5 s.\n");
    assert!(!missing.passed, "{}", missing.output);
}

#[test]
fn authoritative_is_not_an_author() {
    assert_caught("authoritative.md", "An authoritative run took 1.5 s.\n", 1, "1.5 s");
    assert_passes("author.md", "It ran in 57.44 s on its author's machine.\n");
}

#[test]
fn every_module_s_docs_are_read_not_only_lib_rs() {
    // A copy of the check in a planted workspace, run with no arguments as
    // CI runs it: a figure in a nested module's `//!` docs fails.
    let root = std::env::temp_dir().join(format!("figure-check-{}-modules", std::process::id()));
    let module = root.join("crates/demo/src/deep");
    fs::create_dir_all(&module).expect("create a planted workspace");
    fs::create_dir_all(root.join("docs/src")).expect("create a planted workspace");
    fs::copy(script(), root.join("docs/check-figures.sh")).expect("copy the check");
    fs::write(root.join("README.md"), "# Demo\n").expect("write README.md");
    fs::write(root.join("docs/src/intro.md"), "# Intro\n").expect("write a chapter");
    fs::write(root.join("crates/demo/src/lib.rs"), "//! A crate.\npub mod deep;\n").expect("write lib.rs");
    fs::write(module.join("mod.rs"), "//! The workers took 1.53 s.\n").expect("write a module");
    let output = Command::new("bash")
        .arg(root.join("docs/check-figures.sh"))
        .output()
        .expect("run the copied check");
    fs::remove_dir_all(&root).expect("remove the planted workspace");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains("crates/demo/src/deep/mod.rs:1: hand-typed figure \"1.53 s\""),
        "{text}"
    );
}
