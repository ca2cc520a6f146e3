//! The two tokio runtimes compared on CPU-bound work (`--compare-runtimes`):
//! with nothing to await, only the multi-thread runtime gains from more tasks.
//!
//! The chapter measures the comparison like `bench-all` measures: its rows
//! in `--runs` interleaved rounds ([`measure_runtimes`]), each time the
//! median with its spread, each speedup the median of the per-round ratios,
//! and core's guard ([`concurrency_core::measure`]) on the rows with many
//! tasks: a speedup the runtime's threads cannot give is measured again and
//! marked `(implausible)` if it still is, and a row its spread cannot tell
//! from one task is marked a tie (`= current-thread, 1 task`).

use std::time::Duration;

use concurrency_core::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, guard, mark};
use concurrency_core::{Align, Job, RunError, RunReport, Table, TaskRunner, Verdict};

use crate::runner::{AsyncTaskRunner, RunnerType};
use crate::runtime::AsyncRuntime;

// ANCHOR: compare_runtimes
/// The two tokio runtimes compared on CPU-bound work: `TASK_GROUP` with one
/// task, then with `tasks` tasks, on the current-thread runtime and on the
/// multi-thread one. Run it with no delay and a large limit. This is one
/// round; the chapter runs these rows in rounds ([`measure_runtimes`]).
pub fn compare_runtimes(limit: u64, tasks: usize, delay: Duration) -> Result<Vec<RunReport>, RunError> {
    let mut reports = Vec::with_capacity(4);
    for runtime in [AsyncRuntime::TokioCurrentThread, AsyncRuntime::TokioMultiThread] {
        for workers in [1, tasks] {
            let runner = AsyncTaskRunner::new(RunnerType::TaskGroup, runtime);
            reports.push(runner.run(&Job::new(limit, workers, delay))?);
        }
    }
    Ok(reports)
}
// ANCHOR_END: compare_runtimes

/// Rounds of `--compare-runtimes` when `--runs` is not given: enough for a
/// median and a spread.
pub const DEFAULT_RUNS: usize = 3;

/// One row of the comparison: a runtime and a number of tasks.
fn run_once(runtime: AsyncRuntime, job: &Job) -> Result<RunReport, String> {
    AsyncTaskRunner::new(RunnerType::TaskGroup, runtime)
        .run(job)
        .map_err(|err| err.to_string())
}

/// The comparison measured like `bench-all` measures: the four rows of
/// [`compare_runtimes`] in interleaved rounds, and core's guard on the rows
/// with many tasks.
#[derive(Debug, Clone)]
pub struct RuntimeRounds {
    /// `(runtime, tasks)` of each entry of `measured`.
    pub keys: Vec<(AsyncRuntime, usize)>,
    /// What each row gave over the rounds.
    pub measured: Vec<Measured<RunReport>>,
    /// The guard's conclusions, one per row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked.
    pub claims: Vec<Claim>,
}

