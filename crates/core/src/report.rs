//! What a run did: per worker, who found which primes, where (process id and
//! thread), and how long it all took. Printed the way the tutorial shows its
//! results, as a table row, or as JSON. The data and its checks are here;
//! the table and the printed lines are in `print`.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::primes::known_prime_count;
use crate::timeline::Span;

mod print;

pub use print::preview;

// ANCHOR: reports
/// What one worker did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerReport {
    /// `Worker-1`, `Worker-2`, ...
    pub name: String,
    /// The OS process the worker ran in: one PID for threads and tasks,
    /// a different one per worker for processes.
    pub pid: u32,
    /// The name of the thread that finished the worker (`main` for the
    /// synchronous chapters).
    pub thread: String,
    /// The primes it found, in the order it found them.
    pub primes: Vec<u64>,
    /// How many numbers it checked, primes or not.
    pub processed: u64,
    /// Time spent checking numbers, forced delay excluded. With a delay it
    /// is the sum of the checks; with none, the span from the worker's first
    /// number to its report, which spares a clock read per number (that
    /// would cost a noticeable share of a check) and is what a load-balance
    /// table wants: when did each worker finish its share.
    #[serde(with = "secs_f64")]
    pub busy: Duration,
    /// What ended this worker before the work was done, if something did
    /// (a worker process that crashed, say). Its work was handed to another
    /// worker; what it acknowledged before stays counted here.
    #[serde(default)]
    pub died: Option<String>,
    /// What ran when: one span per number, when the job asked for a
    /// timeline ([`Job::with_timeline`](crate::Job::with_timeline));
    /// empty otherwise.
    ///
    /// Always written, even empty (`"spans": []` in the JSON): reports also
    /// cross pipes in postcard, which writes no field names, so a reader
    /// cannot tell a field left out (`skip_serializing_if`) from the next
    /// one, and fails.
    #[serde(default)]
    pub spans: Vec<Span>,
}

/// What a whole run did: the tutorial's `{'Worker-1': {2, 3, ...}, ...}`
/// with the execution time, plus what it leaves out (PIDs, threads, counts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The runner, e.g. `SyncTaskRunner`.
    pub runner: String,
    /// The runner type as the tutorial names it, e.g. `SIMPLE`.
    pub runner_type: String,
    /// The numbers checked were `1..=limit`.
    pub limit: u64,
    /// The forced delay per number.
    #[serde(with = "secs_f64")]
    pub delay: Duration,
    /// Wall-clock time of the whole run.
    #[serde(with = "secs_f64")]
    pub elapsed: Duration,
    /// One report per worker, in worker order.
    pub workers: Vec<WorkerReport>,
}
// ANCHOR_END: reports

/// Whether a run found the right primes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every prime of `1..=limit` was found exactly once, and nothing else.
    Exact {
        /// The number of primes, pi(limit).
        count: u64,
    },
    /// Something is wrong: a prime missing, found twice, or a non-prime kept.
    Wrong {
        /// What the workers reported in total.
        found: u64,
        /// What they should have found.
        expected: u64,
    },
    /// No oracle for this limit (not a power of ten, and too large to sieve).
    Unchecked {
        /// What the workers reported in total.
        found: u64,
    },
}

impl RunReport {
    /// How many primes the workers found, all together.
    pub fn primes_found(&self) -> u64 {
        self.workers.iter().map(|w| w.primes.len() as u64).sum()
    }

    /// How many numbers the workers checked, all together.
    pub fn numbers_processed(&self) -> u64 {
        self.workers.iter().map(|w| w.processed).sum()
    }

    /// Checks the result against an oracle: the known pi(10^k) for powers
    /// of ten, a sieve for other limits up to [`SIEVE_MAX`]. Primes found
    /// twice or out of range, and a total of checked numbers other than
    /// `limit`, make the verdict `Wrong`.
    pub fn verdict(&self) -> Verdict {
        let found = self.primes_found();
        let Some(expected) = expected_prime_count(self.limit) else {
            return Verdict::Unchecked { found };
        };
        // Sorting a copy costs one more Vec of primes (46 MB at 10^8), far
        // less than a set, and makes duplicates sit next to each other.
        let mut all: Vec<u64> = self.workers.iter().flat_map(|w| w.primes.iter().copied()).collect();
        all.sort_unstable();
        let distinct = all.windows(2).all(|pair| pair[0] < pair[1]);
        let in_range = all.last().is_none_or(|&p| p <= self.limit);
        if found == expected && distinct && in_range && self.numbers_processed() == self.limit {
            Verdict::Exact { count: found }
        } else {
            Verdict::Wrong { found, expected }
        }
    }

