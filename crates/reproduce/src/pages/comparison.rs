//! The comparison of the best three against the synchronous baseline, from
//! 10^5 to 10^8 numbers, each row in a fresh process (its peak memory is
//! its own), and Python's two programs side by side.
//!
//! Its rounds ([`PrimeRounds`]) hold every row of both prime pages: the
//! four models at each limit, `calc_primes` when the final page runs too,
//! and the Python programs up to `--python-max-limit`, in the first
//! [`Settings::python_rounds`] rounds only. So every ratio on both pages,
//! Python's included, is a ratio within the same rounds.

use std::fmt::Write as _;
use std::time::Duration;

use chapter_comparison::{Measurement, Model, measure_in_child, spaced};
use chapter_final::measure_calc_primes;
use concurrency_core::{Align, Job, Table, format_secs};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark};
use crate::plots::{Series, YScale, line_chart};
use crate::python::PrimeRun;
use crate::{Chapter, Page, Settings, WORKERS};

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
            PrimeSample::Python(p) => p.expected.is_none_or(|e| e == p.count),
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

    /// The row's time cell, marked when noisy.
    pub fn cell(&self, limit: u64, row: PrimeRow) -> String {
        self.get(limit, row)
            .map_or("-".to_owned(), |m| mark(time_cell(m), self.judgement(limit, row)))
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
                super::python_rounds_phrase(settings)
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

/// The comparison page: the tutorial's table from the medians, the details
/// (speedups, efficiency, memory), Python side by side, and the plots.
pub fn page(settings: &Settings, shared: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let primes = prime_rounds(settings, shared, bar)?;
    let cores = concurrency_core::cores();
    let is_model = |row: PrimeRow| matches!(row, PrimeRow::Model(_));
    let is_python = |row: PrimeRow| matches!(row, PrimeRow::PythonSync | PrimeRow::PythonFinal);
    let mut body = format!(
        "No forced delay, {WORKERS} workers (1 for the synchronous baseline), {cores} logical cores. \
         Every row ran in a fresh process, its time measured inside it. The fastest median of a limit is in bold.\n\n{}\n",
        tutorial_table(primes)
    );
    let _ = write!(
        body,
        "#### Speedups and memory\n\nThe speedup is the median of the per-round ratios (synchronous time over \
         the row's time in the same round), with their spread; the efficiency divides it by min(workers, {cores} cores). \
         Peak memory is the peak resident set size (`VmHWM`) of the first round's run, plus each worker \
         process's for CHUNKS_IN_POOL.\n\n{}\n{}{}",
        details_table(primes),
        failures(&primes.measured),
        primes.noise(is_model).paragraph()
    );
    let _ = write!(body, "\n#### Rust and Python side by side\n\n{}", primes.python_note);
    if primes.keys.iter().any(|&(_, row)| is_python(row)) {
        let _ = writeln!(
            body,
            "\"Rust faster by\" is the median of the per-round ratios of the rounds Python ran in.\n\n{}",
            side_by_side(primes)
        );
        let _ = writeln!(body, "Python's counts: {}.\n", python_counts(primes));
    }
    let plots = plots(settings, primes)?;
    for (file, alt) in &plots {
        // The results pages are included into the book's chapter pages,
        // which live one folder up (docs/src/): the images are linked from there.
        let _ = write!(body, "\n![{alt}](results/{file})\n");
    }
    let _ = write!(body, "\n{}", tutorial_reference());
    let ok = primes.all_exact(|row| is_model(row) || is_python(row));
    Ok(Page {
        body,
        ok,
        plots: plots.into_iter().map(|(file, _)| file).collect(),
    })
}
// ANCHOR_END: comparison

/// The tutorial's table: one row per limit, the median time of each model
/// with its spread, the fastest in bold, every count checked.
fn tutorial_table(primes: &PrimeRounds) -> Table {
    let mut columns = vec![
        ("Calculation upper limit".to_owned(), Align::Right),
        ("Num. of Workers".to_owned(), Align::Center),
    ];
    columns.extend(Model::ALL.iter().map(|m| (format!("{m} execution time"), Align::Right)));
    columns.push(("Primes found".to_owned(), Align::Right));
    let mut table = Table::new(columns);
    for &limit in &primes.limits {
        let fastest = Model::ALL
            .iter()
            .filter_map(|&m| primes.get(limit, PrimeRow::Model(m))?.stat())
            .map(|s| s.median)
            .fold(f64::INFINITY, f64::min);
        let mut cells = vec![spaced(limit), WORKERS.to_string()];
        for model in Model::ALL {
            let row = PrimeRow::Model(model);
            let cell = primes.cell(limit, row);
            let is_fastest = primes
                .get(limit, row)
                .and_then(Measured::stat)
                .is_some_and(|s| s.median == fastest);
            let noisy = primes.judgement(limit, row).is_some_and(|j| j.noisy.is_some());
            cells.push(if is_fastest && !noisy {
                format!("**{cell}**")
            } else {
                cell
            });
        }
        cells.push(primes.counts(limit, |row| matches!(row, PrimeRow::Model(_))));
        table.push_row(cells);
    }
    table
}

/// One row per limit and parallel model: what the tutorial's table leaves out.
fn details_table(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Model", Align::Left),
        ("Runner type", Align::Center),
        ("Processes", Align::Right),
        ("Speedup over sync", Align::Right),
        ("Parallel efficiency", Align::Right),
        ("Peak memory", Align::Right),
    ]);
    for &limit in &primes.limits {
        for model in Model::ALL {
            let row = PrimeRow::Model(model);
            let Some(m) = primes.get(limit, row) else { continue };
            let first = m.reports().find_map(|r| match r {
                PrimeSample::Rust(m) => Some(m),
                _ => None,
            });
            let judgement = primes.judgement(limit, row);
            let speedup = judgement.and_then(|j| j.speedup);
            table.push_row([
                spaced(limit),
                model.heading().to_owned(),
                model.runner_type().to_owned(),
                first.map_or("-".to_owned(), |m| m.processes.to_string()),
                if model == Model::Sync {
                    "baseline".to_owned()
                } else {
                    mark(speedup.map_or("-".to_owned(), |s| s.ratio_cell()), judgement)
                },
                judgement
                    .and_then(|j| j.efficiency)
                    .map_or_else(|| "-".to_owned(), |e| format!("{e:.2}")),
                first.map_or("n/a".to_owned(), |m| chapter_comparison::memory_cell(m.memory)),
            ]);
        }
    }
    table
}

