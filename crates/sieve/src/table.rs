//! The chapter's table: every variant at one limit, against trial division
//! and the textbook sieve, each with its time, its peak memory and its
//! count checked against pi(10^k), or, where pi(N) is not known, against
//! the count of another crate's sieve (`primal`).
//!
//! Two baselines cannot run at every limit: trial division would take hours
//! at 10^10, and the textbook sieve would need 10 GB. They run at
//! [`TRIAL_MAX`] and [`TEXTBOOK_MAX`] at most, and the speedups compare
//! *rates* (numbers sieved per second). That flatters the baselines: trial
//! division's cost per number grows with the numbers, and the sieve's barely
//! does, so the real speedup at the full limit is larger than the one shown.

use std::time::Instant;

use concurrency_core::{Align, Table, is_prime, system};
use rayon::prelude::*;
use serde::Serialize;

use crate::{VARIANTS, Variant, known_count};

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
    /// Its wall-clock time in seconds.
    pub secs: f64,
    /// The primes it counted.
    pub count: u64,
    /// What the count must be: pi(numbers) where it is known, otherwise
    /// the count of an independent sieve (the `primal` crate's), filled in
    /// by [`measure_all`]; `None` for a row nothing has checked.
    pub expected: Option<u64>,
    /// Where `expected` comes from: `pi` or `primal`.
    pub checked_against: &'static str,
    /// Numbers per second over trial division's (filled in by [`measure_all`]).
    pub vs_trial_division: Option<f64>,
    /// Numbers per second over the textbook sieve's.
    pub vs_textbook: Option<f64>,
    /// This process's peak resident memory after the row, in bytes.
    pub peak_rss_bytes: Option<u64>,
}

impl Row {
    /// Whether the count was checked and is right. A row that nothing
    /// checked is not exact.
    pub fn exact(&self) -> bool {
        self.expected == Some(self.count)
    }

    fn rate(&self) -> f64 {
        self.numbers as f64 / self.secs.max(1e-9)
    }

    fn check(&self) -> String {
        match (self.expected, self.checked_against) {
            (Some(expected), "pi") if expected == self.count => "exact".to_string(),
            (Some(expected), _) if expected == self.count => format!("= {}", self.checked_against),
            (Some(expected), by) => format!("WRONG ({by} counts {expected})"),
            (None, _) => "UNCHECKED".to_string(),
        }
    }
}

/// Times `count` on `1..=numbers`.
pub fn measure(name: &str, numbers: u64, threads: usize, count: impl FnOnce() -> u64) -> Row {
    let start = Instant::now();
    let counted = count();
    let secs = start.elapsed().as_secs_f64();
    Row {
        variant: name.to_string(),
        numbers,
        threads,
        secs,
        count: counted,
        expected: known_count(numbers),
        checked_against: "pi",
        vs_trial_division: None,
        vs_textbook: None,
        // peak_rss, not own_peak_rss: on Linux getrusage counts what the
        // parent (cargo) held at exec; the kernel's VmHWM does not.
        peak_rss_bytes: system::peak_rss(std::process::id()),
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

/// Measures every row at `limit` on `threads` threads. The order is chosen
/// for the memory column: the peak only grows, so the sieves that need
/// little run first and the textbook sieve last. `progress` hears each
/// row's name before it runs.
pub fn measure_all(limit: u64, threads: usize, mut progress: impl FnMut(&str)) -> Vec<Row> {
    let run = |v: &Variant, progress: &mut dyn FnMut(&str)| {
        progress(v.name);
        let threads = if v.parallel { threads } else { 1 };
        measure(v.name, limit, threads, || (v.count)(limit, threads))
    };
    let mut rows: Vec<Row> = VARIANTS[1..].iter().rev().map(|v| run(v, &mut progress)).collect();
    rows.reverse();
    let trial_limit = limit.min(TRIAL_MAX);
    progress("trial division");
    let trial = measure("trial division (the tutorial's)", trial_limit, threads, || {
        trial_division(trial_limit, threads)
    });
    let textbook_limit = limit.min(TEXTBOOK_MAX);
    progress(VARIANTS[0].name);
    let textbook = measure(VARIANTS[0].name, textbook_limit, 1, || {
        (VARIANTS[0].count)(textbook_limit, 1)
    });
    let mut all = vec![trial, textbook];
    all.append(&mut rows);
    check_unknown(&mut all);
    let (trial_rate, textbook_rate) = (all[0].rate(), all[1].rate());
    for row in &mut all {
        row.vs_trial_division = Some(row.rate() / trial_rate);
        row.vs_textbook = Some(row.rate() / textbook_rate);
    }
    all
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

/// The rows as a table.
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
            format!("{:.3} s", row.secs),
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
mod tests {
    use super::*;

    fn row(numbers: u64, count: u64) -> Row {
        measure("planted", numbers, 1, || count)
    }

    #[test]
    fn a_count_with_no_known_pi_is_checked_against_primal() {
        // pi(123456) is in no table: 11601 primes, by an independent sieve.
        let mut rows = [row(123_456, 11_601), row(123_456, 11_600), row(100, 25)];
        assert_eq!(rows[0].expected, None);
        assert!(!rows[0].exact(), "nothing has checked it yet");
        assert_eq!(rows[0].check(), "UNCHECKED");
        check_unknown(&mut rows);
        assert!(rows[0].exact());
        assert_eq!(rows[0].check(), "= primal");
        assert!(!rows[1].exact());
        assert_eq!(rows[1].check(), "WRONG (primal counts 11601)");
        // A known pi stays the oracle.
        assert_eq!((rows[2].check(), rows[2].checked_against), ("exact".to_owned(), "pi"));
    }
}
