//! The Python baselines of `python/`, run on the same machine as the Rust
//! chapters. Each script prints one JSON object; this module runs it with
//! `python3` and reads that object back.
//!
//! Most scripts need the standard library only and run with the `python3`
//! of the `PATH` ([`Python::find`]). `io_bound.py` needs two packages from
//! PyPI, `requests` and `aiohttp`: [`Python::with_packages`] makes (once) a
//! virtual environment for them under `target/`, so nothing is installed
//! into the system's Python.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The virtual environment of [`Python::with_packages`], under the workspace.
pub const VENV: &str = "target/python-venv";

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

/// How long `python3 -m venv` may take (it installs pip into the new
/// environment from a copy that comes with Python).
const VENV_LIMIT: Duration = Duration::from_secs(120);
/// How long `pip install` may take, the downloads from PyPI included.
const PIP_LIMIT: Duration = Duration::from_secs(600);

/// A usable `python3` and the folder of the scripts.
#[derive(Debug, Clone)]
pub struct Python {
    /// The interpreter to run: `python3`.
    pub program: String,
    /// `python3 --version`, for the header.
    pub version: String,
    /// The `python/` folder of the workspace.
    pub scripts: PathBuf,
}

impl Python {
    /// `python3` from the `PATH` and the workspace's `python/` folder, or
    /// why they cannot be used (the results then say so).
    pub fn find() -> Result<Python, String> {
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../python");
        if !scripts.join("sync_primes.py").is_file() {
            return Err(format!("the Python baselines are not in {}", scripts.display()));
        }
        let version = version_of("python3").map_err(|why| format!("{why}; the Python baselines were skipped"))?;
        Ok(Python {
            program: "python3".to_owned(),
            version,
            scripts,
        })
    }

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
        let version = version_of(&program)?;
        Ok(Python {
            program,
            version,
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

/// `program --version`: `Python 3.11.7`, or why it cannot be run.
fn version_of(program: &str) -> Result<String, String> {
    let mut command = Command::new(program);
    command.arg("--version");
    match output_within(&mut command, Some(STARTUP)) {
        Ok(Some(output)) if output.status.success() => {
            // Old Pythons print the version on standard error.
            let text = [output.stdout, output.stderr].concat();
            Ok(String::from_utf8_lossy(&text).trim().to_owned())
        }
        Ok(Some(output)) => Err(format!("{program} --version failed ({})", output.status)),
        Ok(None) => Err(format!("{program} --version did not answer")),
        Err(err) => Err(format!("{program} not found ({err})")),
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
    matches!(output_within(&mut command, Some(STARTUP)), Ok(Some(output)) if output.status.success())
}

/// Runs `command` to the end within `limit`: `Err` with the last line it
/// wrote on standard error (pip's and venv's messages end with the reason)
/// when it fails.
fn finished(command: &mut Command, limit: Duration) -> Result<(), String> {
    match output_within(command, Some(limit)) {
        Ok(Some(output)) if output.status.success() => Ok(()),
        Ok(Some(output)) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
            Err(format!("{}: {}", output.status, last.trim()))
        }
        Ok(None) => Err(format!("it ran for more than {} s and was stopped", limit.as_secs())),
        Err(err) => Err(err.to_string()),
    }
}

/// Runs `command` with its output captured, as [`Command::output`] does,
/// but gives up on it after `limit` (if any): then the child is killed and
/// reaped, and the answer is `Ok(None)`. Every child is waited for.
///
/// Standard output and error are read on two threads while this one
/// watches the clock, so a chatty child never blocks on a full pipe. A
/// child that started processes of its own (a `multiprocessing.Pool`) may
/// leave them holding the pipes for a moment after it is killed; they
/// notice that their parent is gone at their next task, and the readers
/// are not waited for longer than [`AFTER_EXIT`].
fn output_within(command: &mut Command, limit: Option<Duration>) -> io::Result<Option<Output>> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = limit.map(|limit| Instant::now() + limit);
    let status: Option<ExitStatus> = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => break None,
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(err);
            }
        }
    };
    let Some(status) = status else {
        // Out of time: kill it, and reap it so no zombie is left behind.
        let _ = child.kill();
        child.wait()?;
        return Ok(None);
    };
    Ok(Some(Output {
        status,
        stdout: stdout.recv_timeout(AFTER_EXIT).unwrap_or_default(),
        stderr: stderr.recv_timeout(AFTER_EXIT).unwrap_or_default(),
    }))
}

/// How often [`output_within`] looks whether the child has ended.
const POLL: Duration = Duration::from_millis(10);
/// How long the output of a child that has ended may take to arrive.
const AFTER_EXIT: Duration = Duration::from_secs(5);

/// Reads `pipe` to its end on a thread of its own; the bytes arrive on the
/// channel (nothing, if there is no pipe or it cannot be read).
fn read_in_background<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(bytes);
    });
    receiver
}

