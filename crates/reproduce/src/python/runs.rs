//! What the scripts print: one JSON object each.

use serde::Deserialize;

#[cfg(doc)]
use super::{IO_MODES, SEARCH_MODES};

/// What `sync_primes.py` and `final_primes.py` print.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PrimeRun {
    /// `1..=limit` was checked.
    pub limit: u64,
    /// Processes used.
    pub workers: usize,
    /// Primes found.
    pub count: u64,
    /// pi(limit) when the script knows it. Only printed: the check is
    /// [`PrimeRun::oracle`], on the Rust side, so a script with a wrong
    /// table of its own cannot vouch for its own count.
    pub expected: Option<u64>,
    /// Seconds, pool start-up included.
    pub elapsed: f64,
}

impl PrimeRun {
    /// pi(limit), from the Rust side's table, where it is known.
    pub fn oracle(&self) -> Option<u64> {
        concurrency_core::known_prime_count(self.limit)
    }

    /// Whether the count is pi(limit); a count with no known pi passes and
    /// is printed `unchecked`.
    pub fn exact(&self) -> bool {
        self.oracle().is_none_or(|pi| pi == self.count)
    }

    /// `9592 (exact)`, as the Rust tables print their counts.
    pub fn verdict(&self) -> String {
        match self.oracle() {
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

/// What `cpu_workers.py` prints, and what the Rust side of the same
/// experiment reports (`pages::no_gil`): W workers taking blocks of numbers
/// from one shared counter, each recording when it computed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CpuRun {
    /// `threads` or `processes`.
    pub mode: String,
    /// `1..=limit` was checked.
    pub limit: u64,
    /// Primes found.
    pub count: u64,
    /// Seconds, from before the first worker started to after the last
    /// one ended (a pool's start-up included).
    pub elapsed: f64,
    /// One entry per worker, in the order they started.
    pub workers: Vec<CpuWorker>,
}

/// One worker of a [`CpuRun`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CpuWorker {
    /// `Worker-1`, ...
    pub name: String,
    /// The process it ran in.
    pub pid: u32,
    /// The thread it ran on.
    pub thread: String,
    /// Numbers it checked.
    pub numbers: u64,
    /// Seconds it spent computing: the sum of its stretches.
    pub busy: f64,
    /// When it computed without a pause, in seconds since the run started:
    /// `[start, end]` pairs, a pause being a gap of a millisecond or more.
    pub stretches: Vec<(f64, f64)>,
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
        // The script's own `expected` vouches for nothing: a script that
        // agrees with its own wrong count is still wrong.
        let vouched = PrimeRun {
            count: 24,
            expected: Some(24),
            ..wrong
        };
        assert!(!vouched.exact());
        assert_eq!(vouched.verdict(), "24 (WRONG: expected 25)");
    }

    #[test]
    fn a_cpu_run_parses_with_its_stretches() {
        let json = r#"{"program": "cpu_workers", "mode": "threads", "limit": 100, "count": 25, "expected": 25,
            "elapsed": 0.01, "workers": [{"name": "Worker-1", "pid": 7, "thread": "Worker-1", "numbers": 100,
            "primes": 25, "busy": 0.002, "stretches": [[0.001, 0.002], [0.004, 0.005]]}]}"#;
        let run: CpuRun = serde_json::from_str(json).expect("the script's JSON");
        assert_eq!(run.count, 25);
        assert_eq!(run.workers[0].stretches, [(0.001, 0.002), (0.004, 0.005)]);
    }
}
