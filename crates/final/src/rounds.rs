//! The final table measured like `bench-all` measures it: every solution
//! once per round, in order, for `--runs` rounds; each cell the median of
//! the rounds with its spread; the boost the median of the per-round ratios;
//! and core's guard ([`concurrency_core::measure`]) on every parallel row.
//!
//! The abstract solutions are judged against the synchronous run.
//! `calc_primes` is judged against itself on one thread: the synchronous
//! runner does more per number (it hands each one out and records every
//! prime it finds), so the boost over it compares different work, and only
//! the same function on one thread says what the threads add.

use std::path::Path;
use std::time::Duration;

use chapter_comparison::{Measurement, Model, measure_in_process, spaced};
use concurrency_core::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark,
};
use concurrency_core::{Align, Job, Table};

use crate::boost_label;
use crate::measure_calc_primes;
use crate::row::FinalRow;

/// Rounds when `--runs` is not given: three give a median that is the
/// middle run (of two it would be the slower one) and a paired ratio per
/// round, and keep the default rows (up to 10^7) near half a minute on two
/// idle cores; the guard's second look adds as many rounds for a row that
/// beats the cores.
pub const DEFAULT_RUNS: usize = 3;

/// One solution of the final table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solution {
    /// The original, synchronous solution (one worker).
    Sync,
    /// The abstract solution: `CHUNKS_IN_POOL`.
    Processes,
    /// The abstract solution on threads: `THREAD_POOL`.
    Threads,
    /// [`calc_primes`](crate::calc_primes) with the workers.
    Simple,
    /// `calc_primes` on one thread: the baseline of what its threads add.
    SimpleOneThread,
}

impl Solution {
    /// Every solution, in the order a round runs them.
    pub const ALL: [Solution; 5] = [
        Solution::Sync,
        Solution::Processes,
        Solution::Threads,
        Solution::Simple,
        Solution::SimpleOneThread,
    ];

    /// Its name in a tie's mark and in the progress line.
    pub fn name(self) -> &'static str {
        match self {
            Solution::Sync => "synchronous",
            Solution::Processes => "CHUNKS_IN_POOL",
            Solution::Threads => "THREAD_POOL",
            Solution::Simple => "calc_primes",
            Solution::SimpleOneThread => "calc_primes on 1 thread",
        }
    }

    /// One checked run at `limit` in this process; `exe` is the program
    /// the process pool starts (`None`: this one).
    pub fn measure(self, limit: u64, workers: usize, exe: Option<&Path>) -> Result<Measurement, String> {
        let job = Job::new(limit, workers, Duration::ZERO);
        let model = |model: Model| measure_in_process(model, &job, exe, false).map_err(|e| e.to_string());
        match self {
            Solution::Sync => model(Model::Sync),
            Solution::Processes => model(Model::Processes),
            Solution::Threads => model(Model::Threads),
            Solution::Simple => Ok(measure_calc_primes(limit, workers)),
            Solution::SimpleOneThread => Ok(measure_calc_primes(limit, 1)),
        }
    }
}

/// Every row of the final table, measured in rounds and judged.
#[derive(Debug, Clone)]
pub struct FinalRounds {
    /// `(limit, solution)` of each entry of `measured`.
    pub keys: Vec<(u64, Solution)>,
    /// What each row gave over the rounds.
    pub measured: Vec<Measured<Measurement>>,
    /// The guard's conclusions, one per row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked.
    pub claims: Vec<Claim>,
    /// The workers of the parallel solutions.
    pub workers: usize,
}

/// The rows as closures, each running one solution at one limit with
/// `run`; returns them and their keys, in the order a round runs them.
pub fn build_rows<'a>(
    limits: &[u64],
    run: impl Fn(u64, Solution) -> Result<Measurement, String> + Clone + 'a,
) -> (Rounds<'a, Measurement>, Vec<(u64, Solution)>) {
    let mut rows = Rounds::new();
    let mut keys = Vec::new();
    for &limit in limits {
        for solution in Solution::ALL {
            let run = run.clone();
            keys.push((limit, solution));
            rows.add(format!("{} at {}", solution.name(), spaced(limit)), move || {
                let m = run(limit, solution)?;
                Ok(Sample {
                    secs: m.elapsed_secs,
                    report: m,
                })
            });
        }
    }
    (rows, keys)
}

