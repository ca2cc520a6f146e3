//! The Python extension's page where python3 is here but the extension
//! does not build: the page says so with the build's error, and `reproduce`
//! fails (it used to write "Not measured" and pass). The failure is planted
//! by pointing the build at a manifest that does not exist
//! (`REPRODUCE_EXTENSION_MANIFEST`).

use std::fs;
use std::process::Command;

#[test]
fn an_extension_that_does_not_build_fails_the_run() {
    let here = Command::new("python3").arg("--version").output();
    if !here.is_ok_and(|output| output.status.success()) {
        eprintln!("skipped: no python3, so the page is not measured and nothing is built");
        return;
    }
    let out = std::env::temp_dir().join(format!("python-build-{}", std::process::id()));
    let missing = out.join("no-such-crate/Cargo.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_reproduce"))
        .args(["--only", "python", "--quick", "--out"])
        .arg(&out)
        .env("REPRODUCE_EXTENSION_MANIFEST", &missing)
        .output()
        .expect("run reproduce");
    let page = fs::read_to_string(out.join("python.md"));
    fs::remove_dir_all(&out).expect("remove the temporary folder");
    let page = page.expect("the page is written, with the failure");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(printed.contains("WRONG") && printed.contains("python.md"), "{printed}");
    assert!(
        printed.contains("FAILED: the Python extension did not build") && printed.contains("no-such-crate"),
        "{printed}"
    );
    assert!(
        page.contains("the extension did not build") && page.contains("no-such-crate"),
        "{page}"
    );
}
