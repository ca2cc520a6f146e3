//! The modes of the chapter, Rust's and Python's, against one server in
//! interleaved rounds; the guard looks at the CPU-bound sums.

use chapter_io_bound::{Check, Mode, Outcome, Plan, Server, Sinks, Target, Work};
use concurrency_core::{Align, Table};

use super::side_by_side::PYTHON_PAIRS;
use crate::Settings;
use crate::measure::{Baseline, Bound, Claim, Judgement, Measured, Rounds, Sample, guard, mark};
use crate::pages::time_cell;
use crate::python::{IoRun, Python};

/// What a row of the modes' rounds reported: the chapter's outcome, or a
/// run of `python/io_bound.py` with the server's count of its connections.
enum Report {
    Rust(Outcome),
    Python { run: IoRun, connections: u64 },
}

/// The modes' rows and what the guard concluded about them.
pub(super) struct Modes {
    /// The chapter's modes, in the order of [`Mode::ALL`].
    pub measured: Vec<Measured<Outcome>>,
    /// Python's programs, in the order of [`PYTHON_PAIRS`] (none without
    /// Python), each run with the server's count of its connections.
    pub python: Vec<Measured<(IoRun, u64)>>,
    /// The guard's conclusion, one per Rust row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked.
    pub claims: Vec<Claim>,
}

impl Modes {
    /// Whether every mode ran and counted right in every round.
    pub fn all_exact(&self) -> bool {
        self.measured
            .iter()
            .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(|o| o.check() == Check::Exact))
    }

    /// How many modes counted right in every round they ran.
    pub fn exact_count(&self) -> usize {
        self.measured
            .iter()
            .filter(|m| !m.runs.is_empty() && m.reports().all(|o| o.check() == Check::Exact))
            .count()
    }
}

/// Runs every mode of the chapter, then Python's programs (the first few
/// rounds), against `server` with `plan`, in interleaved rounds.
pub(super) fn measure(
    settings: &Settings,
    io_settings: &chapter_io_bound::Settings,
    plan: &Plan,
    server: &Server,
    python: &Result<Python, String>,
    report: &mut dyn FnMut(&str),
) -> Modes {
    let rounds = settings.rounds();
    let target = Target {
        plan,
        server: Some(server),
    };
    // A terminal under the progress bar would garble sync-print's lines
    // and sync-log's records, so both write to a sink that discards
    // them: they time the formatting, not the terminal.
    let sinks = Sinks::discard();
    let mut rows: Rounds<'_, Report> = Rounds::new();
    for mode in Mode::ALL {
        let sinks = &sinks;
        rows.add(mode.name(), move || {
            let outcome = chapter_io_bound::run_mode(mode, target, io_settings, sinks).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: outcome.elapsed.as_secs_f64(),
                report: Report::Rust(outcome),
            })
        });
    }
    // Python's programs join the same rounds (the first few), against
    // the same server with the same plan, after the Rust rows: the
    // guard's indices below are those of the Rust rows.
    if let Ok(python) = python {
        for (name, _, _) in PYTHON_PAIRS {
            let workers = match name {
                "threads" => io_settings.threads,
                "asyncio-semaphore" => io_settings.at_once,
                "processes" => io_settings.processes,
                _ => 1,
            };
            rows.add_limited(format!("Python {name}"), settings.python_rounds(), move || {
                let before = server.stats();
                let run = python.io_bound(name, &plan.base, &plan.paths, plan.repeat, workers, plan.timeout)?;
                let connections = (server.stats() - before).connections;
                Ok(Sample {
                    secs: run.elapsed,
                    report: Report::Python { run, connections },
                })
            });
        }
    }
    let mut measured = rows.run(rounds, report);
    // The guard looks at the CPU-bound sums only: a download waits on
    // the server's latency, which threads overlap far beyond the cores.
    let cores = concurrency_core::cores();
    let index = |mode| Mode::ALL.iter().position(|&m| m == mode);
    let cpu_rows: Vec<usize> = Mode::ALL
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_cpu())
        .map(|(i, _)| i)
        .collect();
    let mut claims = Vec::new();
    if let Some(base) = index(Mode::CpuSequential) {
        for (mode, workers) in [(Mode::CpuRayon, cores), (Mode::CpuProcesses, io_settings.processes)] {
            if let Some(row) = index(mode) {
                claims.push(Claim {
                    row,
                    baseline: Baseline::Row(base),
                    workers,
                    bound: Bound::Cpu { cores },
                    peers: cpu_rows.clone(),
                });
            }
        }
    }
    let mut judgements = guard(&mut rows, &mut measured, &claims, rounds, report);
    // From here on the Rust rows and the Python rows go to two tables.
    let python_rows = measured.split_off(Mode::ALL.len());
    judgements.truncate(Mode::ALL.len());
    let rust = |r| match r {
        Report::Rust(outcome) => Some(outcome),
        Report::Python { .. } => None,
    };
    let measured: Vec<Measured<Outcome>> = measured.into_iter().map(|m| m.filter_map(rust)).collect();
    let python_rows: Vec<Measured<(IoRun, u64)>> = python_rows
        .into_iter()
        .map(|m| {
            m.filter_map(|r| match r {
                Report::Python { run, connections } => Some((run, connections)),
                Report::Rust(_) => None,
            })
        })
        .collect();
    Modes {
        measured,
        python: python_rows,
        judgements,
        claims,
    }
}

/// The modes: work done, errors, connections, median time, paired speedup,
/// check over every round.
pub(super) fn table(modes: &Modes) -> Table {
    let Modes {
        measured, judgements, ..
    } = modes;
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Done", Align::Right),
        ("Errors", Align::Left),
        ("Connections", Align::Right),
        ("Elapsed", Align::Right),
        ("Speedup", Align::Right),
        ("Check", Align::Center),
    ]);
    let find = |mode: Mode| measured.iter().find(|m| m.label == mode.name());
    for (m, judgement) in measured.iter().zip(judgements) {
        let Some(first) = m.reports().next() else {
            table.push_row([m.label.clone(), "-".into(), "failed".into()]);
            continue;
        };
        let (done, total) = first.done();
        let baseline = if first.mode.is_cpu() {
            Mode::CpuSequential
        } else {
            Mode::SyncSession
        };
        let speedup = match judgement.speedup {
            Some(s) => Some(s),
            None => find(baseline).and_then(|b| m.speedup_over(b)),
        };
        let (errors, connections) = match &first.work {
            Work::Fetched { tally, server, .. } => (
                tally.describe_errors(),
                server.map_or_else(|| "-".into(), |s| s.connections.to_string()),
            ),
            Work::Computed { .. } => ("-".into(), "-".into()),
        };
        let wrong = m.reports().filter(|o| o.check() != Check::Exact).count();
        let check = if wrong == 0 {
            format!("exact ({} of {})", m.runs.len(), m.runs.len())
        } else {
            format!("WRONG in {wrong} of {}", m.runs.len())
        };
        table.push_row([
            m.label.clone(),
            format!("{done} of {total}"),
            errors,
            connections,
            mark(time_cell(m), Some(judgement), &|p| measured[p].label.clone()),
            if first.mode == baseline {
                "baseline".to_owned()
            } else {
                speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            check,
        ]);
    }
    table
}
