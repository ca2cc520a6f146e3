//! The extension's side of the page: the virtual environment under
//! `target/` with maturin, the extension built into it from the crate as it
//! is now, and one run of `python/extension.py` read back from its JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

use super::Workload;
use crate::python::Interpreter;

mod wheel;

/// What one run of `extension.py --mode M` prints (the fields both tables
/// share, and each table's own).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Run {
    pub(super) mode: String,
    #[serde(default)]
    pub(super) results: Vec<String>,
    #[serde(default)]
    pub(super) count: Option<u64>,
    pub(super) elapsed: f64,
    /// The interpreter, as it was after importing the extension (a
    /// free-threaded build reports here whether the import kept the GIL off).
    #[serde(default)]
    pub(super) interpreter: Option<Interpreter>,
}

/// The interpreter of the virtual environment, with the extension built.
pub(super) struct Extension {
    python: PathBuf,
    script: PathBuf,
    /// Its label: `CPython 3.11.2, GIL` ([`Interpreter::label`]).
    pub(super) version: String,
    /// Where the extension was unpacked, for `PYTHONPATH`: for the other
    /// interpreters of `--python` ([`Extension::build_for`]); `None` for the
    /// virtual environment's own.
    pythonpath: Option<PathBuf>,
    /// The interpreter as `--python` named it (`python3`), for the rows.
    name: String,
}

/// The workspace's root folder.
pub(super) fn workspace() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    path.canonicalize().unwrap_or(path)
}

impl Extension {
    /// The virtual environment at [`VENV`](super::VENV) with maturin (made and filled
    /// from `python/requirements-extension.txt` on first use), and the
    /// extension built into it from the crate as it is now. The error is one
    /// line: what is missing.
    ///
    /// The manifest is `crates/python/Cargo.toml`, or the one the
    /// environment variable [`MANIFEST_VAR`] names (the tests plant a
    /// build that fails with it). A failed build's error ends with the last
    /// lines the build wrote.
    pub(super) fn build(workspace: &Path, base: &str) -> Result<Extension, String> {
        let manifest =
            std::env::var_os(MANIFEST_VAR).map_or_else(|| workspace.join("crates/python/Cargo.toml"), PathBuf::from);
        Self::build_from(workspace, base, &manifest)
    }

    /// [`Extension::build`] from the crate of `manifest`.
    fn build_from(workspace: &Path, base: &str, manifest: &Path) -> Result<Extension, String> {
        if !manifest.is_file() {
            return Err(format!("the extension's manifest {} is missing", manifest.display()));
        }
        let venv = workspace.join(super::VENV);
        let python = venv.join("bin").join("python");
        let maturin = venv.join("bin").join("maturin");
        if !succeeds(Command::new(&python).arg("--version")) {
            let made = Command::new(base).args(["-m", "venv", "--clear"]).arg(&venv).output();
            let what = format!("{base} -m venv (on Debian or Ubuntu, install python3-venv)");
            check(made, &what)?;
        }
        if !succeeds(Command::new(&maturin).arg("--version")) {
            let installed = Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
                // Without a network, fail in about a minute, not fifteen.
                .args(["--timeout", "30", "--retries", "1", "-r"])
                .arg(workspace.join("python/requirements-extension.txt"))
                .output();
            check(installed, "pip install maturin pytest (no network?)")?;
        }
        let built = Command::new(&maturin)
            .args(["develop", "--release", "--quiet", "-m"])
            .arg(manifest)
            // maturin installs into the environment VIRTUAL_ENV names.
            .env("VIRTUAL_ENV", &venv)
            .current_dir(workspace)
            .output();
        check_tail(built, "maturin develop", BUILD_ERROR_LINES)?;
        let interpreter = Interpreter::of(python.as_os_str(), &workspace.join("python"))?;
        Ok(Extension {
            python,
            script: workspace.join("python/extension.py"),
            version: interpreter.label(),
            pythonpath: None,
            name: base.to_owned(),
        })
    }

