//! A virtual environment under `target/` for the packages of `io_bound.py`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::Python;
use super::child::{finished, output_within, version_of};

/// The virtual environment of [`Python::with_packages`], under the workspace.
pub const VENV: &str = "target/python-venv";

/// How long `python3 -m venv` may take (it installs pip into the new
/// environment from a copy that comes with Python).
const VENV_LIMIT: Duration = Duration::from_secs(120);
/// How long `pip install` may take, the downloads from PyPI included.
const PIP_LIMIT: Duration = Duration::from_secs(600);

impl Python {
    /// The Python of a virtual environment at `<workspace>/target/python-venv`
    /// that has the packages of `python/requirements.txt` (`requests` and
    /// `aiohttp`, which `io_bound.py` imports), making it first if it is
    /// not there yet: `python3 -m venv`, then its own `pip install`. Nothing
    /// is installed outside `target/`, and `cargo clean` removes it.
    ///
    /// The error is one line that says what is missing (`python3`, its
    /// `venv` module, the network for `pip`), for the results to print
    /// before they skip the rows that need the packages.
    pub fn with_packages(workspace: &Path) -> Result<Python, String> {
        // Two callers in one process (tests run in parallel) must not build
        // the same environment at once.
        static BUILDING: Mutex<()> = Mutex::new(());
        let _one_at_a_time = BUILDING.lock().unwrap_or_else(PoisonError::into_inner);

        // `crates/reproduce/../..` reads better resolved, in messages too.
        let workspace = workspace.canonicalize().unwrap_or_else(|_| workspace.to_path_buf());
        let scripts = workspace.join("python");
        let requirements = scripts.join("requirements.txt");
        if !requirements.is_file() {
            return Err(format!("{} is missing", requirements.display()));
        }
        let venv = workspace.join(VENV);
        let python = venv_python(&venv);
        if !has_packages(&python) {
            let base = version_of("python3").map(|_| "python3")?;
            // A virtual environment whose interpreter no longer runs (its
            // base Python was removed or upgraded) is made again from scratch.
            let clear = venv.exists() && version_of(&python.to_string_lossy()).is_err();
            let mut make = Command::new(base);
            make.args(["-m", "venv"]).args(clear.then_some("--clear")).arg(&venv);
            finished(&mut make, VENV_LIMIT).map_err(|why| {
                format!(
                    "python3 cannot make a virtual environment at {} ({why}; on Debian or Ubuntu, \
                     install the python3-venv package)",
                    venv.display()
                )
            })?;
            let mut install = Command::new(&python);
            install
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
                // Without a network, fail in about a minute, not fifteen.
                .args(["--timeout", "30", "--retries", "1", "-r"])
                .arg(&requirements);
            finished(&mut install, PIP_LIMIT).map_err(|why| {
                format!(
                    "pip could not install requests and aiohttp into {} (no network?): {why}",
                    venv.display()
                )
            })?;
            if !has_packages(&python) {
                return Err(format!(
                    "requests or aiohttp still cannot be imported from {} after pip install",
                    venv.display()
                ));
            }
        }
        let program = python.to_string_lossy().into_owned();
        version_of(&program)?;
        let interpreter = super::Interpreter::of(python.as_os_str(), &scripts)?;
        Ok(Python {
            program,
            version: interpreter.label(),
            interpreter,
            scripts,
        })
    }
}

/// The interpreter of the virtual environment at `venv`.
fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// Whether `python` runs and can import the packages of `io_bound.py`.
fn has_packages(python: &Path) -> bool {
    let mut command = Command::new(python);
    command.args(["-c", "import requests, aiohttp"]);
    matches!(output_within(&mut command, Some(super::STARTUP)), Ok(Some(output)) if output.status.success())
}