    /// Names of the workers that checked at least one number.
    pub fn active_workers(&self) -> Vec<&str> {
        let active = self.workers.iter().filter(|w| w.processed > 0);
        active.map(|w| w.name.as_str()).collect()
    }

    /// The distinct process ids the workers ran in, in worker order.
    pub fn pids(&self) -> Vec<u32> {
        let mut pids: Vec<u32> = Vec::new();
        for worker in &self.workers {
            if !pids.contains(&worker.pid) {
                pids.push(worker.pid);
            }
        }
        pids
    }

    /// The tutorial's "Note" column, worked out from what happened.
    pub fn note(&self) -> String {
        let active = self.active_workers();
        let total = self.workers.len();
        let mut note = match active.as_slice() {
            [] => "no worker did anything".to_owned(),
            [only] if total > 1 => format!("only {only} did the processing"),
            _ if active.len() == total => format!("all {total} workers did the processing"),
            _ => format!("{} of {total} workers did the processing", active.len()),
        };
        for worker in self.workers.iter().filter(|w| w.died.is_some()) {
            note.push_str(&format!("; {} died, its work was redone", worker.name));
        }
        note
    }
}

/// The largest limit that is not a power of ten for which a report is still
/// checked, by a sieve holding one byte per number (10 MB).
pub const SIEVE_MAX: u64 = 10_000_000;

/// The number of primes in `1..=limit`: the known pi(10^k) for a power of
/// ten, otherwise counted by a sieve of Eratosthenes (an independent method)
/// when `limit <= SIEVE_MAX`; `None` above that.
pub fn expected_prime_count(limit: u64) -> Option<u64> {
    if let Some(count) = known_prime_count(limit) {
        return Some(count);
    }
    if limit > SIEVE_MAX {
        return None;
    }
    let limit = limit as usize; // at most SIEVE_MAX, so it fits
    let mut composite = vec![false; limit + 1];
    let mut count = 0;
    for n in 2..=limit {
        if !composite[n] {
            count += 1;
            for multiple in (n * n..=limit).step_by(n) {
                composite[multiple] = true;
            }
        }
    }
    Some(count)
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Exact { count } => write!(f, "{count} (exact)"),
            Verdict::Wrong { found, expected } => write!(f, "{found} (WRONG: expected {expected})"),
            Verdict::Unchecked { found } => write!(f, "{found} (unchecked)"),
        }
    }
}

// Durations as seconds in a float (`50.5522`): the one helper, `crate::secs`.
use crate::secs as secs_f64;

#[cfg(test)]
mod tests {
    use super::print::{DETAILS_WIDTH, listing};
    use super::*;

    fn worker(name: &str, pid: u32, primes: &[u64], processed: u64) -> WorkerReport {
        WorkerReport {
            name: name.to_owned(),
            pid,
            thread: "main".to_owned(),
            primes: primes.to_vec(),
            processed,
            busy: Duration::from_millis(3),
            died: None,
            spans: Vec::new(),
        }
    }

    fn report(workers: Vec<WorkerReport>, limit: u64) -> RunReport {
        RunReport {
            runner: "TestRunner".to_owned(),
            runner_type: "SIMPLE".to_owned(),
            limit,
            delay: Duration::from_millis(50),
            elapsed: Duration::from_secs_f64(1.23456),
            workers,
        }
    }

    #[test]
    fn an_exact_run_is_recognised() {
        let r = report(
            vec![worker("Worker-1", 7, &[2, 3, 5, 7], 10), worker("Worker-2", 7, &[], 0)],
            10,
        );
        assert_eq!(r.verdict(), Verdict::Exact { count: 4 });
        assert_eq!(r.note(), "only Worker-1 did the processing");
        assert_eq!(r.pids(), [7]);
    }

    #[test]
    fn a_dead_worker_is_named_in_the_note_and_the_details() {
        let mut dead = worker("Worker-2", 8, &[5], 3);
        dead.died = Some("killed by signal 9".to_owned());
        let r = report(vec![worker("Worker-1", 7, &[2, 3, 7], 7), dead], 10);
        assert_eq!(r.verdict(), Verdict::Exact { count: 4 });
        assert!(r.note().contains("Worker-2 died"), "{}", r.note());
        assert!(r.to_string().contains("died: killed by signal 9"), "{r}");
    }