/// The median of the per-round ratios `python / rust`, over the rounds
/// both ran in.
fn faster_by(primes: &PrimeRounds, limit: u64, python: PrimeRow, rust: PrimeRow) -> String {
    match (primes.get(limit, python), primes.get(limit, rust)) {
        (Some(p), Some(r)) => r.speedup_over(p).map_or("-".to_owned(), |s| s.ratio_cell()),
        _ => "-".to_owned(),
    }
}

/// Python's synchronous run against Rust's, Python's final solution against
/// the best Rust runner, limit by limit.
fn side_by_side(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Python sync", Align::Right),
        ("Rust sync", Align::Right),
        ("Rust faster by", Align::Right),
        ("Python final (10 processes)", Align::Right),
        ("Best Rust runner", Align::Right),
        ("Rust faster by ", Align::Right),
    ]);
    for &limit in &primes.limits {
        if primes.find(limit, PrimeRow::PythonSync).is_none() {
            continue;
        }
        let best = primes.best_parallel(limit);
        table.push_row([
            spaced(limit),
            primes.cell(limit, PrimeRow::PythonSync),
            primes.cell(limit, PrimeRow::Model(Model::Sync)),
            faster_by(primes, limit, PrimeRow::PythonSync, PrimeRow::Model(Model::Sync)),
            primes.cell(limit, PrimeRow::PythonFinal),
            best.map_or("-".to_owned(), |(m, _)| {
                format!("{} {}", m.runner_type(), primes.cell(limit, PrimeRow::Model(m)))
            }),
            best.map_or("-".to_owned(), |(m, _)| {
                faster_by(primes, limit, PrimeRow::PythonFinal, PrimeRow::Model(m))
            }),
        ]);
    }
    table
}

