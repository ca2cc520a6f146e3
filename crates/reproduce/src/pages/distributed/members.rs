//! The page's clusters of real member processes: this program started as
//! each member by chapter-distributed's launcher (`run_local`), and the run
//! timed from the launcher, as a reader's `--processes N` is.

use std::time::Duration;

use chapter_distributed::report::Total;
use chapter_distributed::{Kernel, LocalRun, run_local};

use crate::measure::{Measured, Sample, Stat};

/// What one run of a row gives: the count, and for a cluster of member
/// processes the slowest member's counting time (from joining the cluster
/// to its last worker's end), which the launcher's time includes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    /// The primes found, all members together.
    pub count: u64,
    /// The slowest member's counting seconds, for a cluster of processes.
    pub counting: Option<f64>,
}

impl Run {
    /// A row counted inside this program: no members.
    pub fn counted(count: u64) -> Run {
        Run { count, counting: None }
    }
}

/// One run of a local cluster of `processes` member processes of `workers`
/// workers each over `1..=limit`, timed from the launcher: from finding the
/// ports to the last member reaped.
pub fn cluster(processes: usize, workers: usize, limit: u64, kernel: Kernel) -> Result<Sample<Run>, String> {
    let run = LocalRun {
        processes,
        workers,
        connect_timeout: Duration::from_secs(30),
        progress_timeout: Duration::from_secs(60),
        limit,
        kernel,
        keep: false,
    };
    Sample::timed(|| {
        let reports = run_local(run)?;
        let total = Total::of(&reports, limit)?;
        let counting = reports.iter().map(|report| report.secs).fold(0.0, f64::max);
        Ok(Run {
            count: total.primes,
            counting: Some(counting),
        })
    })
}

/// The median and spread of a cluster row's counting seconds, and of the
/// rest of its time (the launcher's time minus the counting, per round):
/// starting the members, connecting them, and reaping them.
pub fn split(row: &Measured<Run>) -> (Option<Stat>, Option<Stat>) {
    let runs = || {
        row.runs
            .iter()
            .filter_map(|(_, sample)| Some((sample.secs, sample.report.counting?)))
    };
    let counting: Vec<f64> = runs().map(|(_, counting)| counting).collect();
    let rest: Vec<f64> = runs().map(|(whole, counting)| whole - counting).collect();
    (Stat::of(&counting), Stat::of(&rest))
}
