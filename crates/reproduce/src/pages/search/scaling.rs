//! The thread scaling: threads alone on the same batches, the guard
//! watching for more speedup than the cores allow.

use chapter_search::{BatchRun, BatchRunner, Mode, Plan, Scaling, scaling_workers};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::{Baseline, Bound, Claim, Judgement, Measured, Rounds, Sample, guard, mark};
use crate::pages::time_cell;

/// The scaling rows and what the guard concluded about them.
pub(super) struct ThreadScaling {
    /// The batches every row searches.
    pub batches: u64,
    /// The machine's logical cores.
    pub cores: usize,
    /// The threads of each row.
    pub workers: Vec<usize>,
    /// What each row gave.
    pub measured: Vec<Measured<BatchRun>>,
    /// The guard's conclusion, one per row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked: every one against one thread.
    pub claims: Vec<Claim>,
}

/// Runs one row per thread count of [`scaling_workers`] in interleaved
/// rounds, then the guard.
pub(super) fn measure(settings: &Settings, base: Plan, report: &mut dyn FnMut(&str)) -> ThreadScaling {
    let batches = if settings.quick { 4 } else { 10 };
    let rounds = settings.rounds();
    let cores = concurrency_core::cores();
    let workers = scaling_workers(cores);
    let mut rows: Rounds<'_, BatchRun> = Rounds::new();
    for &w in &workers {
        let runner = BatchRunner::new(Mode::Threads);
        let plan = Plan {
            workers: w,
            batches,
            ..base
        };
        rows.add(format!("{w} threads"), move || {
            let run = runner.run(&plan).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: run.elapsed.as_secs_f64(),
                report: run,
            })
        });
    }
    let mut measured = rows.run(rounds, report);
    let all: Vec<usize> = (0..workers.len()).collect();
    let one = workers.iter().position(|&w| w == 1);
    let claims: Vec<Claim> = match one {
        None => Vec::new(),
        Some(one) => all
            .iter()
            .filter(|&&i| i != one)
            .map(|&row| Claim {
                row,
                baseline: Baseline::Row(one),
                workers: workers[row],
                bound: Bound::Cpu { cores },
                peers: all.clone(),
            })
            .collect(),
    };
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, report);
    ThreadScaling {
        batches,
        cores,
        workers,
        measured,
        judgements,
        claims,
    }
}

/// The scaling table: median time, paired speedup, efficiency, and the
/// best an even split allows.
pub(super) fn table(scaling: &ThreadScaling) -> Table {
    let ThreadScaling {
        workers,
        batches,
        measured,
        judgements,
        ..
    } = scaling;
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Time", Align::Right),
        ("Speed-up", Align::Right),
        ("Efficiency", Align::Right),
        ("Best possible", Align::Right),
        ("Counts", Align::Center),
    ]);
    for ((&w, m), judgement) in workers.iter().zip(measured).zip(judgements) {
        let ideal = Scaling {
            workers: w,
            batches: *batches,
            times: Vec::new(),
            exact: true,
        }
        .ideal_speedup();
        let exact = !m.runs.is_empty() && m.reports().all(BatchRun::is_exact);
        table.push_row([
            w.to_string(),
            mark(time_cell(m), Some(judgement), &|p| measured[p].label.clone()),
            if w == 1 {
                "baseline".to_owned()
            } else {
                judgement.speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            judgement.efficiency.map_or("-".to_owned(), |e| format!("{e:.2}")),
            format!("x{ideal:.2}"),
            if exact { "exact" } else { "WRONG" }.to_owned(),
        ]);
    }
    table
}