/// The needles of [`Python::search`], in a temporary file that is removed
/// when this is dropped.
struct NeedleFile {
    path: PathBuf,
}

/// What `search.py --needles` reads.
#[derive(Serialize)]
struct Needles<'a> {
    batches: &'a [Vec<u32>],
}

impl NeedleFile {
    fn write(needles: &[Vec<u32>]) -> Result<NeedleFile, String> {
        // The process id and a counter make the name unique among runs and
        // among threads; `create_new` refuses to overwrite anything.
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "reproduce-needles-{}-{}.json",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let cannot = |err: &dyn std::fmt::Display| format!("cannot write the needles to {}: {err}", path.display());
        let file = std::fs::File::create_new(&path).map_err(|err| cannot(&err))?;
        // From here on the file exists: the guard removes it on every path.
        let guard = NeedleFile { path: path.clone() };
        let mut writer = io::BufWriter::new(file);
        serde_json::to_writer(&mut writer, &Needles { batches: needles }).map_err(|err| cannot(&err))?;
        io::Write::flush(&mut writer).map_err(|err| cannot(&err))?;
        Ok(guard)
    }
}

impl Drop for NeedleFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What `sync_primes.py` and `final_primes.py` print.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PrimeRun {
    /// `1..=limit` was checked.
    pub limit: u64,
    /// Processes used.
    pub workers: usize,
    /// Primes found.
    pub count: u64,
    /// pi(limit) when the script knows it.
    pub expected: Option<u64>,
    /// Seconds, pool start-up included.
    pub elapsed: f64,
}

impl PrimeRun {
    /// `9592 (exact)`, as the Rust tables print their counts.
    pub fn verdict(&self) -> String {
        match self.expected {
            Some(e) if e == self.count => format!("{} (exact)", self.count),
            Some(e) => format!("{} (WRONG: expected {e})", self.count),
            None => format!("{} (unchecked)", self.count),
        }
    }
}

/// What `fully_loaded.py` prints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FullyLoadedRun {
    /// `sequential` or `processes`.
    pub mode: String,
    /// Tasks run.
    pub tasks: u64,
    /// Each result, as Python's `repr` writes it.
    pub results: Vec<String>,
    /// Seconds.
    pub elapsed: f64,
}

/// What `io_bound.py` prints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IoRun {
    /// One of [`IO_MODES`].
    pub mode: String,
    /// Requests made: paths x repeat.
    pub requests: u64,
    /// Answers with a 2xx status, their body read whole.
    pub ok: u64,
    /// The other requests: another status, a timeout, a connection error.
    pub errors: u64,
    /// Body bytes of the good answers.
    pub bytes: u64,
    /// Seconds of the downloads alone (a pool's start-up included; the
    /// interpreter's start and its imports not).
    pub elapsed: f64,
}

