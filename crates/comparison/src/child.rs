//! Every row of the comparison runs in a fresh child process, so that the
//! peak memory it reports is that row's alone. The child is this very
//! program in another role: one [`Row`] in, its [`Measurement`] out, each
//! one typed frame.

use std::io;
use std::path::{Path, PathBuf};

use chapter_multiprocess::worker::PrimeWorker;
use concurrency_core::{Job, RunError};
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use serde::{Deserialize, Serialize};

use crate::measurement::{Measurement, measure_in_process};
use crate::model::Model;

// ANCHOR: child
/// One row to measure: a model and the job it runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// The model to run.
    pub model: Model,
    /// Its job: the numbers `1..=limit`, the workers, the forced delay.
    pub job: Job,
}

/// The role of the child process that measures one row: one [`Row`] in,
/// its [`Measurement`] out. A worker process of `CHUNKS_IN_POOL` is a copy
/// of the same program in another role, so the program serves both
/// ([`ROLES`]).
#[derive(Debug)]
pub struct RowWorker;

impl Role for RowWorker {
    const NAME: &'static str = "comparison-row";
    type Job = Row;
    /// Just the row, so the parent gets a few numbers, not a 46 MB list of
    /// primes.
    type Reply = Measurement;

    fn serve(row: Row, channel: &mut Channel<'_, Measurement>) -> io::Result<()> {
        let Row { model, job } = row;
        if job.limit == 0 || job.workers == 0 {
            return Err(io::Error::other(format!(
                "the {model} row needs a limit and workers above 0, not {} and {}",
                job.limit, job.workers
            )));
        }
        let measured = measure_in_process(model, &job, None, true)
            .map_err(|err| io::Error::other(format!("{model} at {}: {err}", job.limit)))?;
        channel.send(&measured)
    }
}

/// The roles a program that measures rows in child processes serves: the
/// row itself, and the worker processes of `CHUNKS_IN_POOL`. Pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<RowWorker>(), role::<PrimeWorker>()];

/// Measures `model` on its version of `job` ([`Model::job`]) in a fresh
/// copy of `exe` (a program that serves [`ROLES`]), so that its peak memory
/// is this row's alone.
pub fn measure_in_child(exe: &Path, model: Model, job: &Job) -> Result<Measurement, RunError> {
    let row = Row {
        model,
        job: model.job(job),
    };
    // The guard reaps the child whatever happens.
    let mut child = ChildGuard::with_capacity(1);
    child.start::<RowWorker>(exe, &row).map_err(|source| RunError::Io {
        context: format!("cannot start {} to measure a row", exe.display()),
        source,
    })?;
    // A row's process beats while it measures: one that freezes is killed
    // after the deadline and named, one that dies is named at once.
    child.collect::<RowWorker>(0).map_err(|failure| RunError::WorkerFailed {
        worker: format!("the {model} row at {}", job.limit),
        reason: format!("its process (pid {}) {}", failure.pid, failure.reason),
    })
}
// ANCHOR_END: child

/// The program to start as a row's child: this program.
pub fn this_program() -> Result<PathBuf, RunError> {
    std::env::current_exe().map_err(|source| RunError::Io {
        context: "cannot find this program's executable".to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_row_is_measured_in_the_role_and_nonsense_is_refused() {
        let row = Row {
            model: Model::Threads,
            job: Job::new(100, 2, Duration::ZERO),
        };
        let (mut input, mut output) = (&[][..], Vec::new());
        RowWorker::serve(row.clone(), &mut Channel::new(&mut input, &mut output)).expect("a row");
        let measured: Measurement = concurrency_process::read_frame(&mut output.as_slice()).expect("one reply");
        assert_eq!(
            (measured.model, measured.primes, measured.exact),
            (Some(Model::Threads), 25, true)
        );
        for (limit, workers) in [(0, 2), (100, 0)] {
            let bad = Row {
                job: Job::new(limit, workers, Duration::ZERO),
                ..row.clone()
            };
            let (mut input, mut output) = (&[][..], Vec::new());
            let refused = RowWorker::serve(bad, &mut Channel::new(&mut input, &mut output));
            assert!(
                refused.is_err() && output.is_empty(),
                "limit {limit}, workers {workers}"
            );
        }
    }

    #[test]
    fn a_row_travels_as_one_typed_frame() {
        let row = Row {
            model: Model::Processes,
            job: Job::new(1_000_000, 10, Duration::from_millis(5)),
        };
        let mut frame = Vec::new();
        concurrency_process::write_frame(&mut frame, &row).expect("encodes");
        let back: Row = concurrency_process::read_frame(&mut frame.as_slice()).expect("decodes");
        assert_eq!(
            (back.model, back.job.limit, back.job.workers, back.job.delay),
            (Model::Processes, 1_000_000, 10, Duration::from_millis(5))
        );
    }
}
