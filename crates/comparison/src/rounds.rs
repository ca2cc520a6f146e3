//! The rows measured like `bench-all` measures them: every row once per
//! round, in order, for `--runs` rounds; each cell the median of the rounds
//! with its spread; each speedup the median of the per-round ratios over the
//! synchronous row of the same limit; and the guard of
//! [`concurrency_core::measure`] on every parallel row, so that a row
//! faster than the cores allow is measured again and, if it still is,
//! marked `(implausible)`, and a row its spread cannot tell from its
//! neighbour is marked a tie (`= Multithreading`).

use concurrency_core::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark,
};

use crate::measurement::Measurement;
use crate::model::Model;
use crate::tables::spaced;

/// Rounds when `--runs` is not given: three give a median that is the
/// middle run (of two it would be the slower one) and a paired ratio per
/// round, and keep the default rows (up to 10^7) near half a minute on two
/// idle cores; the guard's second look adds as many rounds for a row that
/// beats the cores.
pub const DEFAULT_RUNS: usize = 3;

/// Every row of a comparison, measured in rounds and judged by the guard.
#[derive(Debug, Clone)]
pub struct Compared {
    /// `(limit, model)` of each entry of `measured`.
    pub keys: Vec<(u64, Model)>,
    /// What each row gave over the rounds.
    pub measured: Vec<Measured<Measurement>>,
    /// The guard's conclusions, one per row (the default for the
    /// synchronous rows, which it does not check).
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked.
    pub claims: Vec<Claim>,
}

/// Runs the rows of `rows` (added in the order of `keys`) in `runs`
/// interleaved rounds, then lets the guard check every parallel row against
/// the synchronous row of its limit, CPU-bound on `cores` logical cores.
/// `progress` sees a line before each run.
pub fn measure_rounds(
    rows: &mut Rounds<'_, Measurement>,
    keys: Vec<(u64, Model)>,
    workers: usize,
    runs: usize,
    cores: usize,
    progress: &mut dyn FnMut(&str),
) -> Compared {
    let mut measured = rows.run(runs, progress);
    let find = |limit: u64, model: Model| keys.iter().position(|&k| k == (limit, model));
    let mut claims = Vec::new();
    for (i, &(limit, model)) in keys.iter().enumerate() {
        let Some(sync) = find(limit, Model::Sync) else { continue };
        if model == Model::Sync {
            continue;
        }
        claims.push(Claim {
            row: i,
            baseline: Baseline::Row(sync),
            workers: model.workers(workers),
            bound: Bound::Cpu { cores },
            peers: Model::ALL.iter().filter_map(|&m| find(limit, m)).collect(),
        });
    }
    let judgements = guard(rows, &mut measured, &claims, runs, progress);
    Compared {
        keys,
        measured,
        judgements,
        claims,
    }
}

/// The rows as closures that each run once: `run` measures one model at
/// one limit. Returns the rows and their keys, in the order they run.
pub fn build_rows<'a>(
    limits: &[u64],
    models: &[Model],
    run: impl Fn(u64, Model) -> Result<Measurement, String> + Clone + 'a,
) -> (Rounds<'a, Measurement>, Vec<(u64, Model)>) {
    let mut rows = Rounds::new();
    let mut keys = Vec::new();
    for &limit in limits {
        for &model in models {
            let run = run.clone();
            keys.push((limit, model));
            rows.add(format!("{} at {}", model.heading(), spaced(limit)), move || {
                let m = run(limit, model)?;
                Ok(Sample {
                    secs: m.elapsed_secs,
                    report: m,
                })
            });
        }
    }
    (rows, keys)
}

impl Compared {
    /// The index of `model`'s row at `limit`.
    pub fn find(&self, limit: u64, model: Model) -> Option<usize> {
        self.keys.iter().position(|&k| k == (limit, model))
    }

    /// The distinct limits, in the order they were measured.
    pub fn limits(&self) -> Vec<u64> {
        let mut limits: Vec<u64> = Vec::new();
        for &(limit, _) in &self.keys {
            if !limits.contains(&limit) {
                limits.push(limit);
            }
        }
        limits
    }

    /// Row `i`'s median time and spread (of the guard's second look when
    /// there was one).
    pub fn stat(&self, i: usize) -> Option<Stat> {
        self.measured.get(i)?.stat()
    }

    /// Row `i`'s time cell with the guard's mark: `1.81 s (1.75–1.90)`,
    /// `... = Multithreading`, `... (implausible)`; `-` when it never ran.
    pub fn time_cell(&self, i: usize) -> String {
        self.stat(i).map_or("-".to_owned(), |s| {
            mark(s.secs_cell(), self.judgements.get(i), &|p| self.name(p))
        })
    }

    /// Row `i`'s speedup over the synchronous row of its limit: the
    /// guard's (of the fresh rounds when it looked again), or the median
    /// of the per-round ratios; the synchronous row's own is x1.
    pub fn speedup(&self, i: usize) -> Option<Stat> {
        if let Some(s) = self.judgements.get(i).and_then(|j| j.speedup) {
            return Some(s);
        }
        let (limit, _) = *self.keys.get(i)?;
        let sync = self.measured.get(self.find(limit, Model::Sync)?)?;
        self.measured.get(i)?.speedup_over(sync)
    }

    /// Row `i`'s parallel efficiency cell: the median speedup over the
    /// workers the cores let run at once, `(implausible)` after it when
    /// the guard says so; `-` without a speedup.
    pub fn efficiency_cell(&self, i: usize, workers: usize, cores: usize) -> String {
        let Some(speedup) = self.speedup(i) else {
            return "-".to_owned();
        };
        let model = self.keys[i].1;
        let efficiency = Bound::Cpu { cores }.efficiency(speedup.median, model.workers(workers));
        let implausible = self.judgements.get(i).is_some_and(Judgement::is_implausible);
        if implausible {
            format!("{efficiency:.2} (implausible)")
        } else {
            format!("{efficiency:.2}")
        }
    }

    /// The run that stands for row `i` in the JSON and the memory column:
    /// the one whose time is the median (a median is a measured value).
    pub fn representative(&self, i: usize) -> Option<&Measurement> {
        self.measured.get(i)?.median_report()
    }

    /// Row `i`'s name in a tie's mark: its model's column heading.
    pub fn name(&self, i: usize) -> String {
        self.keys.get(i).map_or("?".to_owned(), |(_, m)| m.heading().to_owned())
    }

    /// The guard's account: one line, then one per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| {
            let (limit, model) = self.keys[i];
            format!("{} at {}", model.heading(), spaced(limit))
        })
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
}
