//! The prime rows of both prime pages, measured in one set of interleaved
//! rounds: the four models at each limit, `calc_primes`, and Python's two
//! programs.

use std::fmt::Write as _;
use std::time::Duration;

use chapter_comparison::{Measurement, Model, measure_in_child, spaced};
use chapter_final::measure_calc_primes;
use concurrency_core::Job;
use indicatif::ProgressBar;

use crate::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark};
use crate::pages::{Shared, progress, time_cell};
use crate::python::PrimeRun;
use crate::{Chapter, Settings, WORKERS};

/// What one run of a prime row reported.
#[derive(Debug, Clone, PartialEq)]
pub enum PrimeSample {
    /// A comparison model, measured in a fresh process.
    Rust(Measurement),
    /// `calc_primes`, measured in this process.
    Calc(Measurement),
    /// `sync_primes.py` or `final_primes.py`.
    Python(PrimeRun),
}

impl PrimeSample {
    /// Whether the count is pi(limit) (a Python count with no oracle
    /// passes, as the tables mark it `unchecked`).
    pub fn exact(&self) -> bool {
        match self {
            PrimeSample::Rust(m) => m.exact,
            PrimeSample::Calc(s) => s.exact,
            PrimeSample::Python(p) => p.exact(),
        }
    }

    /// `664579 (exact)`, as the tables print a count.
    pub fn verdict(&self) -> String {
        match self {
            PrimeSample::Rust(m) => m.verdict.clone(),
            PrimeSample::Calc(s) => s.verdict.clone(),
            PrimeSample::Python(p) => p.verdict(),
        }
    }
}

/// Which program a prime row runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimeRow {
    /// A comparison model.
    Model(Model),
    /// The final page's `calc_primes`.
    CalcPrimes,
    /// The same function on one thread: the bare loop, the fair baseline
    /// of what its threads add (the synchronous runner does more per
    /// number: it hands each one out and records every prime it finds).
    CalcPrimesOneThread,
    /// `python/sync_primes.py`.
    PythonSync,
    /// `python/final_primes.py` with [`WORKERS`] processes.
    PythonFinal,
}

/// The measured rows of both prime pages.
pub struct PrimeRounds {
    /// `(limit, row)` of each entry of `measured`.
    pub keys: Vec<(u64, PrimeRow)>,
    /// What each row gave, over the rounds.
    pub measured: Vec<Measured<PrimeSample>>,
    /// The guard's conclusions, one per row.
    pub judgements: Vec<Judgement>,
    /// The rows the guard checked.
    pub claims: Vec<Claim>,
    /// The limits, in order.
    pub limits: Vec<u64>,
    /// What was skipped on the Python side, and why.
    pub python_note: String,
}

impl PrimeRounds {
    /// The index of `row` at `limit`.
    pub fn find(&self, limit: u64, row: PrimeRow) -> Option<usize> {
        self.keys.iter().position(|&k| k == (limit, row))
    }

    /// The measured row, if it ran.
    pub fn get(&self, limit: u64, row: PrimeRow) -> Option<&Measured<PrimeSample>> {
        self.measured.get(self.find(limit, row)?)
    }

    /// The guard's judgement of the row.
    pub fn judgement(&self, limit: u64, row: PrimeRow) -> Option<&Judgement> {
        self.judgements.get(self.find(limit, row)?)
    }

    /// The row's time cell, with the guard's mark.
    pub fn cell(&self, limit: u64, row: PrimeRow) -> String {
        self.get(limit, row).map_or("-".to_owned(), |m| {
            mark(time_cell(m), self.judgement(limit, row), &|p| self.short_name(p))
        })
    }

    /// Row `i`'s name in a tie's mark: its runner type (the name the
    /// comparison's details and the final page's columns both use), or its
    /// label.
    pub fn short_name(&self, i: usize) -> String {
        match self.keys.get(i) {
            Some((_, PrimeRow::Model(model))) => model.runner_type().to_owned(),
            _ => self.measured.get(i).map_or_else(|| "?".to_owned(), |m| m.label.clone()),
        }
    }

    /// The fastest parallel model at `limit` by median.
    pub fn best_parallel(&self, limit: u64) -> Option<(Model, Stat)> {
        Model::ALL
            .into_iter()
            .filter(|&m| m != Model::Sync)
            .filter_map(|m| Some((m, self.get(limit, PrimeRow::Model(m))?.stat()?)))
            .min_by(|a, b| a.1.median.total_cmp(&b.1.median))
    }

    /// The guard's account for the rows `keep` selects.
    pub fn noise(&self, keep: impl Fn(PrimeRow) -> bool) -> Noise {
        let claims: Vec<Claim> = self
            .claims
            .iter()
            .filter(|c| keep(self.keys[c.row].1))
            .cloned()
            .collect();
        Noise::tally(&self.judgements, &claims, &|i| {
            format!("{} at {}", self.measured[i].label, spaced(self.keys[i].0))
        })
    }

    /// Whether every run of the rows `keep` selects ran and counted right.
    pub fn all_exact(&self, keep: impl Fn(PrimeRow) -> bool) -> bool {
        self.keys
            .iter()
            .zip(&self.measured)
            .filter(|((_, row), _)| keep(*row))
            .all(|(_, m)| m.error.is_none() && m.reports().all(PrimeSample::exact))
    }

    /// Every distinct count of the rows `keep` selects at `limit`.
    pub fn counts(&self, limit: u64, keep: impl Fn(PrimeRow) -> bool) -> String {
        let mut distinct: Vec<String> = Vec::new();
        for ((l, row), m) in self.keys.iter().zip(&self.measured) {
            if *l == limit && keep(*row) {
                for v in m.reports().map(PrimeSample::verdict) {
                    if !distinct.contains(&v) {
                        distinct.push(v);
                    }
                }
            }
        }
        if distinct.is_empty() {
            "-".to_owned()
        } else {
            distinct.join(" / ")
        }
    }
}

