//! The chapter's table: every variant at one limit, against trial division
//! and the textbook sieve, each with its time, its peak memory and its
//! count checked against pi(10^k), or, where pi(N) is not known, against
//! the count of another crate's sieve (`primal`).
//!
//! Two baselines cannot run at every limit: trial division would take hours
//! at 10^10, and the textbook sieve would need 10 GB. They run at <!-- figure: arithmetic: a byte per number -->
//! [`TRIAL_MAX`] and [`TEXTBOOK_MAX`] at most, and the speedups compare
//! *rates* (numbers sieved per second). That flatters the baselines: trial
//! division's cost per number grows with the numbers, and the sieve's barely
//! does, so the real speedup at the full limit is larger than the one shown.
//!
//! Every row runs in interleaved rounds ([`concurrency_core::measure`]):
//! each round runs every row once, in the same order (the sieves that need
//! little memory first, so the first round's peak memory means what it
//! says). A time is the median of the rounds with its spread; a speedup is
//! the median of the per-round ratios. One ratio is parallelism and nothing
//! else: (c) is (b)'s segments on `--threads` threads, so the guard checks
//! that (c) is no more than min(threads, cores) times faster than (b); the
//! others change the algorithm, which no core count bounds.

use concurrency_core::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark, paired_ratios,
};
use concurrency_core::{Align, Table, is_prime, median, system};
use rayon::prelude::*;
use serde::Serialize;

use crate::{VARIANTS, known_count};

/// Trial division runs at 10^7 at most (about a second on two cores).
pub const TRIAL_MAX: u64 = 10_000_000;

/// The textbook sieve runs at 10^8 at most: a byte per number is 100 MB.
pub const TEXTBOOK_MAX: u64 = 100_000_000;

/// One measured row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The variant's name.
    pub variant: String,
    /// The numbers it sieved: `1..=numbers`.
    pub numbers: u64,
    /// The threads it ran on.
    pub threads: usize,
    /// Its median wall-clock time over the rounds, in seconds.
    pub secs: f64,
    /// Every round's time, in seconds, in the order the rounds ran (then
    /// the guard's second look, if it took one).
    pub times: Vec<f64>,
    /// The primes it counted (in its first round).
    pub count: u64,
    /// Whether every round counted the same.
    pub consistent: bool,
    /// What the count must be: pi(numbers) where it is known, otherwise
    /// the count of an independent sieve (the `primal` crate's), filled in
    /// by [`measure_all`]; `None` for a row nothing has checked.
    pub expected: Option<u64>,
    /// Where `expected` comes from: `pi` or `primal`.
    pub checked_against: &'static str,
    /// Numbers per second over trial division's: the median of the
    /// per-round ratios.
    pub vs_trial_division: Option<f64>,
    /// Numbers per second over the textbook sieve's.
    pub vs_textbook: Option<f64>,
    /// This process's peak resident memory after the row's first run, in bytes.
    pub peak_rss_bytes: Option<u64>,
    /// The guard's mark: `= NAME` for a row its rounds cannot tell from the
    /// row it names, `(implausible)` for one faster than the cores allow.
    pub guard: Option<String>,
    /// The time cell: median (fastest–slowest), and the guard's mark.
    #[serde(skip)]
    time_cell: String,
}

impl Row {
    /// A row that has not run: `count` primes counted once in `secs`.
    pub fn new(variant: &str, numbers: u64, threads: usize, secs: f64, count: u64) -> Row {
        Row {
            variant: variant.to_owned(),
            numbers,
            threads,
            secs,
            times: vec![secs],
            count,
            consistent: true,
            expected: known_count(numbers),
            checked_against: "pi",
            vs_trial_division: None,
            vs_textbook: None,
            peak_rss_bytes: None,
            guard: None,
            time_cell: format!("{secs:.3} s"),
        }
    }

    /// Whether the count was checked and is right, in every round. A row
    /// that nothing checked is not exact.
    pub fn exact(&self) -> bool {
        self.consistent && self.expected == Some(self.count)
    }

    fn check(&self) -> String {
        match (self.expected, self.checked_against) {
            _ if !self.consistent => "WRONG (the rounds differ)".to_string(),
            (Some(expected), "pi") if expected == self.count => "exact".to_string(),
            (Some(expected), _) if expected == self.count => format!("= {}", self.checked_against),
            (Some(expected), by) => format!("WRONG ({by} counts {expected})"),
            (None, _) => "UNCHECKED".to_string(),
        }
    }
}

