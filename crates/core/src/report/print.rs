//! How a report is printed: the tutorial's results table, one row per run,
//! and its result lines, one per worker, wrapped to 80 columns.

use std::fmt;

use crate::table::{Align, Table};
use crate::timing::format_secs;

use super::{RunReport, WorkerReport};

/// How many primes of a worker a table cell shows before `...` (as the
/// tutorial's tables do).
const PREVIEW: usize = 3;
/// Up to this many primes, a worker's line in the details lists them all.
const LIST_IN_FULL: usize = 30;
/// How many workers a table cell shows before `...` (the tutorial shows five).
const WORKERS_IN_CELL: usize = 5;
/// The width a run's details are wrapped to: a terminal's smallest usual
/// width, so that they read the same in a pipe, a file and any terminal.
pub(super) const DETAILS_WIDTH: usize = 80;

impl RunReport {
    /// The tutorial's results table, one row per report: runner type,
    /// workers, execution time, per-worker result, plus the checks the
    /// tutorial leaves out (primes against pi(N), PIDs, threads).
    pub fn table(reports: &[RunReport]) -> Table {
        let mut table = Table::new([
            ("Runner Type", Align::Center),
            ("Num. of Workers", Align::Center),
            ("Execution time", Align::Right),
            ("Execution result", Align::Left),
            ("Primes found", Align::Right),
            ("PIDs", Align::Left),
            ("Note", Align::Left),
        ]);
        for report in reports {
            let shown = report.workers.iter().take(WORKERS_IN_CELL);
            let mut result: Vec<String> = shown.map(|w| format!("`{}: {}`", w.name, preview(&w.primes))).collect();
            if report.workers.len() > WORKERS_IN_CELL {
                result.push("...".to_owned());
            }
            table.push_row([
                report.runner_type.clone(),
                report.workers.len().to_string(),
                format_secs(report.elapsed),
                result.join(" "),
                report.verdict().to_string(),
                pid_summary(&report.pids(), report.workers.len()),
                report.note(),
            ]);
        }
        table
    }
}

/// `{2, 3, 5, ...}`: the first few primes of a worker, like a Python set.
pub fn preview(primes: &[u64]) -> String {
    let shown: Vec<String> = primes.iter().take(PREVIEW).map(u64::to_string).collect();
    let more = if primes.len() > PREVIEW { ", ..." } else { "" };
    format!("{{{}{more}}}", shown.join(", "))
}

/// A worker's primes for its detail line: all of them when they are few,
/// otherwise the first few and the last, `{2, 3, 5, 7, ..., 997}`.
pub(super) fn listing(primes: &[u64]) -> String {
    let join = |ps: &[u64]| ps.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    match primes {
        few if few.len() <= LIST_IN_FULL => format!("{{{}}}", join(few)),
        [first @ .., last] => format!("{{{}, ..., {last}}}", join(&first[..PREVIEW + 1])),
        [] => "{}".to_owned(),
    }
}

fn pid_summary(pids: &[u32], workers: usize) -> String {
    match pids {
        [one] if workers > 1 => format!("{one} (same for all)"),
        [one] => one.to_string(),
        many => {
            let listed: Vec<String> = many.iter().take(WORKERS_IN_CELL).map(u32::to_string).collect();
            let more = if many.len() > WORKERS_IN_CELL { ", ..." } else { "" };
            format!("{} distinct: {}{more}", many.len(), listed.join(", "))
        }
    }
}

/// The tutorial's result lines: execution time, each worker's primes, PIDs,
/// wrapped to 80 columns (`DETAILS_WIDTH`). A worker's fields stand in columns
/// under the other workers'; its primes go on, indented, on the next lines
/// when they do not fit.
impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines: Vec<String> = Vec::new();
        let mut add = |text: &str, first: &str, rest: &str| {
            let options = textwrap::Options::new(DETAILS_WIDTH)
                .initial_indent(first)
                .subsequent_indent(rest);
            lines.extend(textwrap::wrap(text, options).into_iter().map(String::from));
        };
        let header = format!(
            "{} ({}): {} workers, numbers 1..={}, forced delay {} ms",
            self.runner,
            self.runner_type,
            self.workers.len(),
            self.limit,
            self.delay.as_millis()
        );
        add(&header, "", "  ");
        add(&format!("Execution time: {}", format_secs(self.elapsed)), "", "  ");
        add("Execution result:", "", "");
        let widest = |field: fn(&WorkerReport) -> usize| self.workers.iter().map(field).max().unwrap_or(0);
        let name = widest(|w| w.name.len());
        let pid = widest(|w| w.pid.to_string().len());
        let thread = widest(|w| w.thread.len());
        let checked = widest(|w| w.processed.to_string().len()).max(6);
        let primes = widest(|w| w.primes.len().to_string().len()).max(6);
        let indent = " ".repeat(2 + name + 2);
        for w in &self.workers {
            let line = format!(
                "{:name$}  pid {:<pid$}  thread {:<thread$}  checked {:>checked$}  primes {:>primes$}  {}",
                w.name,
                w.pid,
                w.thread,
                w.processed,
                w.primes.len(),
                listing(&w.primes),
            );
            add(&line, "  ", &indent);
            if let Some(cause) = &w.died {
                add(&format!("died: {cause}"), &indent, &indent);
            }
        }
        add(&format!("Primes found: {}", self.verdict()), "", "  ");
        add(
            &format!("Workers PID: {}", pid_summary(&self.pids(), self.workers.len())),
            "",
            "  ",
        );
        add(&format!("Note: {}", self.note()), "", "  ");
        write!(f, "{}", lines.join("\n"))
    }
}