/// The prime rows, measured on first use and kept in `shared` for the
/// other prime page.
pub(crate) fn prime_rounds<'s>(
    settings: &Settings,
    shared: &'s mut Shared,
    bar: &ProgressBar,
) -> Result<&'s PrimeRounds, String> {
    if shared.primes.is_none() {
        shared.primes = Some(measure_primes(settings, bar)?);
    }
    shared
        .primes
        .as_ref()
        .ok_or_else(|| "the prime rounds are missing".to_owned())
}

// ANCHOR: comparison
/// Builds the prime rows as closures and runs them in interleaved rounds:
/// at each limit the four models (each in a fresh process), `calc_primes`
/// when the final page runs, then Python's two programs (first rounds only).
fn measure_primes(settings: &Settings, bar: &ProgressBar) -> Result<PrimeRounds, String> {
    let with_calc = settings.chapters.contains(&Chapter::Final);
    let limits = settings.limits();
    let mut rows: Rounds<'static, PrimeSample> = Rounds::new();
    let mut keys = Vec::new();
    let mut python_note = String::new();
    for &limit in &limits {
        for model in Model::ALL {
            let exe = settings.exe.clone();
            keys.push((limit, PrimeRow::Model(model)));
            rows.add(format!("{} ({})", model.heading(), model.runner_type()), move || {
                let job = Job::new(limit, WORKERS, Duration::ZERO);
                let m = measure_in_child(&exe, model, &job).map_err(|e| e.to_string())?;
                Ok(Sample {
                    secs: m.elapsed_secs,
                    report: PrimeSample::Rust(m),
                })
            });
        }
        if with_calc {
            for (row, workers) in [(PrimeRow::CalcPrimes, WORKERS), (PrimeRow::CalcPrimesOneThread, 1)] {
                keys.push((limit, row));
                let label = if workers == 1 {
                    "calc_primes, 1 thread"
                } else {
                    "calc_primes"
                };
                rows.add(label, move || {
                    let run = measure_calc_primes(limit, workers);
                    Ok(Sample {
                        secs: run.elapsed_secs,
                        report: PrimeSample::Calc(run),
                    })
                });
            }
        }
        let Ok(python) = &settings.python else { continue };
        if limit > settings.python_max_limit {
            let _ = writeln!(
                python_note,
                "Python not run at {} (`--python-max-limit {}`): the tutorial's own runs took 913 s (sync) and 369 s (final) at 10^8.\n",
                spaced(limit),
                settings.python_max_limit
            );
            continue;
        }
        let python_rounds = settings.python_rounds();
        let sync = python.clone();
        keys.push((limit, PrimeRow::PythonSync));
        rows.add_limited("Python sync_primes.py", python_rounds, move || {
            let run = sync.sync_primes(limit)?;
            Ok(Sample {
                secs: run.elapsed,
                report: PrimeSample::Python(run),
            })
        });
        let fin = python.clone();
        keys.push((limit, PrimeRow::PythonFinal));
        rows.add_limited("Python final_primes.py", python_rounds, move || {
            let run = fin.final_primes(limit, WORKERS)?;
            Ok(Sample {
                secs: run.elapsed,
                report: PrimeSample::Python(run),
            })
        });
    }
    match &settings.python {
        Ok(python) => {
            let _ = writeln!(
                python_note,
                "{}: `python/sync_primes.py` and `python/final_primes.py`, the same trial division as the Rust runners, \
                 {} (Python's runs at the largest limits are the longest of all).\n",
                python.version,
                crate::pages::python_rounds_phrase(settings)
            );
        }
        Err(why) => {
            let _ = writeln!(python_note, "**Python skipped:** {why}.\n");
        }
    }

    let rounds = settings.rounds();
    let mut report = progress(bar, "primes");
    let mut measured = rows.run(rounds, &mut report);
    // The guard: every parallel row, and calc_primes, against the
    // synchronous row of its limit; CPU-bound, so no more than the cores.
    let cores = concurrency_core::cores();
    let find = |limit, row| keys.iter().position(|&k| k == (limit, row));
    let mut claims = Vec::new();
    for &limit in &limits {
        let Some(sync) = find(limit, PrimeRow::Model(Model::Sync)) else {
            continue;
        };
        let models: Vec<usize> = Model::ALL
            .iter()
            .filter_map(|&m| find(limit, PrimeRow::Model(m)))
            .collect();
        let mut targets: Vec<(usize, usize, Vec<usize>)> = models
            .iter()
            .filter(|&&i| i != sync)
            .map(|&i| (i, sync, models.clone()))
            .collect();
        // calc_primes is judged against itself on one thread: the same
        // work, so its efficiency says what the threads add and nothing
        // else (the boost over the synchronous runner, which does more per
        // number, is a column of the final table, not a claim).
        if let (Some(calc), Some(one)) = (
            find(limit, PrimeRow::CalcPrimes),
            find(limit, PrimeRow::CalcPrimesOneThread),
        ) {
            let peers = [Model::Threads, Model::Processes]
                .iter()
                .filter_map(|&m| find(limit, PrimeRow::Model(m)))
                .chain([one])
                .collect();
            targets.push((calc, one, peers));
        }
        for (row, baseline, peers) in targets {
            claims.push(Claim {
                row,
                baseline: Baseline::Row(baseline),
                workers: WORKERS,
                bound: Bound::Cpu { cores },
                peers,
            });
        }
    }
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    Ok(PrimeRounds {
        keys,
        measured,
        judgements,
        claims,
        limits,
        python_note,
    })
}
// ANCHOR_END: comparison
