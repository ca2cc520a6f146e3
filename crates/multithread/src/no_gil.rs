//! "No GIL, measured" (`--delay-ms 0`, no `--mode`): one worker, then
//! every runner of the chapter on the same job, measured like `bench-all`
//! measures: every row once per round, in order, for `--runs` rounds; each
//! time the median of the rounds with its spread; each speedup the median of
//! the per-round ratios over one worker; and core's guard
//! ([`concurrency_core::measure`]) on every runner, so that a speedup the
//! cores cannot give is measured again and marked `(implausible)` if it
//! still is, and a row its spread cannot tell from its neighbour is marked a
//! tie (`= SIMPLE`).

use std::fmt;

use concurrency_core::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark,
};
use concurrency_core::{Align, Job, RunReport, Table, TaskRunner, Verdict};

use crate::MultiThreadTaskRunner;
use crate::measure::{Cores, OneWorker, imbalance, label, run_one, workers_table};

/// Rounds when `--runs` is not given: enough for a median and a spread,
/// few enough for a quick look.
pub const DEFAULT_RUNS: usize = 3;

// ANCHOR: no_gil
/// "No GIL, measured": one worker (row 0, the baseline), then every runner
/// of the chapter with the same workers, all on the same job, in rounds.
#[derive(Debug, Clone)]
pub struct NoGil {
    /// The machine the figures come from.
    pub cores: Cores,
    /// The workers of every runner (the baseline has one).
    pub workers: usize,
    /// What each row gave over the rounds: the baseline first.
    pub measured: Vec<Measured<RunReport>>,
    /// The guard's conclusions, one per row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked: every runner against the baseline.
    pub claims: Vec<Claim>,
}

impl NoGil {
    /// Runs the baseline and each of `runners` (usually
    /// [`no_gil_runners`](crate::measure::no_gil_runners)) on `job`, in
    /// `runs` interleaved rounds, and lets the guard look. Meant for a job
    /// with no delay: with one, the figures measure sleeping, not work.
    /// `progress` sees a line before each run.
    pub fn measure(
        job: &Job,
        runners: &[MultiThreadTaskRunner],
        runs: usize,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Self, String> {
        let alone = Job {
            workers: 1,
            ..job.clone()
        };
        let mut rows: Rounds<'_, RunReport> = Rounds::new();
        let timed = |report: RunReport| Sample {
            secs: report.elapsed.as_secs_f64(),
            report,
        };
        rows.add("ONE_WORKER", move || run_one(&OneWorker, &alone).map(timed));
        for runner in runners {
            let name = label(&runner.name(), &runner.runner_type());
            rows.add(name, move || run_one(runner, job).map(timed));
        }
        NoGil::judge(&mut rows, job.workers, runs, Cores::here(), progress)
    }

    /// Runs `rows` (the baseline first) in `runs` interleaved rounds, then
    /// lets the guard check every other row against the baseline,
    /// CPU-bound on `cores.logical`; the first failure of a row is the error.
    pub fn judge(
        rows: &mut Rounds<'_, RunReport>,
        workers: usize,
        runs: usize,
        cores: Cores,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Self, String> {
        let mut measured = rows.run(runs, progress);
        if let Some(err) = measured.iter().find_map(|m| m.error.clone()) {
            return Err(err);
        }
        let all: Vec<usize> = (0..measured.len()).collect();
        let claims: Vec<Claim> = (1..measured.len())
            .map(|row| Claim {
                row,
                baseline: Baseline::Row(0),
                workers,
                bound: Bound::Cpu { cores: cores.logical },
                peers: all.clone(),
            })
            .collect();
        let judgements = guard(rows, &mut measured, &claims, runs, progress);
        Ok(NoGil {
            cores,
            workers,
            measured,
            judgements,
            claims,
        })
    }

    /// Row `i`'s speedup over one worker: the guard's (of its fresh rounds
    /// when it looked again), or the median of the per-round ratios.
    pub fn speedup(&self, i: usize) -> Option<Stat> {
        if let Some(s) = self.judgements.get(i).and_then(|j| j.speedup) {
            return Some(s);
        }
        self.measured.get(i)?.speedup_over(self.measured.first()?)
    }

    /// The run that stands for row `i`: the one whose time is its median.
    pub fn representative(&self, i: usize) -> Option<&RunReport> {
        self.measured.get(i)?.median_report()
    }

    /// The speedup table: one row per runner, the baseline first; times
    /// and speedups with their spreads and the guard's marks.
    pub fn table(&self) -> Table {
        let mut table = Table::new([
            ("Runner Type", Align::Center),
            ("Num. of Workers", Align::Center),
            ("Execution time", Align::Right),
            ("Speedup over 1 worker", Align::Right),
            ("Primes found", Align::Right),
            ("Busy max/mean", Align::Right),
        ]);
        let name = |p: usize| self.measured.get(p).map_or("?".to_owned(), |m| m.label.clone());
        for (i, m) in self.measured.iter().enumerate() {
            let judgement = self.judgements.get(i);
            let time = m
                .stat()
                .map_or("-".to_owned(), |s| mark(s.secs_cell(), judgement, &name));
            let speedup = match (i, self.speedup(i)) {
                (0, _) => "x1.00".to_owned(),
                (_, None) => "-".to_owned(),
                (_, Some(s)) if judgement.is_some_and(Judgement::is_implausible) => {
                    format!("{} (implausible)", s.ratio_cell())
                }
                (_, Some(s)) => s.ratio_cell(),
            };
            let mut verdicts: Vec<String> = Vec::new();
            for v in m.reports().map(|r| r.verdict().to_string()) {
                if !verdicts.contains(&v) {
                    verdicts.push(v);
                }
            }
            let shown = self.representative(i);
            table.push_row([
                m.label.clone(),
                if i == 0 { 1 } else { self.workers }.to_string(),
                time,
                speedup,
                verdicts.join(" / "),
                shown.map_or("-".to_owned(), imbalance),
            ]);
        }
        table
    }

    /// Every row's median run, the baseline first.
    pub fn all_reports(&self) -> Vec<RunReport> {
        (0..self.measured.len())
            .filter_map(|i| self.representative(i).cloned())
            .collect()
    }

    /// Whether a run of a row found a wrong count (every run is checked,
    /// the second looks' too).
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
}

impl fmt::Display for NoGil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = self.representative(0).map_or(0, |r| r.limit);
        let rounds = match self.measured.first().map_or(0, |m| m.runs.len()) {
            1 => "1 round".to_owned(),
            n => format!("the median of {n} rounds (fastest-slowest)"),
        };
        writeln!(
            f,
            "No GIL, measured: numbers 1..={limit}, no delay, {} workers; this machine has {} logical cores, {} \
             physical; {rounds}.",
            self.workers, self.cores.logical, self.cores.physical
        )?;
        writeln!(f)?;
        // Fitted to the terminal when standard output is one (a pipe
        // gets the Markdown).
        write!(f, "{}", self.table().for_stdout())?;
        writeln!(f)?;
        write!(f, "{}", self.noise().text())?;
        writeln!(f)?;
        writeln!(
            f,
            "Load balance: each worker's share and busy time (each runner's median run)."
        )?;
        writeln!(f)?;
        let runners: Vec<RunReport> = self.all_reports().into_iter().skip(1).collect();
        write!(f, "{}", workers_table(&runners).for_stdout())
    }
}
// ANCHOR_END: no_gil

#[cfg(test)]
mod tests;
