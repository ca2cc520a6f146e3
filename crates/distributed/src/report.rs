//! The cluster's table: one row per process, and the total checked against
//! pi(10^k).

use chapter_sieve::known_count;
use concurrency_core::{Align, Table};

use crate::dataflow::ProcessReport;

/// One row per process: process, pid, workers, numbers checked, primes,
/// time.
pub fn process_table(reports: &[ProcessReport]) -> Table {
    let mut table = Table::new([
        ("process", Align::Right),
        ("pid", Align::Right),
        ("workers", Align::Right),
        ("numbers checked", Align::Right),
        ("primes", Align::Right),
        ("time (s)", Align::Right),
    ]);
    for report in reports {
        table.push_row([
            report.process.to_string(),
            report.pid.to_string(),
            report.workers.to_string(),
            report.checked.to_string(),
            report.primes.to_string(),
            format!("{:.3}", report.secs),
        ]);
    }
    table
}

/// What the reports add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The sum of the processes' own counts.
    pub primes: u64,
    /// The numbers checked, all processes together.
    pub checked: u64,
    /// pi(limit), when the limit is a power of ten we know it for.
    pub expected: Option<u64>,
}

impl Total {
    /// Adds up `reports` for the range `1..=limit`, or says why they do not
    /// agree: a number checked twice or never, or a process whose workers
    /// summed the broadcast counts to another total.
    pub fn of(reports: &[ProcessReport], limit: u64) -> Result<Total, String> {
        let primes = reports.iter().map(|report| report.primes).sum();
        let checked = reports.iter().map(|report| report.checked).sum();
        if checked != limit {
            return Err(format!("the processes checked {checked} numbers, not {limit}"));
        }
        if let Some(report) = reports.iter().find(|report| report.total != primes) {
            return Err(format!(
                "process {} summed the partial counts to {}, the rows to {primes}",
                report.process, report.total
            ));
        }
        Ok(Total {
            primes,
            checked,
            expected: known_count(limit),
        })
    }

    /// Whether the total is right, as far as we know: it matches pi(10^k)
    /// when the limit is a power of ten in the table.
    pub fn exact(&self) -> bool {
        self.expected.is_none_or(|expected| expected == self.primes)
    }

    /// The closing line: `total: 5761455 primes in 1..=100000000 (exact: pi(10^8) = 5761455)`.
    pub fn line(&self, limit: u64) -> String {
        let check = match self.expected {
            Some(expected) if expected == self.primes => format!("exact: pi({limit}) = {expected}"),
            Some(expected) => format!("WRONG: pi({limit}) = {expected}"),
            None => "no known count to check against".to_owned(),
        };
        format!("total: {} primes in 1..={limit} ({check})", self.primes)
    }
}
