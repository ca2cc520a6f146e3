//! Which Python ran a row: what `python/interpreter.py` reports (every
//! script puts it in its JSON as `interpreter`), the label the pages print
//! beside each Python row, and the search for a free-threaded interpreter
//! on the `PATH` (`--python-free-threaded`, which `just bench-all` passes).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use super::STARTUP;
use super::child::output_within;

/// The interpreters `--python-free-threaded` looks for on the `PATH`, in
/// this order: the first that runs and reports a free-threaded build is
/// taken.
pub const FREE_THREADED_NAMES: [&str; 2] = ["python3.14t", "python3.13t"];

/// What `python/interpreter.py` reports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Interpreter {
    /// `CPython`, `PyPy`, ...
    pub implementation: String,
    /// `3.11.7`.
    pub version: String,
    /// A free-threaded build (PEP 703): `sysconfig`'s `Py_GIL_DISABLED`.
    pub free_threaded: bool,
    /// Whether the GIL was on as the script ran: `sys._is_gil_enabled()`
    /// where it exists (3.13 on), else always. A free-threaded build turns
    /// it back on for `PYTHON_GIL=1` or an extension module that did not
    /// declare that it can do without it.
    pub gil_enabled: bool,
    /// The tests' stand-in: an ordinary interpreter told by an environment
    /// variable to answer as a free-threaded build would. Its label says so,
    /// so its numbers are never taken for a free-threaded measurement.
    #[serde(default)]
    pub stand_in: bool,
}

impl Interpreter {
    /// What the pages print beside a Python row: `CPython 3.11.7, GIL`,
    /// `CPython 3.14.0, free-threaded, no GIL`, `CPython 3.14.0,
    /// free-threaded, GIL on` (the GIL turned back on), each followed by
    /// `, stand-in (GIL build)` for the tests' stand-in.
    pub fn label(&self) -> String {
        let state = match (self.free_threaded, self.gil_enabled) {
            (false, _) => "GIL",
            (true, false) => "free-threaded, no GIL",
            (true, true) => "free-threaded, GIL on",
        };
        let stand_in = if self.stand_in { ", stand-in (GIL build)" } else { "" };
        format!("{} {}, {state}{stand_in}", self.implementation, self.version)
    }

    /// What `program` reports when it runs `interpreter.py` from `scripts`,
    /// or one line saying why it cannot be asked.
    pub fn of(program: &OsStr, scripts: &Path) -> Result<Interpreter, String> {
        let shown = Path::new(program).display();
        let mut command = Command::new(program);
        command.arg(scripts.join("interpreter.py"));
        let output = match output_within(&mut command, Some(STARTUP)) {
            Ok(Some(output)) => output,
            Ok(None) => return Err(format!("{shown} did not answer within {} s", STARTUP.as_secs())),
            Err(err) => return Err(format!("{shown} not found ({err})")),
        };
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
            return Err(format!(
                "{shown} cannot run interpreter.py ({}): {}",
                output.status,
                last.trim()
            ));
        }
        serde_json::from_slice(&output.stdout).map_err(|err| format!("{shown} printed no interpreter report: {err}"))
    }
}

/// The first of [`FREE_THREADED_NAMES`] found in the folders of `path` (a
/// `PATH` value) that reports a free-threaded build, with its report; or
/// `None`.
pub fn find_free_threaded(path: &OsStr, scripts: &Path) -> Option<(PathBuf, Interpreter)> {
    FREE_THREADED_NAMES.iter().find_map(|name| {
        std::env::split_paths(path)
            .map(|dir| dir.join(name))
            .filter(|candidate| candidate.is_file())
            .find_map(|candidate| {
                let report = Interpreter::of(candidate.as_os_str(), scripts).ok()?;
                report.free_threaded.then_some((candidate, report))
            })
    })
}

/// The one line the pages with Python rows print about free-threaded
/// interpreters: which ran, or that none was given or found.
pub fn free_threaded_line<'a>(interpreters: impl IntoIterator<Item = &'a Interpreter>) -> String {
    let interpreters: Vec<&Interpreter> = interpreters.into_iter().collect();
    let free: Vec<String> = interpreters
        .iter()
        .filter(|i| i.free_threaded)
        .map(|i| format!("`{}`", i.label()))
        .collect();
    if free.is_empty() {
        format!(
            "No free-threaded Python was given or found in this run (`--python`; `--python-free-threaded` \
             looks for {} on the `PATH`): every Python row ran with the GIL.",
            FREE_THREADED_NAMES.join(" and ")
        )
    } else {
        let stand_in = if interpreters.iter().any(|i| i.free_threaded && i.stand_in) {
            " A stand-in is the tests' ordinary GIL build that only reports itself free-threaded: its rows \
             measure the GIL build, not a free-threaded Python."
        } else {
            ""
        };
        format!("Free-threaded Python in this run: {}.{stand_in}", free.join(", "))
    }
}

#[cfg(test)]
mod tests;
