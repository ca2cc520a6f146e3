//! The extension's side of the page: the virtual environment under
//! `target/` with maturin, the extension built into it from the crate as it
//! is now, and one run of `python/extension.py` read back from its JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

use super::Workload;

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
}

/// The interpreter of the virtual environment, with the extension built.
pub(super) struct Extension {
    python: PathBuf,
    script: PathBuf,
    /// What `python --version` says: `Python 3.11.2`.
    pub(super) version: String,
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
    pub(super) fn build(workspace: &Path) -> Result<Extension, String> {
        let venv = workspace.join(super::VENV);
        let python = venv.join("bin").join("python");
        let maturin = venv.join("bin").join("maturin");
        if !succeeds(Command::new(&python).arg("--version")) {
            let made = Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&venv)
                .output();
            check(made, "python3 -m venv (on Debian or Ubuntu, install python3-venv)")?;
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
            .arg(workspace.join("crates/python/Cargo.toml"))
            // maturin installs into the environment VIRTUAL_ENV names.
            .env("VIRTUAL_ENV", &venv)
            .current_dir(workspace)
            .output();
        check(built, "maturin develop")?;
        let version = Command::new(&python).arg("--version").output();
        let version = check(version, "python --version")?;
        Ok(Extension {
            python,
            script: workspace.join("python/extension.py"),
            version: String::from_utf8_lossy(&version.stdout).trim().to_owned(),
        })
    }

    /// One run of `extension.py` in `mode`.
    pub(super) fn run(&self, workload: Workload, mode: &str, threads: usize) -> Result<Run, String> {
        let mut command = Command::new(&self.python);
        command
            .arg(&self.script)
            .args(["--mode", mode, "--threads", &threads.to_string()]);
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