    /// The interpreter's file name, `python3.14t`, for the rows' labels.
    pub(super) fn program_name(&self) -> String {
        let path = Path::new(&self.name);
        path.file_name()
            .map_or_else(|| self.name.clone(), |name| name.to_string_lossy().into_owned())
    }

    /// One run of `extension.py` in `mode`.
    pub(super) fn run(&self, workload: Workload, mode: &str, threads: usize) -> Result<Run, String> {
        let mut command = Command::new(&self.python);
        command
            .arg(&self.script)
            .args(["--mode", mode, "--threads", &threads.to_string()]);
        if let Some(path) = &self.pythonpath {
            command.env("PYTHONPATH", path);
        }
        match workload {
            Workload::Cpu { tasks } => command.args(["--table", "cpu", "--tasks", &tasks.to_string()]),
            Workload::Primes { limit } => command.args(["--table", "primes", "--limit", &limit.to_string()]),
        };
        let output = check(command.output(), &format!("extension.py --mode {mode}"))?;
        let run: Run = serde_json::from_slice(&output.stdout)
            .map_err(|err| format!("extension.py --mode {mode} printed no result: {err}"))?;
        if run.mode != mode {
            return Err(format!("extension.py was asked for {mode} and ran {}", run.mode));
        }
        Ok(run)
    }
}

/// The environment variable that points the build at another manifest.
pub const MANIFEST_VAR: &str = "REPRODUCE_EXTENSION_MANIFEST";

/// How many of a failed build's last lines its error shows.
const BUILD_ERROR_LINES: usize = 12;

/// Like [`check`], with the last `lines` lines the command wrote (standard
/// error, else standard output) after the first line of the error.
fn check_tail(output: std::io::Result<Output>, what: &str, lines: usize) -> Result<Output, String> {
    let output = output.map_err(|err| format!("{what}: cannot run it ({err})"))?;
    if output.status.success() {
        return Ok(output);
    }
    let text = [&output.stderr, &output.stdout]
        .into_iter()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .find(|text| !text.trim().is_empty())
        .unwrap_or_default();
    let written: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
    let tail = written[written.len().saturating_sub(lines)..].join("\n");
    Err(format!("{what} failed ({}); its last lines:\n{tail}", output.status))
}

/// Whether `command` runs and exits with 0 (its output discarded).
fn succeeds(command: &mut Command) -> bool {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The output of a finished command, or one line saying what failed: the
/// last line it wrote on standard error.
fn check(output: std::io::Result<Output>, what: &str) -> Result<Output, String> {
    let output = output.map_err(|err| format!("{what}: cannot run it ({err})"))?;
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
    Err(format!("{what} failed ({}): {}", output.status, last.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_build_shows_its_last_lines() {
        let script = "for i in $(seq 1 20); do echo \"error line $i\" >&2; done; exit 3";
        let output = Command::new("sh").args(["-c", script]).output();
        let err = check_tail(output, "maturin develop", 3).expect_err("the command failed");
        assert!(
            err.starts_with("maturin develop failed (exit status: 3); its last lines:\n"),
            "{err}"
        );
        assert!(err.ends_with("error line 18\nerror line 19\nerror line 20"), "{err}");
        assert!(!err.contains("error line 17"), "{err}");
        let fine = check_tail(Command::new("sh").args(["-c", "exit 0"]).output(), "true", 3);
        assert!(fine.is_ok());
    }

    #[test]
    fn a_missing_manifest_is_a_failed_build() {
        let missing = std::env::temp_dir().join("no-such-folder-reproduce/Cargo.toml");
        let result = Extension::build_from(&workspace(), "python3", &missing);
        let err = result.err().expect("no manifest, no extension");
        assert!(
            err.contains("manifest") && err.contains("no-such-folder-reproduce"),
            "{err}"
        );
    }
}
