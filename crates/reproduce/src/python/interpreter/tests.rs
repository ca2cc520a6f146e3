//! The labels, and the search for a free-threaded Python, against the
//! stand-in of `tests/stand-in/python3.14t` (an ordinary python3 that
//! answers as a free-threaded build would, and says it is a stand-in).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::*;

/// The folder of the stand-in `python3.14t`.
fn stand_in_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stand-in")
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../python")
}

/// Whether python3 runs here (CI has it; elsewhere the tests that need it
/// say they were skipped).
fn python3_here() -> bool {
    let here = Interpreter::of(OsStr::new("python3"), &scripts()).is_ok();
    if !here {
        assert!(std::env::var_os("CI").is_none(), "CI has python3");
        eprintln!("skipped: no python3");
    }
    here
}

fn report(free_threaded: bool, gil_enabled: bool, stand_in: bool) -> Interpreter {
    Interpreter {
        implementation: "CPython".to_owned(),
        version: "3.14.0".to_owned(),
        free_threaded,
        gil_enabled,
        stand_in,
    }
}

#[test]
fn a_label_names_the_interpreter_and_its_gil() {
    assert_eq!(report(false, true, false).label(), "CPython 3.14.0, GIL");
    assert_eq!(
        report(true, false, false).label(),
        "CPython 3.14.0, free-threaded, no GIL"
    );
    assert_eq!(
        report(true, true, false).label(),
        "CPython 3.14.0, free-threaded, GIL on"
    );
    assert_eq!(
        report(true, false, true).label(),
        "CPython 3.14.0, free-threaded, no GIL, stand-in (GIL build)"
    );
}

#[test]
fn python3_reports_itself_and_the_stand_in_says_what_it_is() {
    if !python3_here() {
        return;
    }
    let real = Interpreter::of(OsStr::new("python3"), &scripts()).expect("python3 answers");
    assert!(!real.stand_in);
    assert!(
        real.label()
            .starts_with(&format!("{} {}, ", real.implementation, real.version))
    );
    let stand_in = stand_in_dir().join("python3.14t");
    let fake = Interpreter::of(stand_in.as_os_str(), &scripts()).expect("the stand-in answers");
    assert!(fake.free_threaded && !fake.gil_enabled && fake.stand_in, "{fake:?}");
    // The same interpreter underneath: only the report differs.
    assert_eq!(fake.version, real.version);
    assert!(
        fake.label().ends_with("free-threaded, no GIL, stand-in (GIL build)"),
        "{}",
        fake.label()
    );
}

#[test]
fn the_free_threaded_search_takes_only_a_free_threaded_build() {
    if !python3_here() {
        return;
    }
    // A PATH with the stand-in: found, with its report.
    let path = std::env::join_paths([Path::new("/nonexistent"), &stand_in_dir()]).expect("a PATH");
    let (found, report) = find_free_threaded(&path, &scripts()).expect("the stand-in is found");
    assert_eq!(found, stand_in_dir().join("python3.14t"));
    assert!(report.free_threaded && report.stand_in);
    // A PATH without one: none.
    assert!(find_free_threaded(&OsString::from("/nonexistent"), &scripts()).is_none());
    // A `python3.13t` that is an ordinary python3 (it reports the GIL
    // build) is not taken.
    let dir = std::env::temp_dir().join(format!("reproduce-not-free-threaded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let impostor = dir.join("python3.13t");
    std::fs::write(&impostor, "#!/bin/sh\nexec python3 \"$@\"\n").expect("write the script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&impostor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let found = find_free_threaded(dir.as_os_str(), &scripts());
    std::fs::remove_dir_all(&dir).expect("remove the temporary folder");
    assert!(found.is_none(), "{found:?}");
}

#[test]
fn the_line_says_which_free_threaded_python_ran_or_that_none_did() {
    let none = free_threaded_line([&report(false, true, false)]);
    assert!(
        none.starts_with("No free-threaded Python was given or found in this run"),
        "{none}"
    );
    assert!(none.contains("python3.14t and python3.13t"), "{none}");
    let fake = report(true, false, true);
    let some = free_threaded_line([&report(false, true, false), &fake]);
    assert!(
        some.contains("`CPython 3.14.0, free-threaded, no GIL, stand-in (GIL build)`"),
        "{some}"
    );
    assert!(!some.contains("No free-threaded"), "{some}");
    assert!(
        some.contains("measure the GIL build, not a free-threaded Python"),
        "{some}"
    );
    let real = free_threaded_line([&report(true, false, false)]);
    assert!(!real.contains("stand-in"), "{real}");
}