    #[test]
    fn missing_duplicated_or_foreign_primes_are_wrong() {
        let missing = report(vec![worker("Worker-1", 7, &[2, 3, 5], 10)], 10);
        let twice = report(
            vec![worker("Worker-1", 7, &[2, 3, 5], 5), worker("Worker-2", 8, &[5], 5)],
            10,
        );
        let foreign = report(vec![worker("Worker-1", 7, &[2, 3, 5, 11], 10)], 10);
        let unchecked = report(vec![worker("Worker-1", 7, &[2, 3, 5, 7], 9)], 10);
        for r in [missing, twice, foreign, unchecked] {
            assert!(matches!(r.verdict(), Verdict::Wrong { .. }), "{r}");
        }
    }

    #[test]
    fn expected_count_uses_a_sieve_off_the_powers_of_ten() {
        assert_eq!(expected_prime_count(1_000), Some(168));
        assert_eq!(expected_prime_count(100_000_000), Some(5_761_455));
        assert_eq!(expected_prime_count(30), Some(10));
        assert_eq!(expected_prime_count(2), Some(1));
        assert_eq!(expected_prime_count(1), Some(0));
        assert_eq!(expected_prime_count(999_983), Some(78_498)); // the last prime below 10^6
        assert_eq!(expected_prime_count(SIEVE_MAX + 1), None);
    }

    #[test]
    fn prints_like_the_tutorial() {
        let r = report(
            vec![worker("Worker-1", 7, &[2, 3, 5, 7], 10), worker("Worker-2", 7, &[], 0)],
            10,
        );
        let text = r.to_string();
        assert!(text.contains("Execution time: 1.2346 sec"), "{text}");
        assert!(text.contains("{2, 3, 5, 7}"), "{text}");
        let many: Vec<u64> = (1..=200).filter(|&n| crate::is_prime(n)).collect();
        assert_eq!(listing(&many), "{2, 3, 5, 7, ..., 199}");
        assert_eq!(listing(&many[..25]).matches(", ").count(), 24);
        assert!(text.contains("Workers PID: 7 (same for all)"), "{text}");
        let row = RunReport::table(&[r]).to_string();
        assert!(row.contains("`Worker-1: {2, 3, 5, ...}` `Worker-2: {}`"), "{row}");
        assert_eq!(preview(&[2, 3]), "{2, 3}");
    }

    #[test]
    fn the_details_fit_80_columns_and_keep_every_prime() {
        let primes: Vec<u64> = (1..=100).filter(|&n| crate::is_prime(n)).collect();
        let mut busy = worker("Worker-1", 4_194_304, &primes, 100);
        busy.thread = "tokio-runtime-worker".to_owned();
        let mut dead = worker("Worker-2", 4_194_305, &[], 0);
        dead.died =
            Some("killed by signal 9 (SIGKILL) while it checked 97; its numbers were handed to Worker-1".to_owned());
        let mut r = report(vec![busy, dead], 100);
        r.runner = "MultiProcessTaskRunnerWithAVeryLongName".to_owned();
        r.runner_type = "CHUNKS_IN_POOL".to_owned();
        let text = r.to_string();
        for line in text.lines() {
            assert!(
                line.chars().count() <= DETAILS_WIDTH,
                "over {DETAILS_WIDTH}: {line}\n{text}"
            );
        }
        // Unwrapped, the text says what it said on one line per fact.
        let unwrapped = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let all = primes.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
        assert!(unwrapped.contains(&format!("primes 25 {{{all}}}")), "{text}");
        assert!(unwrapped.contains("died: killed by signal 9 (SIGKILL)"), "{text}");
        assert!(
            unwrapped.contains("Note: only Worker-1 did the processing; Worker-2 died"),
            "{text}"
        );
        // The fields of the workers stand in columns.
        let at = |name: &str, field: &str| {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(name))
                .expect("a line per worker");
            line.find(field)
        };
        assert_eq!(at("Worker-1", " checked "), at("Worker-2", " checked "), "{text}");
    }

    #[test]
    fn json_round_trips_with_seconds_as_floats() {
        let r = report(vec![worker("Worker-1", 7, &[2, 3, 5, 7], 10)], 10);
        let json = serde_json::to_string(&r).expect("serializable");
        assert!(json.contains(r#""elapsed":1.23456"#), "{json}");
        let back: RunReport = serde_json::from_str(&json).expect("deserializable");
        assert_eq!(back, r);
    }
}