/// Runs `rows` in `runs` interleaved rounds and lets the guard check the
/// parallel rows (CPU-bound, on `cores` logical cores).
pub fn measure_rounds(
    rows: &mut Rounds<'_, Measurement>,
    keys: Vec<(u64, Solution)>,
    workers: usize,
    runs: usize,
    cores: usize,
    progress: &mut dyn FnMut(&str),
) -> FinalRounds {
    let mut measured = rows.run(runs, progress);
    let find = |limit: u64, s: Solution| keys.iter().position(|&k| k == (limit, s));
    let mut claims = Vec::new();
    for (i, &(limit, solution)) in keys.iter().enumerate() {
        let peers = |list: &[Solution]| list.iter().filter_map(|&s| find(limit, s)).collect();
        let (baseline, peers) = match solution {
            Solution::Processes | Solution::Threads => (
                Solution::Sync,
                peers(&[Solution::Sync, Solution::Processes, Solution::Threads]),
            ),
            Solution::Simple => (
                Solution::SimpleOneThread,
                peers(&[Solution::Processes, Solution::Threads, Solution::SimpleOneThread]),
            ),
            Solution::Sync | Solution::SimpleOneThread => continue,
        };
        let Some(baseline) = find(limit, baseline) else {
            continue;
        };
        claims.push(Claim {
            row: i,
            baseline: Baseline::Row(baseline),
            workers,
            bound: Bound::Cpu { cores },
            peers,
        });
    }
    let judgements = guard(rows, &mut measured, &claims, runs, progress);
    FinalRounds {
        keys,
        measured,
        judgements,
        claims,
        workers,
    }
}

impl FinalRounds {
    fn find(&self, limit: u64, solution: Solution) -> Option<usize> {
        self.keys.iter().position(|&k| k == (limit, solution))
    }

    /// The distinct limits, in order.
    pub fn limits(&self) -> Vec<u64> {
        let mut limits: Vec<u64> = Vec::new();
        for &(limit, _) in &self.keys {
            if !limits.contains(&limit) {
                limits.push(limit);
            }
        }
        limits
    }

    /// The row's time cell with the guard's mark; `-` when it never ran.
    pub fn cell(&self, limit: u64, solution: Solution) -> String {
        let Some(i) = self.find(limit, solution) else {
            return "-".to_owned();
        };
        self.measured[i].stat().map_or("-".to_owned(), |s| {
            mark(s.secs_cell(), self.judgements.get(i), &|p| {
                self.keys.get(p).map_or("?", |k| k.1.name()).to_owned()
            })
        })
    }

    /// The speedup of `solution` over `baseline` at `limit`: the median of
    /// the per-round ratios.
    pub fn speedup(&self, limit: u64, solution: Solution, baseline: Solution) -> Option<Stat> {
        let row = self.measured.get(self.find(limit, solution)?)?;
        row.speedup_over(self.measured.get(self.find(limit, baseline)?)?)
    }

    /// The run that stands for a row: the one whose time is its median.
    pub fn representative(&self, limit: u64, solution: Solution) -> Option<&Measurement> {
        self.measured.get(self.find(limit, solution)?)?.median_report()
    }

    /// The rows for `--json`: one per limit, each run its row's median.
    pub fn final_rows(&self) -> Vec<FinalRow> {
        let pick = |limit, s| self.representative(limit, s).cloned();
        self.limits()
            .into_iter()
            .filter_map(|limit| {
                Some(FinalRow {
                    sync: pick(limit, Solution::Sync)?,
                    abstract_processes: pick(limit, Solution::Processes)?,
                    abstract_threads: pick(limit, Solution::Threads)?,
                    simple: pick(limit, Solution::Simple)?,
                })
            })
            .collect()
    }