/// Runs [`compare_runtimes`]'s four rows in `runs` interleaved rounds; the
/// speedup of many tasks is over one task on the same runtime, judged by
/// the guard. With no delay the work is CPU-bound: the current-thread
/// runtime has one thread to give, the multi-thread one `cores`; with a
/// delay, the tasks may sleep side by side.
pub fn measure_runtimes(
    limit: u64,
    tasks: usize,
    delay: Duration,
    runs: usize,
    cores: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<RuntimeRounds, String> {
    let mut rows: Rounds<'_, RunReport> = Rounds::new();
    let mut keys = Vec::new();
    for runtime in [AsyncRuntime::TokioCurrentThread, AsyncRuntime::TokioMultiThread] {
        for workers in [1, tasks] {
            keys.push((runtime, workers));
            let job = Job::new(limit, workers, delay);
            rows.add(row_name(runtime, workers), move || {
                let report = run_once(runtime, &job)?;
                Ok(Sample {
                    secs: report.elapsed.as_secs_f64(),
                    report,
                })
            });
        }
    }
    let threads = |runtime| match runtime {
        AsyncRuntime::TokioCurrentThread => 1,
        _ => cores,
    };
    let bound = |runtime| {
        if delay.is_zero() {
            Bound::Cpu {
                cores: threads(runtime),
            }
        } else {
            Bound::Sleep
        }
    };
    judge(&mut rows, keys, runs, &bound, progress)
}

/// Runs `rows` (keyed by `keys`, one task before many on each runtime) in
/// `runs` rounds and lets the guard check each row of many tasks against
/// one task on its runtime, bound by `bound`; the first failure is the error.
pub fn judge(
    rows: &mut Rounds<'_, RunReport>,
    keys: Vec<(AsyncRuntime, usize)>,
    runs: usize,
    bound: &dyn Fn(AsyncRuntime) -> Bound,
    progress: &mut dyn FnMut(&str),
) -> Result<RuntimeRounds, String> {
    let mut measured = rows.run(runs, progress);
    if let Some((m, err)) = measured.iter().find_map(|m| Some((m, m.error.as_ref()?))) {
        return Err(format!("{}: {err}", m.label));
    }
    let mut claims = Vec::new();
    for (row, &(runtime, workers)) in keys.iter().enumerate() {
        let Some(one) = keys.iter().position(|&k| k == (runtime, 1)) else {
            continue;
        };
        if one == row {
            continue;
        }
        claims.push(Claim {
            row,
            baseline: Baseline::Row(one),
            workers,
            bound: bound(runtime),
            peers: vec![one],
        });
    }
    let judgements = guard(rows, &mut measured, &claims, runs, progress);
    Ok(RuntimeRounds {
        keys,
        measured,
        judgements,
        claims,
    })
}

/// `current-thread, 10 tasks`: a row's name in a mark or a note.
fn row_name(runtime: AsyncRuntime, tasks: usize) -> String {
    let runtime = runtime.to_string();
    let runtime = runtime.trim_start_matches("tokio ").trim_start_matches("tokio-");
    match tasks {
        1 => format!("{runtime}, 1 task"),
        n => format!("{runtime}, {n} tasks"),
    }
}

impl RuntimeRounds {
    /// The run that stands for row `i`: the one whose time is its median.
    pub fn representative(&self, i: usize) -> Option<&RunReport> {
        self.measured.get(i)?.median_report()
    }

    /// Every row's median run, in order.
    pub fn reports(&self) -> Vec<RunReport> {
        (0..self.measured.len())
            .filter_map(|i| self.representative(i).cloned())
            .collect()
    }

    /// Whether a run found a wrong count (every run is checked).
    pub fn any_wrong(&self) -> bool {
        self.measured
            .iter()
            .any(|m| m.reports().any(|r| matches!(r.verdict(), Verdict::Wrong { .. })))
    }

    /// The guard's account: one line, then one per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| {
            self.measured.get(i).map_or("?".to_owned(), |m| m.label.clone())
        })
    }

    /// The comparison as a table: per row, the runtime, the tasks, the
    /// median time and its spread, the speedup over one task on the same
    /// runtime (the median of the per-round ratios), and how many threads
    /// and workers did the work in the median run; the guard's marks.
    pub fn table(&self) -> Table {
        let mut table = Table::new([
            ("Runtime", Align::Left),
            ("Tasks", Align::Right),
            ("Execution time", Align::Right),
            ("Speedup", Align::Right),
            ("Primes found", Align::Right),
            ("Threads used", Align::Right),
            ("Workers that worked", Align::Right),
        ]);
        let name = |p: usize| self.measured.get(p).map_or("?".to_owned(), |m| m.label.clone());
        for (i, (m, &(runtime, tasks))) in self.measured.iter().zip(&self.keys).enumerate() {
            let judgement = self.judgements.get(i);
            let one = self.keys.iter().position(|&k| k == (runtime, 1));
            let speedup = judgement
                .and_then(|j| j.speedup)
                .or_else(|| m.speedup_over(self.measured.get(one?)?));
            let speedup = match speedup {
                _ if one == Some(i) => "x1.00".to_owned(),
                None => "-".to_owned(),
                Some(s) if judgement.is_some_and(Judgement::is_implausible) => {
                    format!("{} (implausible)", s.ratio_cell())
                }
                Some(s) => s.ratio_cell(),
            };
            let mut verdicts: Vec<String> = Vec::new();
            for v in m.reports().map(|r| r.verdict().to_string()) {
                if !verdicts.contains(&v) {
                    verdicts.push(v);
                }
            }
            let shown = self.representative(i);
            table.push_row([
                runtime.to_string(),
                tasks.to_string(),
                m.stat()
                    .map_or("-".to_owned(), |s| mark(s.secs_cell(), judgement, &name)),
                speedup,
                verdicts.join(" / "),
                shown.map_or("-".to_owned(), |r| threads_used(r).to_string()),
                shown.map_or("-".to_owned(), |r| r.active_workers().len().to_string()),
            ]);
        }
        table
    }
}