/// What one run of a row reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The primes it counted.
    pub count: u64,
    /// This process's peak resident memory after the run, in bytes.
    pub peak_rss_bytes: Option<u64>,
}

impl Report {
    /// Runs `count` once and reports it with the peak memory after it.
    fn of(count: impl FnOnce() -> u64) -> Result<Sample<Report>, String> {
        Sample::timed(|| {
            let count = count();
            // peak_rss, not own_peak_rss: on Linux getrusage counts what the
            // parent (cargo) held at exec; the kernel's VmHWM does not.
            Ok(Report {
                count,
                peak_rss_bytes: system::peak_rss(std::process::id()),
            })
        })
    }
}

/// A row to measure: its name, the numbers it sieves, its threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The variant's name.
    pub variant: String,
    /// It sieves `1..=numbers`.
    pub numbers: u64,
    /// On this many threads.
    pub threads: usize,
}

/// The rows in the order each round runs them: (d), (c), (b), trial
/// division, the textbook sieve (the peak memory only grows, so the sieves
/// that need little run first and the textbook sieve last).
pub const RUN_ORDER: [&str; 5] = ["(d)", "(c)", "(b)", "trial division", "(a)"];
const PARALLEL: usize = 1;
const SERIAL: usize = 2;
const TRIAL: usize = 3;
const TEXTBOOK: usize = 4;
/// The table's order, as indices into [`RUN_ORDER`]: the baselines first.
const TABLE_ORDER: [usize; 5] = [TRIAL, TEXTBOOK, SERIAL, PARALLEL, 0];

/// The rows, measured, and what the guard concluded.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The rows in the table's order: trial division, then (a) to (d).
    pub rows: Vec<Row>,
    /// The rows the guard checked (indices in [`RUN_ORDER`]).
    pub claims: Vec<Claim>,
    /// The guard's conclusions, in [`RUN_ORDER`].
    pub judgements: Vec<Judgement>,
    labels: Vec<String>,
}

impl Measurement {
    /// What the guard did: one line, then one per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| self.labels[i].clone())
    }
}

/// Measures every row at `limit` on `threads` threads in `runs` interleaved
/// rounds, then lets the guard look. `progress` hears each run before it
/// starts.
pub fn measure_all(limit: u64, threads: usize, runs: usize, progress: &mut dyn FnMut(&str)) -> Measurement {
    let trial_limit = limit.min(TRIAL_MAX);
    let textbook_limit = limit.min(TEXTBOOK_MAX);
    let specs = [
        (VARIANTS[3].name, limit, threads),
        (VARIANTS[2].name, limit, threads),
        (VARIANTS[1].name, limit, 1),
        ("trial division (the tutorial's)", trial_limit, threads),
        (VARIANTS[0].name, textbook_limit, 1),
    ]
    .map(|(name, numbers, threads)| Spec {
        variant: name.to_owned(),
        numbers,
        threads,
    });
    let mut rounds: Rounds<'_, Report> = Rounds::new();
    for (i, spec) in specs.iter().enumerate() {
        let (numbers, threads) = (spec.numbers, spec.threads);
        let variant = [Some(3), Some(2), Some(1), None, Some(0)][i];
        rounds.add(spec.variant.clone(), move || {
            Report::of(|| match variant {
                Some(v) => (VARIANTS[v].count)(numbers, threads),
                None => trial_division(numbers, threads),
            })
        });
    }
    judge(&mut rounds, &specs, runs, concurrency_core::cores(), progress)
}

