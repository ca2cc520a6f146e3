//! The Python baselines of `python/`, run on the same machine as the Rust
//! chapters. Each script prints one JSON object; this module runs it with
//! `python3` and reads that object back.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

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
        let program = "python3".to_owned();
        let output = Command::new(&program)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .map_err(|err| format!("python3 not found ({err}); the Python baselines were skipped"))?;
        if !output.status.success() {
            return Err("python3 --version failed; the Python baselines were skipped".to_owned());
        }
        // Old Pythons print the version on standard error.
        let text = [output.stdout, output.stderr].concat();
        let version = String::from_utf8_lossy(&text).trim().to_owned();
        Ok(Python {
            program,
            version,
            scripts,
        })
    }

    /// Runs `script` with `args` and parses the JSON object it prints.
    fn run<T: for<'de> Deserialize<'de>>(&self, script: &str, args: &[String]) -> Result<T, String> {
        let output = Command::new(&self.program)
            .arg(self.scripts.join(script))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|err| format!("cannot run {script}: {err}"))?;
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
        let Ok(python) = Python::find() else {
            return; // no python3 on this machine: bench-all skips it too
        };
        let sync = python.sync_primes(1_000).expect("sync_primes.py runs");
        assert_eq!(sync.verdict(), "168 (exact)");
        let fin = python.final_primes(1_009, 3).expect("final_primes.py runs");
        assert_eq!((fin.count, fin.workers), (169, 3)); // 1009 is prime: exact ends
    }
}
