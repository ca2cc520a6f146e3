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
    /// The Python baselines, or why they are skipped.
    pub python: Result<Python, String>,
    /// The program started as worker processes and row children: this one.
    pub exe: PathBuf,
    /// Interleaved rounds per table: 5, or 3 when quick (`--runs`).
    pub runs: usize,
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

    pub(crate) fn parameters(&self) -> &'static str {
        if self.quick {
            "**Quick run** (`--quick`): reduced parameters, for checking that everything runs; not the tutorial's."
        } else {
            "Full run: the tutorial's parameters."
        }
    }
}