/// Runs the rows of `rounds`, one per entry of `specs` in [`RUN_ORDER`],
/// in `runs` interleaved rounds, lets the guard check (c) against (b) on
/// `cores` cores, and makes the rows: their medians, their paired rate
/// ratios, their checks (against pi, or `primal` where pi is not known).
pub fn judge(
    rounds: &mut Rounds<'_, Report>,
    specs: &[Spec; 5],
    runs: usize,
    cores: usize,
    progress: &mut dyn FnMut(&str),
) -> Measurement {
    let mut measured = rounds.run(runs, progress);
    let claims = vec![Claim {
        row: PARALLEL,
        baseline: Baseline::Row(SERIAL),
        workers: specs[PARALLEL].threads,
        bound: Bound::Cpu { cores },
        peers: vec![SERIAL, PARALLEL],
    }];
    let judgements = guard(rounds, &mut measured, &claims, runs, progress);
    let labels: Vec<String> = measured.iter().map(|m| m.label.clone()).collect();
    // Numbers per second over a baseline's, round by round.
    let rate_over = |i: usize, base: usize| {
        let scale = specs[i].numbers as f64 / specs[base].numbers as f64;
        let ratios = paired_ratios(&measured[base].times(), &measured[i].times());
        median(ratios.iter().map(|r| r * scale))
    };
    let mut rows: Vec<Row> = TABLE_ORDER
        .iter()
        .map(|&i| {
            let m: &Measured<Report> = &measured[i];
            let reports: Vec<&Report> = m.reports().collect();
            let first = reports.first().copied();
            let stat = m.stat();
            let judgement = judgements.get(i);
            let cell = stat.map_or("-".to_owned(), |s| s.secs_cell());
            let guard = match mark(String::new(), judgement, &|p| labels[p].clone()).trim() {
                "" => None,
                marked => Some(marked.to_owned()),
            };
            let mut row = Row::new(
                &specs[i].variant,
                specs[i].numbers,
                specs[i].threads,
                stat.map_or(f64::NAN, |s: Stat| s.median),
                first.map_or(0, |r| r.count),
            );
            row.times = m.runs.iter().chain(&m.second_look).map(|(_, s)| s.secs).collect();
            row.consistent = !reports.is_empty() && reports.iter().all(|r| Some(r.count) == first.map(|f| f.count));
            row.peak_rss_bytes = first.and_then(|r| r.peak_rss_bytes);
            row.vs_trial_division = rate_over(i, TRIAL);
            row.vs_textbook = rate_over(i, TEXTBOOK);
            row.time_cell = mark(cell, judgement, &|p| labels[p].clone());
            row.guard = guard;
            row
        })
        .collect();
    check_unknown(&mut rows);
    Measurement {
        rows,
        claims,
        judgements,
        labels,
    }
}

/// The tutorial's algorithm on `threads` threads: `is_prime` on every number.
pub fn trial_division(limit: u64, threads: usize) -> u64 {
    let count = || (1..=limit).into_par_iter().filter(|&n| is_prime(n)).count() as u64;
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() {
        Ok(pool) => pool.install(count),
        Err(_) => (1..=limit).filter(|&n| is_prime(n)).count() as u64,
    }
}

/// Where pi(N) is not known, checks each such row against an independent
/// sieve: `primal`'s count of the same numbers, computed once per limit.
pub fn check_unknown(rows: &mut [Row]) {
    let mut counted: Vec<(u64, u64)> = Vec::new();
    for row in rows.iter_mut().filter(|row| row.expected.is_none()) {
        let reference = match counted.iter().find(|(n, _)| *n == row.numbers) {
            Some(&(_, count)) => count,
            None => {
                let count = primal::StreamingSieve::prime_pi(row.numbers as usize) as u64;
                counted.push((row.numbers, count));
                count
            }
        };
        row.expected = Some(reference);
        row.checked_against = "primal";
    }
}

/// The rows as a table: each time the median of the rounds with its spread,
/// marked by the guard.
pub fn table(rows: &[Row]) -> Table {
    let mut table = Table::new([
        ("variant", Align::Left),
        ("numbers", Align::Right),
        ("threads", Align::Right),
        ("time", Align::Right),
        ("vs trial division", Align::Right),
        ("vs textbook", Align::Right),
        ("peak RSS", Align::Right),
        ("primes", Align::Right),
        ("check", Align::Left),
    ]);
    let times = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.1}x"));
    for row in rows {
        table.push_row([
            row.variant.clone(),
            format!("{:e}", row.numbers as f64),
            row.threads.to_string(),
            row.time_cell.clone(),
            times(row.vs_trial_division),
            times(row.vs_textbook),
            row.peak_rss_bytes
                .map_or("-".to_string(), |b| format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))),
            row.count.to_string(),
            row.check(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests;