    /// Every distinct verdict of the rows at `limit`: `664579 (exact)`.
    fn counts(&self, limit: u64) -> String {
        let mut verdicts: Vec<&str> = Vec::new();
        for ((l, _), m) in self.keys.iter().zip(&self.measured) {
            for r in m.reports().filter(|_| *l == limit) {
                if !verdicts.contains(&r.verdict.as_str()) {
                    verdicts.push(&r.verdict);
                }
            }
        }
        verdicts.join(" / ")
    }

    /// The first failure of a row, as `row: why`.
    pub fn error(&self) -> Option<String> {
        self.measured
            .iter()
            .find_map(|m| Some(format!("{}: {}", m.label, m.error.as_ref()?)))
    }

    /// Whether every run of every row found exactly pi(N) primes.
    pub fn all_exact(&self) -> bool {
        self.measured
            .iter()
            .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(|r| r.exact))
    }

    /// The guard's account: one line, then one per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| {
            let (limit, solution) = self.keys[i];
            format!("{} at {}", solution.name(), spaced(limit))
        })
    }

    /// The tutorial's final table, with the abstraction on threads added:
    /// medians with their spreads and the guard's marks; the boost is the
    /// median of the per-round ratios of the synchronous time over
    /// `calc_primes`'.
    pub fn final_table(&self) -> Table {
        let mut table = Table::new([
            ("Calculation upper limit", Align::Right),
            ("Num. of Workers", Align::Center),
            ("Original solution (synchronous)", Align::Right),
            ("Abstract solution (TaskRunner + Worker, CHUNKS_IN_POOL)", Align::Right),
            ("Abstract solution on threads (THREAD_POOL)", Align::Right),
            ("Upgraded solution (calc_primes())", Align::Right),
            ("Performance boost", Align::Right),
            ("Primes found", Align::Right),
        ]);
        for limit in self.limits() {
            let boost = self.speedup(limit, Solution::Simple, Solution::Sync);
            let mut cells = vec![spaced(limit), self.workers.to_string()];
            for s in [Solution::Sync, Solution::Processes, Solution::Threads, Solution::Simple] {
                cells.push(self.cell(limit, s));
            }
            cells.push(boost.map_or("-".to_owned(), boost_cell));
            cells.push(self.counts(limit));
            table.push_row(cells);
        }
        table
    }

    /// `calc_primes` on one thread and on the workers: the speedup and the
    /// parallel efficiency the guard judged, on the same work.
    pub fn threads_table(&self, cores: usize) -> Table {
        let many = format!("calc_primes, {} threads", self.workers);
        let mut table = Table::new([
            ("Limit", Align::Right),
            ("calc_primes, 1 thread", Align::Right),
            (many.as_str(), Align::Right),
            ("Speedup", Align::Right),
            ("Parallel efficiency", Align::Right),
        ]);
        for limit in self.limits() {
            let judgement = self.find(limit, Solution::Simple).and_then(|i| self.judgements.get(i));
            let speedup = judgement
                .and_then(|j| j.speedup)
                .or_else(|| self.speedup(limit, Solution::Simple, Solution::SimpleOneThread));
            let efficiency = speedup.map_or("-".to_owned(), |s| {
                let e = Bound::Cpu { cores }.efficiency(s.median, self.workers);
                if judgement.is_some_and(Judgement::is_implausible) {
                    format!("{e:.2} (implausible)")
                } else {
                    format!("{e:.2}")
                }
            });
            table.push_row([
                spaced(limit),
                self.cell(limit, Solution::SimpleOneThread),
                self.cell(limit, Solution::Simple),
                speedup.map_or("-".to_owned(), |s| s.ratio_cell()),
                efficiency,
            ]);
        }
        table
    }
}

/// `x3.06 faster (2.90–3.10)` or `x1.28 slower (1.27–1.96)`: the spread in
/// the same terms as the median.
pub fn boost_cell(boost: Stat) -> String {
    let label = boost_label(boost.median);
    if boost.runs == 1 {
        format!("{label} (1 run)")
    } else if boost.median >= 1.0 {
        format!("{label} ({:.2}–{:.2})", boost.min, boost.max)
    } else {
        format!("{label} ({:.2}–{:.2})", 1.0 / boost.max, 1.0 / boost.min)
    }
}

#[cfg(test)]
mod tests;
