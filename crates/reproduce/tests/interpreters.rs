//! `--python` and `--python-free-threaded` from the command line, with the
//! stand-in of `tests/stand-in/python3.14t`: an ordinary python3 that
//! answers as a free-threaded build would and says it is a stand-in (no
//! free-threaded Python can be installed on the project's machines). The
//! pages' rows under it are python3's, labelled "stand-in (GIL build)".

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stand_in_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stand-in")
}

/// Whether python3 runs here; CI has it.
fn python3_here() -> bool {
    let here = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        assert!(std::env::var_os("CI").is_none(), "CI has python3");
        eprintln!("skipped: no python3");
    }
    here
}

/// A folder of its own under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reproduce-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// `reproduce ARGS`, a quick run of the multithreading page (its No GIL
/// section has Python rows) in one round into `out`, with `path` as the
/// `PATH` (python3's folder always on it).
fn reproduce(args: &[&str], out: &Path, path: &[&Path]) -> Output {
    let python3_dirs = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = path
        .iter()
        .map(|p| p.to_path_buf())
        .chain(std::env::split_paths(&python3_dirs))
        .collect();
    Command::new(env!("CARGO_BIN_EXE_reproduce"))
        .args(["--quick", "--runs", "1", "--only", "multithread", "--out"])
        .arg(out)
        .args(args)
        .env("PATH", std::env::join_paths(dirs).expect("a PATH"))
        .output()
        .expect("reproduce runs")
}

fn page(out: &Path) -> String {
    std::fs::read_to_string(out.join("multithread.md")).expect("the page is written")
}

#[test]
fn a_second_python_is_named_with_its_gil_on_the_page() {
    if !python3_here() {
        return;
    }
    let out = scratch("two-pythons");
    let stand_in = stand_in_dir().join("python3.14t");
    let run = reproduce(
        &["--python", "python3", "--python", &stand_in.to_string_lossy()],
        &out,
        &[],
    );
    let text = page(&out);
    std::fs::remove_dir_all(&out).expect("remove the temporary folder");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(text.contains("Python rows: `CPython 3."), "{text}");
    assert!(text.contains(", GIL`."), "{text}");
    assert!(
        text.contains("Free-threaded Python in this run: `CPython 3.")
            && text.contains("free-threaded, no GIL, stand-in (GIL build)`")
            && text.contains("measure the GIL build, not a free-threaded Python"),
        "{text}"
    );
    assert!(!text.contains("No free-threaded Python"), "{text}");
}

#[test]
fn the_free_threaded_search_says_what_it_found_or_that_it_found_none() {
    if !python3_here() {
        return;
    }
    // The stand-in's folder on the PATH: found, said in one line, and run.
    let out = scratch("found-free-threaded");
    let run = reproduce(&["--python-free-threaded"], &out, &[&stand_in_dir()]);
    let text = page(&out);
    std::fs::remove_dir_all(&out).expect("remove the temporary folder");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let said: Vec<&str> = stderr.lines().filter(|l| l.contains("free-threaded Python")).collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(said[0].starts_with("note: found a free-threaded Python: ") && said[0].contains("python3.14t"));
    assert!(text.contains("stand-in (GIL build)`"), "{text}");

    // None on the PATH: one line says so, and so does the page (unless
    // this machine has a real one).
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|d| d.join("python3.14t").is_file() || d.join("python3.13t").is_file()) {
        eprintln!("a free-threaded Python is on the PATH: the none-found half is skipped");
        return;
    }
    let out = scratch("no-free-threaded");
    let run = reproduce(&["--python-free-threaded"], &out, &[]);
    let text = page(&out);
    std::fs::remove_dir_all(&out).expect("remove the temporary folder");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let said: Vec<&str> = stderr.lines().filter(|l| l.contains("free-threaded Python")).collect();
    assert_eq!(
        said,
        ["note: no free-threaded Python (python3.14t, python3.13t) on the PATH; the Python rows run with the GIL"],
        "{stderr}"
    );
    assert!(
        text.contains("No free-threaded Python was given or found in this run"),
        "{text}"
    );
}

#[test]
fn a_python_that_cannot_run_or_is_given_twice_is_bad_input() {
    for args in [
        &["--python", "/nonexistent/python3"][..],
        &["--python", "python3", "--python", "python3"][..],
    ] {
        let out = scratch("bad-python");
        let run = reproduce(args, &out, &[]);
        std::fs::remove_dir_all(&out).expect("remove the temporary folder");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("--python"), "{stderr}");
    }
}
