//! What a run measures and where it writes.

use std::path::PathBuf;
use std::time::Duration;

use concurrency_core::Job;

use crate::python::Python;
use crate::{Chapter, measure};

/// What to run and where to write it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Reduced parameters (CI): small limits and delays.
    pub quick: bool,
    /// The folder the results go to.
    pub out: PathBuf,
    /// The largest limit of the comparison and the final solution.
    pub max_limit: u64,
    /// The largest limit the Python baselines run at.
    pub python_max_limit: u64,
    /// The chapters to run.
    pub chapters: Vec<Chapter>,
    /// The Python baselines, or why they are skipped: the first `--python`
    /// (`python3` by default), which every page's Python rows run under.
    pub python: Result<Python, String>,
    /// The other interpreters of `--python` (and the free-threaded one
    /// `--python-free-threaded` found): the "Calling Rust from Python" page
    /// runs its rows under each of them too, beside the first's, in the same
    /// interleaved rounds.
    pub other_pythons: Vec<Python>,
    /// The program started as worker processes and row children: this one.
    pub exe: PathBuf,
    /// Interleaved rounds per table: 5, or 3 when quick (`--runs`).
    pub runs: usize,
    /// The options the run was given, as typed (empty for none): the pages
    /// name the command that wrote them.
    pub options: String,
}

impl Settings {
    /// The delay chapters' job: 1000 numbers at 50 ms (the tutorial's), or
    /// 100 at 5 ms when quick.
    pub(crate) fn delay_job(&self, workers: usize) -> Job {
        if self.quick {
            Job::new(100, workers, Duration::from_millis(5))
        } else {
            Job::new(1_000, workers, Duration::from_millis(50))
        }
    }

    /// The limits of the comparison and the final solution.
    pub fn limits(&self) -> Vec<u64> {
        if self.quick {
            [10_000, 100_000].into_iter().filter(|&l| l <= self.max_limit).collect()
        } else {
            chapter_comparison::limits_up_to(self.max_limit)
        }
    }

    /// The rounds of every table (at least 1).
    pub fn rounds(&self) -> usize {
        self.runs.max(1)
    }

    /// The rounds a Python row joins: the first 3, or fewer when the tables
    /// have fewer.
    pub fn python_rounds(&self) -> usize {
        self.rounds().min(measure::PYTHON_ROUNDS)
    }

    /// Every interpreter of the run, the first `--python` first.
    pub fn pythons(&self) -> Vec<&Python> {
        self.python.iter().chain(&self.other_pythons).collect()
    }

    /// One line for the pages with Python rows: the free-threaded
    /// interpreters that ran, or that none was given or found.
    pub(crate) fn free_threaded_line(&self) -> String {
        crate::python::free_threaded_line(self.pythons().into_iter().map(|p| &p.interpreter))
    }

    /// One line under a page's Python rows: the first interpreter's label,
    /// and [`Settings::free_threaded_line`]; the other interpreters' rows are
    /// on the "Calling Rust from Python" page, which says so.
    pub(crate) fn python_rows_line(&self) -> String {
        let label = self.python.as_ref().map_or("none", |p| p.version.as_str());
        let elsewhere = if self.other_pythons.is_empty() {
            ""
        } else {
            " The other interpreters' rows are on the page \"Calling Rust from Python\"."
        };
        format!("Python rows: `{label}`. {}{elsewhere}", self.free_threaded_line())
    }

    /// The command that wrote the pages, as a reader would type it.
    pub(crate) fn command(&self) -> String {
        if self.options.is_empty() {
            "cargo run --release -p reproduce".to_owned()
        } else {
            format!("cargo run --release -p reproduce -- {}", self.options)
        }
    }

    /// One sentence on the parameters: the tutorial's, or how they differ.
    pub(crate) fn parameters(&self) -> String {
        if self.quick {
            "**Quick run** (`--quick`): reduced parameters, for checking that everything runs; not the tutorial's."
                .to_owned()
        } else if self.max_limit == TUTORIAL_MAX_LIMIT {
            "Full run: the tutorial's parameters.".to_owned()
        } else {
            format!(
                "Full run: the tutorial's parameters, except that the prime tables (comparison, final solution, \
                 distributed) stop at {} instead of the tutorial's {TUTORIAL_MAX_LIMIT} (`--max-limit`).",
                self.max_limit
            )
        }
    }
}

/// The largest limit of the tutorial's prime tables, 10^8: the full run's
/// `--max-limit` unless told otherwise.
pub const TUTORIAL_MAX_LIMIT: u64 = 100_000_000;

#[cfg(test)]
impl Settings {
    /// A quick run's settings with no Python, for the unit tests.
    pub(crate) fn quick_for_tests() -> Self {
        Self {
            quick: true,
            out: PathBuf::from("/tmp"),
            max_limit: 100,
            python_max_limit: 100,
            chapters: vec![Chapter::Sync],
            python: Err("test".to_owned()),
            other_pythons: Vec::new(),
            exe: PathBuf::from("/bin/true"),
            runs: 3,
            options: "--quick --runs 3".to_owned(),
        }
    }
}
