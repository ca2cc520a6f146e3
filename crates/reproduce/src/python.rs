//! The Python baselines of `python/`, run on the same machine as the Rust
//! chapters. Each script prints one JSON object; this module runs it with
//! `python3` and reads that object back.
//!
//! Most scripts need the standard library only and run with the `python3`
//! of the `PATH` ([`Python::find`]). `io_bound.py` needs two packages from
//! PyPI, `requests` and `aiohttp`: [`Python::with_packages`] makes (once) a
//! virtual environment for them under `target/`, so nothing is installed
//! into the system's Python.

mod child;
mod interpreter;
mod needles;
mod runs;
mod venv;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use self::child::{output_within, version_of};
pub use self::interpreter::{FREE_THREADED_NAMES, Interpreter, find_free_threaded, free_threaded_line};
use self::needles::NeedleFile;
pub use self::runs::{CpuRun, CpuWorker, FullyLoadedRun, IoRun, PrimeRun, SearchRun};
pub use self::venv::VENV;

/// The modes of `io_bound.py`, in the order of its table: one request after
/// the other without and with a `requests.Session`, a thread pool, aiohttp
/// with every request at once and behind a semaphore, a process pool.
pub const IO_MODES: [&str; 6] = [
    "sync",
    "sync-session",
    "threads",
    "asyncio",
    "asyncio-semaphore",
    "processes",
];

/// The modes of `search.py`: every batch in a `list`, `tuple`, `set` or
/// `dict` on one thread, then the batches shared among threads and among
/// processes, each searching a list.
pub const SEARCH_MODES: [&str; 6] = ["list", "tuple", "set", "dict", "batches-threads", "batches-processes"];

/// What a script may take beyond its own work: starting the interpreter,
/// importing aiohttp, starting a pool of processes.
const STARTUP: Duration = Duration::from_secs(60);

/// A generous price of one element of a linear search in CPython (it takes
/// about 3 to 10 ns): with it, [`Python::search`] bounds how long the
/// script may take.
const SCAN_SECS_PER_ELEMENT: f64 = 100e-9;

/// A usable `python3` (or the interpreter `--python` names) and the folder
/// of the scripts.
#[derive(Debug, Clone)]
pub struct Python {
    /// The interpreter to run: `python3`.
    pub program: String,
    /// Its label, for the headers and beside its rows: `CPython 3.11.7, GIL`
    /// ([`Interpreter::label`]).
    pub version: String,
    /// What it reports about itself (`python/interpreter.py`).
    pub interpreter: Interpreter,
    /// The `python/` folder of the workspace.
    pub scripts: PathBuf,
}

impl Python {
    /// `python3` from the `PATH` and the workspace's `python/` folder, or
    /// why they cannot be used (the results then say so).
    pub fn find() -> Result<Python, String> {
        Python::find_program("python3")
    }

    /// [`Python::find`] with another interpreter than `python3`: a name on
    /// the `PATH` or a path (`--python`).
    pub fn find_program(program: &str) -> Result<Python, String> {
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../python");
        if !scripts.join("sync_primes.py").is_file() {
            return Err(format!("the Python baselines are not in {}", scripts.display()));
        }
        version_of(program).map_err(|why| format!("{why}; the Python baselines were skipped"))?;
        // A path (not a name on the PATH) made absolute: the children that
        // run it may start in another folder.
        let program = if program.contains(std::path::MAIN_SEPARATOR) {
            std::path::absolute(program).map_or_else(|_| program.to_owned(), |p| p.to_string_lossy().into_owned())
        } else {
            program.to_owned()
        };
        let interpreter = Interpreter::of(program.as_ref(), &scripts)?;
        Ok(Python {
            program,
            version: interpreter.label(),
            interpreter,
            scripts,
        })
    }

    /// Runs `script` with `args` and parses the JSON object it prints. The
    /// prime scripts run as long as their limit asks (`--python-max-limit`
    /// bounds them); the others pass a `limit` past which the script is
    /// killed and reaped, and its run is an error.
    fn run<T: for<'de> Deserialize<'de>>(&self, script: &str, args: &[String]) -> Result<T, String> {
        self.run_within(script, args, None)
    }