/// `all exact`, or each wrong count.
fn python_counts(primes: &PrimeRounds) -> String {
    let mut wrong = Vec::new();
    for ((limit, row), m) in primes.keys.iter().zip(&primes.measured) {
        if !matches!(row, PrimeRow::PythonSync | PrimeRow::PythonFinal) {
            continue;
        }
        for r in m.reports().filter(|r| !r.exact()) {
            wrong.push(format!("{} at {}: {}", m.label, spaced(*limit), r.verdict()));
        }
    }
    if wrong.is_empty() {
        "all exact".to_owned()
    } else {
        format!("**WRONG**: {}", wrong.join("; "))
    }
}

/// The time plot (medians) and the ratio plot (paired ratios), as
/// `(file, alt text)`.
fn plots(settings: &Settings, primes: &PrimeRounds) -> Result<Vec<(String, String)>, String> {
    let rounds = settings.rounds();
    let median_of = |row: PrimeRow| -> Vec<(f64, f64)> {
        primes
            .limits
            .iter()
            .filter_map(|&l| Some((l as f64, primes.get(l, row)?.stat()?.median)))
            .collect()
    };
    let mut series: Vec<Series> = Model::ALL
        .iter()
        .map(|&model| Series {
            label: format!("Rust {} ({})", model.heading(), model.runner_type()),
            points: median_of(PrimeRow::Model(model)),
        })
        .collect();
    series.push(Series {
        label: "Python synchronous".to_owned(),
        points: median_of(PrimeRow::PythonSync),
    });
    series.push(Series {
        label: "Python final solution (10 processes)".to_owned(),
        points: median_of(PrimeRow::PythonFinal),
    });
    let mut plots = Vec::new();
    let time_plot = "comparison-time.svg";
    if line_chart(
        &settings.out.join(time_plot),
        "Time against limit (log-log), no delay, medians",
        "limit N (numbers 1..=N)",
        "seconds",
        YScale::Log,
        &series,
    )? {
        plots.push((
            time_plot.to_owned(),
            format!(
                "Time against the limit, log-log: the medians of {rounds} rounds of Rust's four models and of \
                 Python's synchronous and final programs, from {} to {} numbers",
                primes.limits.first().map_or("-".to_owned(), |&l| spaced(l)),
                primes.limits.last().map_or("-".to_owned(), |&l| spaced(l))
            ),
        ));
    }
    let ratio = |python: PrimeRow, rust: &dyn Fn(u64) -> Option<PrimeRow>| -> Vec<(f64, f64)> {
        primes
            .limits
            .iter()
            .filter_map(|&l| {
                let r = primes.get(l, rust(l)?)?;
                Some((l as f64, r.speedup_over(primes.get(l, python)?)?.median))
            })
            .collect()
    };
    let ratios = [
        Series {
            label: "synchronous: Python time / Rust time".to_owned(),
            points: ratio(PrimeRow::PythonSync, &|_| Some(PrimeRow::Model(Model::Sync))),
        },
        Series {
            label: "final solution: Python time / best Rust runner".to_owned(),
            points: ratio(PrimeRow::PythonFinal, &|l| {
                primes.best_parallel(l).map(|(m, _)| PrimeRow::Model(m))
            }),
        },
    ];
    let ratio_plot = "python-ratio.svg";
    if line_chart(
        &settings.out.join(ratio_plot),
        "How many times faster Rust is than Python",
        "limit N",
        "Python time / Rust time",
        YScale::Linear,
        &ratios,
    )? {
        plots.push((
            ratio_plot.to_owned(),
            "How many times faster Rust is than Python against the limit: the median of the per-round ratios, \
             for the synchronous programs and for Python's final solution against the best Rust runner"
                .to_owned(),
        ));
    }
    Ok(plots)
}

