//! The tutorial's four runner types, and its table of runs.

use std::fmt;

use clap::ValueEnum;

/// Workers used by `--mode` without `--workers`: the tutorial's first row.
pub const DEFAULT_WORKERS: usize = 3;

// ANCHOR: runner_type
/// The tutorial's `MultiProcessRunnerType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// One process per worker, each with one contiguous chunk.
    Simple,
    /// The parent owns the queue and hands out one number per request.
    Shared,
    /// A pool of persistent worker processes pulling single numbers.
    ProcessPool,
    /// The pool of persistent processes, working on chunks.
    ChunksInPool,
}
// ANCHOR_END: runner_type

impl fmt::Display for RunnerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RunnerType::Simple => "SIMPLE",
            RunnerType::Shared => "SHARED",
            RunnerType::ProcessPool => "PROCESS_POOL",
            RunnerType::ChunksInPool => "CHUNKS_IN_POOL",
        })
    }
}

/// The tutorial's table: runner types and worker counts, in its order.
pub const TUTORIAL_TABLE: [(RunnerType, usize); 7] = [
    (RunnerType::Simple, 3),
    (RunnerType::Simple, 10),
    (RunnerType::Shared, 3),
    (RunnerType::ProcessPool, 3),
    (RunnerType::ProcessPool, 5),
    (RunnerType::ProcessPool, 10),
    (RunnerType::ChunksInPool, 10),
];

/// The runs the command line asks for: with `--mode`, that runner type
/// alone with `--workers` (or [`DEFAULT_WORKERS`]); without it, the
/// tutorial's table, or every runner type once with `--workers` when that
/// is given. Rows needing more workers than there are numbers are left out.
pub fn planned_runs(mode: Option<RunnerType>, workers: Option<usize>, limit: u64) -> Vec<(RunnerType, usize)> {
    match (mode, workers) {
        (Some(mode), workers) => vec![(mode, workers.unwrap_or(DEFAULT_WORKERS))],
        (None, Some(k)) => RunnerType::value_variants().iter().map(|&t| (t, k)).collect(),
        (None, None) => {
            let fits = TUTORIAL_TABLE.into_iter().filter(|&(_, k)| k as u64 <= limit);
            let rows: Vec<_> = fits.collect();
            if rows.is_empty() {
                vec![(RunnerType::Simple, 1)]
            } else {
                rows
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_is_the_tutorials() {
        let rows = planned_runs(None, None, 1000);
        let names: Vec<String> = rows.iter().map(|(t, k)| format!("{t} {k}")).collect();
        assert_eq!(
            names,
            [
                "SIMPLE 3",
                "SIMPLE 10",
                "SHARED 3",
                "PROCESS_POOL 3",
                "PROCESS_POOL 5",
                "PROCESS_POOL 10",
                "CHUNKS_IN_POOL 10"
            ]
        );
    }

    #[test]
    fn a_mode_or_a_worker_count_changes_the_rows() {
        assert_eq!(
            planned_runs(Some(RunnerType::Shared), None, 1000),
            [(RunnerType::Shared, DEFAULT_WORKERS)]
        );
        assert_eq!(planned_runs(None, Some(4), 1000).len(), 4);
        // Too few numbers for ten workers: those rows are left out.
        assert!(planned_runs(None, None, 5).iter().all(|&(_, k)| k <= 5));
        assert_eq!(planned_runs(None, None, 1), [(RunnerType::Simple, 1)]);
    }

    #[test]
    fn runner_types_are_named_as_in_the_tutorial() {
        let cli_names: Vec<_> = RunnerType::value_variants()
            .iter()
            .filter_map(|t| t.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        assert_eq!(cli_names, ["simple", "shared", "process-pool", "chunks-in-pool"]);
        assert_eq!(RunnerType::ChunksInPool.to_string(), "CHUNKS_IN_POOL");
    }
}