    fn run_within<T: for<'de> Deserialize<'de>>(
        &self,
        script: &str,
        args: &[String],
        limit: Option<Duration>,
    ) -> Result<T, String> {
        let mut command = Command::new(&self.program);
        command.arg(self.scripts.join(script)).args(args);
        let output = match output_within(&mut command, limit) {
            Ok(Some(output)) => output,
            Ok(None) => {
                let secs = limit.unwrap_or_default().as_secs_f64();
                return Err(format!("{script} did not finish within {secs:.0} s and was stopped"));
            }
            Err(err) => return Err(format!("cannot run {script}: {err}")),
        };
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!("{script} failed ({}): {}", output.status, stderr.trim()));
        }
        serde_json::from_slice(&output.stdout).map_err(|err| format!("{script} printed no result: {err}"))
    }

    /// `sync_primes.py`: trial division over `1..=limit` on one thread.
    pub fn sync_primes(&self, limit: u64) -> Result<PrimeRun, String> {
        self.run("sync_primes.py", &["--limit".to_owned(), limit.to_string()])
    }

    /// `final_primes.py`: the tutorial's final solution with `workers`
    /// processes.
    pub fn final_primes(&self, limit: u64, workers: usize) -> Result<PrimeRun, String> {
        let args = [
            "--limit".to_owned(),
            limit.to_string(),
            "--workers".to_owned(),
            workers.to_string(),
        ];
        self.run("final_primes.py", &args)
    }

    /// `cpu_workers.py`: `1..=limit` counted by `workers` threads or
    /// processes (`mode`), each recording when it computed. A count that is
    /// not pi(limit), where pi(limit) is known, is an error.
    pub fn cpu_workers(&self, mode: &str, limit: u64, workers: usize) -> Result<CpuRun, String> {
        let args = [
            "--mode".to_owned(),
            mode.to_owned(),
            "--limit".to_owned(),
            limit.to_string(),
            "--workers".to_owned(),
            workers.to_string(),
        ];
        self.run("cpu_workers.py", &args)
    }

    /// `fully_loaded.py` in `mode` (`sequential` or `processes`).
    pub fn fully_loaded(&self, tasks: u64, mode: &str) -> Result<FullyLoadedRun, String> {
        let args = [
            "--tasks".to_owned(),
            tasks.to_string(),
            "--mode".to_owned(),
            mode.to_owned(),
        ];
        self.run("fully_loaded.py", &args)
    }

    /// `io_bound.py` in `mode` (one of [`IO_MODES`]): every path of `paths`
    /// fetched `repeat` times from `base` (`http://127.0.0.1:PORT`), in the
    /// Rust chapter's order and with its request numbers, so the chapter's
    /// server answers both languages alike. `workers` is the threads,
    /// permits or processes of the modes that have them. Needs the packages:
    /// call it on [`Python::with_packages`].
    ///
    /// Bounded: if every request ran out its `timeout` one after the other,
    /// the script would take `requests x timeout`; past that (and a minute
    /// to start) it is killed.
    pub fn io_bound(
        &self,
        mode: &str,
        base: &str,
        paths: &[String],
        repeat: u64,
        workers: usize,
        timeout: Duration,
    ) -> Result<IoRun, String> {
        if !IO_MODES.contains(&mode) {
            return Err(format!(
                "io_bound.py has no mode {mode:?} (it has {})",
                IO_MODES.join(", ")
            ));
        }
        if paths.is_empty() || paths.iter().any(|p| !p.starts_with('/') || p.contains(',')) {
            return Err(format!(
                "io_bound.py needs paths that start with / and hold no comma, not {paths:?}"
            ));
        }
        let requests = paths.len() as u64 * repeat;
        let limit = STARTUP + timeout.saturating_mul(u32::try_from(requests).unwrap_or(u32::MAX));
        let args = [
            "--base".to_owned(),
            base.to_owned(),
            "--paths".to_owned(),
            paths.join(","),
            "--repeat".to_owned(),
            repeat.to_string(),
            "--mode".to_owned(),
            mode.to_owned(),
            "--workers".to_owned(),
            workers.to_string(),
            "--timeout".to_owned(),
            timeout.as_secs_f64().to_string(),
        ];
        self.run_within("io_bound.py", &args, Some(limit))
    }

    /// `search.py` in `mode` (one of [`SEARCH_MODES`]): each batch of
    /// `needles` looked up in a collection holding `0..size`; `workers` is
    /// the threads or processes of the `batches-` modes (at most one per
    /// batch). The needles go to the script in a temporary JSON file,
    /// removed afterwards, so both languages look up the same numbers
    /// without Python having to draw them with Rust's generator.
    ///
    /// Bounded by a generous price per element scanned (a list is searched
    /// from the front), plus a minute to start.
    pub fn search(&self, mode: &str, needles: &[Vec<u32>], size: u64, workers: usize) -> Result<SearchRun, String> {
        if !SEARCH_MODES.contains(&mode) {
            return Err(format!(
                "search.py has no mode {mode:?} (it has {})",
                SEARCH_MODES.join(", ")
            ));
        }
        let file = NeedleFile::write(needles)?;
        let lookups: usize = needles.iter().map(Vec::len).sum();
        let limit = STARTUP + Duration::from_secs_f64(lookups as f64 * size as f64 * SCAN_SECS_PER_ELEMENT);
        let args = [
            "--needles".to_owned(),
            file.path.to_string_lossy().into_owned(),
            "--size".to_owned(),
            size.to_string(),
            "--mode".to_owned(),
            mode.to_owned(),
            "--workers".to_owned(),
            workers.to_string(),
        ];
        self.run_within("search.py", &args, Some(limit))
        // `file` is dropped here: the needles are removed, whatever happened.
    }
}

#[cfg(test)]
mod tests;