/// What `search.py` prints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SearchRun {
    /// One of [`SEARCH_MODES`].
    pub mode: String,
    /// Batches searched.
    pub batches: u64,
    /// Needles looked up, over all the batches.
    pub lookups: u64,
    /// How many of them the collection holds.
    pub found: u64,
    /// Seconds of the searches; building the collection is excluded, except
    /// in `batches-processes`, where every process builds its own list on
    /// the clock, as the Rust chapter's worker processes do.
    pub elapsed: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prime_run_parses_and_checks_its_count() {
        let json =
            r#"{"program": "sync_primes", "limit": 100, "workers": 1, "count": 25, "expected": 25, "elapsed": 0.001}"#;
        let run: PrimeRun = serde_json::from_str(json).expect("the scripts' JSON");
        assert_eq!(run.verdict(), "25 (exact)");
        let wrong = PrimeRun { count: 24, ..run };
        assert_eq!(wrong.verdict(), "24 (WRONG: expected 25)");
    }

    #[test]
    fn the_baselines_run_when_python3_is_here() {
        let python = match Python::find() {
            Ok(python) => python,
            Err(why) => {
                // No python3 on this machine: bench-all skips it too.
                eprintln!("skipped: {why}");
                return;
            }
        };
        let sync = python.sync_primes(1_000).expect("sync_primes.py runs");
        assert_eq!(sync.verdict(), "168 (exact)");
        let fin = python.final_primes(1_009, 3).expect("final_primes.py runs");
        assert_eq!((fin.count, fin.workers), (169, 3)); // 1009 is prime: exact ends
    }

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The Python with `requests` and `aiohttp`, or `None` after saying
    /// why not. CI has python3 and PyPI: there the environment must build.
    fn python_with_packages() -> Option<Python> {
        match Python::with_packages(&workspace()) {
            Ok(python) => Some(python),
            Err(why) if std::env::var_os("CI").is_some() && Python::find().is_ok() => {
                panic!("CI has python3, so the virtual environment must build: {why}")
            }
            Err(why) => {
                eprintln!("skipped: {why}");
                None
            }
        }
    }

    #[test]
    fn every_io_mode_downloads_what_the_rust_chapter_expects() {
        use chapter_io_bound::server::{LARGE_PAGE, SMALL_PAGE};
        use chapter_io_bound::{Faults, Plan, Server, ServerConfig};

        let Some(python) = python_with_packages() else {
            return;
        };
        // Two runs of the six modes: a clean server, then one that answers
        // some requests 500 and drops some connections (the same requests
        // every time: the fault follows the request number).
        let faulty = Faults {
            error_share: 0.2,
            drop_share: 0.1,
            ..Faults::NONE
        };
        for faults in [Faults::NONE, faulty] {
            let config = ServerConfig {
                latency: Duration::from_millis(1),
                faults,
                ..ServerConfig::default()
            };
            let server = Server::start(config, 0).expect("the chapter's server starts on 127.0.0.1");
            let plan = Plan {
                base: server.base_url(),
                paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
                repeat: 10,
                timeout: Duration::from_secs(5),
            };
            let expected = chapter_io_bound::expected_tally(&plan, server.config());
            let runs: Vec<(&str, Result<IoRun, String>)> = IO_MODES
                .iter()
                .map(|&mode| {
                    let run = python.io_bound(mode, &plan.base, &plan.paths, plan.repeat, 3, plan.timeout);
                    (mode, run)
                })
                .collect();
            server.shutdown();
            if faults.any() {
                assert!(expected.errors() > 0 && expected.ok > 0, "{expected:?}");
            }
            for (mode, run) in runs {
                let run = run.unwrap_or_else(|err| panic!("{mode}: {err}"));
                assert_eq!(run.mode, mode);
                assert_eq!(
                    (run.requests, run.ok, run.errors, run.bytes),
                    (expected.requests(), expected.ok, expected.errors(), expected.bytes),
                    "{mode} with {faults:?}"
                );
                assert!(run.elapsed > 0.0, "{mode}");
            }
        }
    }

    #[test]
    fn every_search_mode_finds_what_the_rust_chapter_finds() {
        let python = match Python::find() {
            Ok(python) => python,
            Err(why) => {
                eprintln!("skipped: {why}");
                return;
            }
        };
        // A small collection; the needles range over twice its size, so
        // about half are found and a search that always says yes (or no)
        // cannot hit the count.
        let (seed, size, max_needle, batches) = (42, 2_000, 3_999, 4);
        let needles: Vec<Vec<u32>> = (0..batches)
            .map(|b| chapter_search::needles(seed, b, max_needle))
            .collect();
        let haystack: Vec<u32> = (0..size).collect();
        let expected = chapter_search::search_batches(&haystack, seed, max_needle, 0..batches);
        assert_eq!(
            expected,
            chapter_search::expected_total(seed, batches, size, max_needle)
        );
        for mode in SEARCH_MODES {
            for workers in [1, 3] {
                let run = python
                    .search(mode, &needles, size.into(), workers)
                    .unwrap_or_else(|err| panic!("{mode}: {err}"));
                assert_eq!(run.mode, mode);
                assert_eq!(
                    (run.batches, run.lookups, run.found),
                    (batches, 4_000, expected),
                    "{mode}"
                );
            }
        }
        // More workers than batches is refused, and the needles file goes
        // all the same.
        let err = python
            .search("batches-threads", &needles, size.into(), 5)
            .expect_err("5 workers for 4 batches");
        assert!(err.contains("--workers"), "{err}");
        let prefix = format!("reproduce-needles-{}-", std::process::id());
        let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
            .expect("the temporary folder")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
            .collect();
        assert!(left.is_empty(), "needle files left behind: {left:?}");
    }

    #[test]
    fn unknown_modes_are_refused_before_python_runs() {
        let python = Python {
            program: "/nonexistent/python3".to_owned(),
            version: String::new(),
            scripts: workspace().join("python"),
        };
        let paths = ["/dice".to_owned()];
        let err = python
            .io_bound("fork-bomb", "http://127.0.0.1:1", &paths, 1, 1, Duration::from_secs(1))
            .expect_err("no such mode");
        assert!(err.contains("no mode"), "{err}");
        let err = python.search("bogo", &[vec![1]], 10, 1).expect_err("no such mode");
        assert!(err.contains("no mode"), "{err}");
        // A known mode with the missing interpreter is an error, not a panic.
        let err = python.search("set", &[vec![1]], 10, 1).expect_err("no interpreter");
        assert!(err.contains("cannot run search.py"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_child_that_runs_past_its_limit_is_killed_and_reaped() {
        let started = Instant::now();
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30");
        let output = output_within(&mut sleeper, Some(Duration::from_millis(200))).expect("sleep starts");
        assert!(output.is_none(), "{output:?}");
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        let mut echo = Command::new("echo");
        echo.arg("done");
        let output = output_within(&mut echo, Some(Duration::from_secs(30)))
            .expect("echo starts")
            .expect("echo finishes in time");
        assert_eq!(output.stdout, b"done\n");
    }
}