/// How many distinct threads the workers that checked numbers ran on.
fn threads_used(report: &RunReport) -> usize {
    let mut threads: Vec<&str> = report
        .workers
        .iter()
        .filter(|w| w.processed > 0)
        .map(|w| w.thread.as_str())
        .collect();
    threads.sort_unstable();
    threads.dedup();
    threads.len()
}

/// What the comparison shows, printed under its table.
pub const COMPARISON_LESSON: &str = "\
With nothing to await, a task never gives its thread back: on the current-thread runtime the
first task checks every number while the others wait, so more tasks gain nothing (asyncio
behaves the same). The multi-thread runtime runs up to one task per core at the same time,
in parallel: Rust has no GIL. On either runtime, a task that computes for long blocks the
other tasks of its thread; real code moves such work to spawn_blocking or to rayon.";

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::Verdict;

    #[test]
    fn the_comparison_runs_both_tokio_flavours_with_one_and_many_tasks() {
        let reports = compare_runtimes(10_000, 4, Duration::ZERO).expect("runs");
        let shape: Vec<(&str, usize)> = reports.iter().map(|r| (r.runner.as_str(), r.workers.len())).collect();
        assert_eq!(
            shape,
            [
                ("AsyncTaskRunner on tokio current-thread", 1),
                ("AsyncTaskRunner on tokio current-thread", 4),
                ("AsyncTaskRunner on tokio multi-thread", 1),
                ("AsyncTaskRunner on tokio multi-thread", 4),
            ]
        );
        for report in &reports {
            assert_eq!(report.verdict(), Verdict::Exact { count: 1_229 });
        }
        // Nothing to await: on one thread the first task does everything.
        assert_eq!(reports[1].active_workers(), ["Worker-1"]);
        let measured = measure_runtimes(10_000, 4, Duration::ZERO, 2, 2, &mut |_| {}).expect("runs");
        let table = measured.table().to_string();
        assert!(
            table.contains("tokio multi-thread") && table.contains("x1.00"),
            "{table}"
        );
        assert_eq!(table.matches("1229 (exact)").count(), 4, "{table}");
        assert_eq!(measured.noise().checked, 2);
        assert!(!measured.any_wrong());
    }

    #[test]
    fn more_speed_than_one_thread_gives_is_marked_never_bare() {
        // Four tasks x4 faster than one on the current-thread runtime (one
        // thread): implausible, in every round and on the second look.
        // Nothing is timed: the reports are made up.
        let report = || compare_runtimes(100, 1, Duration::ZERO).expect("runs").remove(0);
        let mut rows: Rounds<'_, RunReport> = Rounds::new();
        let mut keys = Vec::new();
        for (tasks, secs) in [(1, 2.0), (4, 0.5)] {
            keys.push((AsyncRuntime::TokioCurrentThread, tasks));
            let r = report();
            rows.add(row_name(AsyncRuntime::TokioCurrentThread, tasks), move || {
                Ok(Sample {
                    secs,
                    report: r.clone(),
                })
            });
        }
        let bound = |_| Bound::Cpu { cores: 1 };
        let measured = judge(&mut rows, keys, 3, &bound, &mut |_| {}).expect("fake rows cannot fail");
        let table = measured.table().to_string();
        let row = table
            .lines()
            .find(|l| l.split('|').nth(2).is_some_and(|c| c.trim() == "4"))
            .expect("the row of 4 tasks");
        assert!(row.contains("x4.00 (4.00–4.00) (implausible)"), "{table}");
        assert!(row.contains("0.500 s (0.500–0.500) (implausible)"), "{table}");
        let text = measured.noise().text();
        assert!(text.contains("(implausible) current-thread, 4 tasks: x4.00"), "{text}");
    }
}
