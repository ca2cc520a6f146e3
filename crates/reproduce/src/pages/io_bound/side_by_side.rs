//! "Rust and Python side by side": `io_bound.py`'s programs beside the Rust
//! modes that do the same.

use std::fmt::Write as _;

use chapter_io_bound::{Mode, Outcome, Tally};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::Measured;
use crate::pages::{failures, python_rounds_phrase, time_cell};
use crate::python::{IoRun, Python};

/// Python's programs (`python/io_bound.py --mode`), each beside the Rust
/// mode that does the same thing, with what it uses.
pub(super) const PYTHON_PAIRS: [(&str, Mode, &str); 6] = [
    ("sync", Mode::SyncNoSession, "`requests.get`"),
    ("sync-session", Mode::SyncSession, "a `Session`"),
    ("threads", Mode::Threads, "`ThreadPoolExecutor`"),
    ("asyncio", Mode::Async, "`aiohttp`, all at once"),
    ("asyncio-semaphore", Mode::AsyncLimited, "`aiohttp`, `Semaphore`"),
    ("processes", Mode::Processes, "`multiprocessing.Pool`"),
];

/// "Rust and Python side by side": each Python program beside the Rust
/// mode that does the same, the ratio of their times taken round by round.
/// Returns whether every Python run got exactly the expected pages and
/// bytes (`true` when Python did not run: the page says so instead).
pub(super) fn section(
    body: &mut String,
    settings: &Settings,
    python: &Result<Python, String>,
    rust: &[Measured<Outcome>],
    rows: &[Measured<(IoRun, u64)>],
    expected: &Tally,
) -> bool {
    let _ = write!(body, "\n### Rust and Python side by side\n\n");
    let python = match python {
        Ok(python) => python,
        Err(why) => {
            let _ = writeln!(body, "**Python skipped:** {why}.");
            return true;
        }
    };
    let _ = write!(
        body,
        "{}: `python/io_bound.py`, against the same server with the same {} requests, {}. \
         \"Rust faster by\" is the median of the per-round ratios (Python's time over Rust's in the same round).\n\n",
        python.version,
        expected.requests(),
        python_rounds_phrase(settings)
    );
    let mut table = Table::new([
        ("Python program", Align::Left),
        ("Connections", Align::Right),
        ("Python time", Align::Right),
        ("Rust mode", Align::Left),
        ("Rust time", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    let mut all_exact = true;
    let mut wrong_runs = String::new();
    for ((name, mode, what), m) in PYTHON_PAIRS.iter().zip(rows) {
        let exact = |(run, _): &(IoRun, u64)| {
            run.ok == expected.ok && run.bytes == expected.bytes && run.errors == expected.errors()
        };
        let wrong = m.reports().filter(|r| !exact(r)).count();
        all_exact &= m.error.is_none() && !m.runs.is_empty() && wrong == 0;
        if wrong > 0 {
            let _ = writeln!(
                wrong_runs,
                "- **{name}: WRONG in {wrong} of {} runs** (pages, bytes or errors not the expected ones)",
                m.runs.len()
            );
        }
        let twin = rust.iter().find(|r| r.label == mode.name());
        table.push_row([
            format!("{name} ({what})"),
            m.reports().next().map_or("-".to_owned(), |(_, c)| c.to_string()),
            time_cell(m),
            format!("`{}`", mode.name()),
            twin.map_or("-".to_owned(), time_cell),
            twin.and_then(|r| r.speedup_over(m))
                .map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{wrong_runs}{}", failures(rows));
    if all_exact {
        let _ = writeln!(
            body,
            "**Every Python run exact**: every page and byte expected, no error.\n"
        );
    }
    all_exact
}