/// The tutorial's comparison table, for the reader to hold next to ours.
fn tutorial_reference() -> String {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Asynchronous", Align::Right),
        ("Multithreading", Align::Right),
        ("Multiprocessing", Align::Right),
    ]);
    let secs = |s: f64| format_secs(Duration::from_secs_f64(s));
    for (limit, a, t, p) in chapter_comparison::TUTORIAL_SECONDS {
        table.push_row([spaced(limit), secs(a), secs(t), secs(p)]);
    }
    format!(
        "The figures of \"Concurrency in Python\" (CPython, its author's machine, 10 workers, one run each):\n\n{table}"
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Prime rounds at limit 1000 with fixed times: sync 0.5 s and
    /// THREAD_POOL 0.25 s in every round, Python sync 10 s and final 5 s.
    pub(crate) fn fixed_rounds(rounds: usize) -> PrimeRounds {
        let rust = |model: Model, secs: f64| Measurement {
            model: Some(model),
            runner_type: model.runner_type().to_owned(),
            limit: 1_000,
            workers: 10,
            elapsed_secs: secs,
            primes: 168,
            verdict: "168 (exact)".to_owned(),
            exact: true,
            processes: 1,
            memory: None,
        };
        let python = |secs: f64| PrimeRun {
            limit: 1_000,
            workers: 1,
            count: 168,
            expected: Some(168),
            elapsed: secs,
        };
        let mut rows: Rounds<'static, PrimeSample> = Rounds::new();
        let keys = vec![
            (1_000, PrimeRow::Model(Model::Sync)),
            (1_000, PrimeRow::Model(Model::Threads)),
            (1_000, PrimeRow::CalcPrimes),
            (1_000, PrimeRow::PythonSync),
            (1_000, PrimeRow::PythonFinal),
        ];
        rows.add("sync", move || {
            Ok(Sample {
                secs: 0.5,
                report: PrimeSample::Rust(rust(Model::Sync, 0.5)),
            })
        });
        rows.add("threads", move || {
            Ok(Sample {
                secs: 0.25,
                report: PrimeSample::Rust(rust(Model::Threads, 0.25)),
            })
        });
        rows.add("calc_primes", || {
            Ok(Sample {
                secs: 0.3,
                report: PrimeSample::Calc(Measurement::of_count(
                    "calc_primes",
                    1_000,
                    10,
                    168,
                    Duration::from_secs_f64(0.3),
                )),
            })
        });
        rows.add_limited("python sync", 1, move || {
            Ok(Sample {
                secs: 10.0,
                report: PrimeSample::Python(python(10.0)),
            })
        });
        rows.add_limited("python final", 1, move || {
            Ok(Sample {
                secs: 5.0,
                report: PrimeSample::Python(python(5.0)),
            })
        });
        let mut measured = rows.run(rounds, &mut |_| {});
        let claims: Vec<Claim> = [1, 2]
            .into_iter()
            .map(|row| Claim {
                row,
                baseline: Baseline::Row(0),
                workers: 10,
                bound: Bound::Cpu { cores: 2 },
                peers: vec![0, 1],
            })
            .collect();
        let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut |_| {});
        PrimeRounds {
            keys,
            measured,
            judgements,
            claims,
            limits: vec![1_000],
            python_note: String::new(),
        }
    }

    #[test]
    fn the_side_by_side_table_divides_python_by_rust() {
        let primes = fixed_rounds(3);
        let table = side_by_side(&primes).to_string();
        assert!(table.contains("x20.00") && table.contains("THREAD_POOL"), "{table}");
        assert_eq!(python_counts(&primes), "all exact");
        assert!(primes.all_exact(|_| true));
    }

    #[test]
    fn the_tables_show_medians_and_spreads() {
        let primes = fixed_rounds(3);
        let table = tutorial_table(&primes).to_string();
        assert!(table.contains("**0.250 s (0.250–0.250)**"), "{table}");
        let details = details_table(&primes).to_string();
        assert!(
            details.contains("x2.00 (2.00–2.00)") && details.contains("1.00"),
            "{details}"
        );
        assert!(
            primes
                .noise(|_| true)
                .paragraph()
                .starts_with("Rows marked noisy: 0 of 2")
        );
    }
}
