//! Search: the structure profile, the batch table and the thread scaling of
//! "Parallelization in Python"'s search experiments, each in interleaved
//! rounds (a smaller collection and a few batches when quick).

use std::fmt::Write as _;

use chapter_search::batches::tutorial_time;
use chapter_search::{
    BatchRun, BatchRunner, MAX_NEEDLE, PASSES, Plan, Profile, SIZE, Scaling, Structure, profile_all, scaling_workers,
};
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, python_rounds_phrase, time_cell};
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, Stat, guard, mark};
use crate::python::{Python, SearchRun};
use crate::{Page, Settings};

/// What a row of the profile's rounds reported: the Rust profile of every
/// structure, or one pass of `python/search.py` over one structure.
enum ProfileReport {
    Rust(Vec<Profile>),
    Python(SearchRun),
}

/// What a row of the batch table's rounds reported.
enum BatchReport {
    Rust(BatchRun),
    Python(SearchRun),
}

/// Python's structures (`search.py --mode`), each beside the Rust structure
/// that searches the same way.
const PYTHON_STRUCTURES: [(&str, Structure); 4] = [
    ("list", Structure::Vec),
    ("tuple", Structure::Vec),
    ("set", Structure::HashSet),
    ("dict", Structure::HashSet),
];

/// A Python batch row: `search.py`'s mode, the Rust mode it is held
/// against, and the plan both ran.
type PythonPlan = (&'static str, chapter_search::Mode, Plan);

/// Python's batch programs: its mode and the Rust mode it is held against.
const PYTHON_BATCHES: [(&str, chapter_search::Mode); 2] = [
    ("batches-threads", chapter_search::Mode::Threads),
    ("batches-processes", chapter_search::Mode::Processes),
];

/// The search page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let (seed, size, max_needle) = if settings.quick {
        (42, 100_000, 100_000)
    } else {
        (42, SIZE, MAX_NEEDLE)
    };
    let plan = |workers: usize, batches: u64| Plan {
        seed,
        size,
        max_needle,
        batches,
        workers,
    };
    let rounds = settings.rounds();
    // `search.py` needs the standard library only.
    let python = settings.python.clone();
    let mut report = progress(bar, "search");

    // The structure profile: each round profiles every Rust structure in
    // turn, then Python searches each of its structures once (new numbers
    // in every run, as the Rust passes have).
    let (profiles, python_profiles) = {
        let mut rows: Rounds<'_, ProfileReport> = Rounds::new();
        rows.add("structure profile", || {
            let sample = Sample::timed(|| Ok(profile_all(seed, size, max_needle)))?;
            Ok(Sample {
                secs: sample.secs,
                report: ProfileReport::Rust(sample.report),
            })
        });
        if let Ok(python) = &python {
            for (i, (name, _)) in PYTHON_STRUCTURES.iter().enumerate() {
                let mut pass = 0;
                rows.add_limited(format!("Python {name}"), settings.python_rounds(), move || {
                    // Batches far past the batch table's, one per run.
                    pass += 1;
                    let batch = 1_000 * (i as u64 + 1) + pass;
                    let needles = [chapter_search::needles(seed, batch, max_needle)];
                    let run = python.search(name, &needles, u64::from(size), 1)?;
                    let expected = needles[0].iter().filter(|&&v| v < size).count() as u64;
                    if run.found != expected {
                        return Err(format!("found {} numbers, not {expected}", run.found));
                    }
                    Ok(Sample {
                        secs: run.elapsed,
                        report: ProfileReport::Python(run),
                    })
                });
            }
        }
        let mut measured = rows.run(rounds, &mut report).into_iter();
        let rust = measured.next().map(|m| {
            m.filter_map(|r| match r {
                ProfileReport::Rust(profiles) => Some(profiles),
                ProfileReport::Python(_) => None,
            })
        });
        let python: Vec<Measured<SearchRun>> = measured
            .map(|m| {
                m.filter_map(|r| match r {
                    ProfileReport::Python(run) => Some(run),
                    ProfileReport::Rust(_) => None,
                })
            })
            .collect();
        (rust.ok_or("the profile did not run")?, python)
    };

    // The batch table: the tutorial's rows (a few batches of each mode
    // when quick), one round after another.
    let batch_plans: Vec<(chapter_search::Mode, Plan)> = if settings.quick {
        chapter_search::Mode::ALL.iter().map(|&m| (m, plan(2, 4))).collect()
    } else {
        chapter_search::TUTORIAL_TABLE
            .iter()
            .map(|&(m, w, b, _)| (m, plan(w, b)))
            .collect()
    };
    // Python's batches on threads and on processes, with the plans of the
    // Rust rows they are held against: 1 and 3 workers on 3 batches, the
    // tutorial's rows (2 workers on the quick run's batches).
    let python_plans: Vec<PythonPlan> = PYTHON_BATCHES
        .iter()
        .flat_map(|&(name, mode)| {
            batch_plans
                .iter()
                .filter(move |(m, p)| *m == mode && (settings.quick || (p.batches == 3 && p.workers != 2)))
                .map(move |&(_, plan)| (name, mode, plan))
        })
        .collect();
    let (batches, python_batches) = {
        let mut rows: Rounds<'_, BatchReport> = Rounds::new();
        for &(mode, plan) in &batch_plans {
            let runner = BatchRunner::new(mode).with_worker_exe(&settings.exe);
            rows.add(format!("{} x{}", mode.label(), plan.workers), move || {
                let run = runner.run(&plan).map_err(|e| e.to_string())?;
                Ok(Sample {
                    secs: run.elapsed.as_secs_f64(),
                    report: BatchReport::Rust(run),
                })
            });
        }
        if let Ok(python) = &python {
            for &(name, _, plan) in &python_plans {
                let needles: Vec<Vec<u32>> = (0..plan.batches)
                    .map(|b| chapter_search::needles(plan.seed, b, plan.max_needle))
                    .collect();
                let expected = needles.iter().flatten().filter(|&&v| v < plan.size).count() as u64;
                rows.add_limited(
                    format!("Python {name} x{}", plan.workers),
                    settings.python_rounds(),
                    move || {
                        let run = python.search(name, &needles, u64::from(plan.size), plan.workers)?;
                        if run.found != expected {
                            return Err(format!("found {} numbers, not {expected}", run.found));
                        }
                        Ok(Sample {
                            secs: run.elapsed,
                            report: BatchReport::Python(run),
                        })
                    },
                );
            }
        }
        let mut measured = rows.run(rounds, &mut report);
        let python = measured.split_off(batch_plans.len());
        let rust: Vec<Measured<BatchRun>> = measured
            .into_iter()
            .map(|m| {
                m.filter_map(|r| match r {
                    BatchReport::Rust(run) => Some(run),
                    BatchReport::Python(_) => None,
                })
            })
            .collect();
        let python: Vec<Measured<SearchRun>> = python
            .into_iter()
            .map(|m| {
                m.filter_map(|r| match r {
                    BatchReport::Python(run) => Some(run),
                    BatchReport::Rust(_) => None,
                })
            })
            .collect();
        (rust, python)
    };

    // The thread scaling: threads alone on the same batches, the guard
    // watching for more speedup than the cores allow.
    let scaling_batches = if settings.quick { 4 } else { 10 };
    let cpus = concurrency_core::cores();
    let workers = scaling_workers(cpus);
    let (scaling, judgements, claims) = {
        let mut rows: Rounds<'_, BatchRun> = Rounds::new();
        for &w in &workers {
            let runner = BatchRunner::new(chapter_search::Mode::Threads);
            let plan = plan(w, scaling_batches);
            rows.add(format!("{w} threads"), move || {
                let run = runner.run(&plan).map_err(|e| e.to_string())?;
                Ok(Sample {
                    secs: run.elapsed.as_secs_f64(),
                    report: run,
                })
            });
        }
        let mut measured = rows.run(rounds, &mut report);
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
                    bound: Bound::Cpu { cores: cpus },
                    peers: all.clone(),
                })
                .collect(),
        };
        let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
        (measured, judgements, claims)
    };
    let noise = Noise::tally(&judgements, &claims, &|i| scaling[i].label.clone());

    let profiles_exact = !profiles.runs.is_empty() && profiles.reports().flatten().all(Profile::is_exact);
    let batches_exact = batches
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(BatchRun::is_exact));
    let scaling_exact = scaling
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(BatchRun::is_exact));

    let mut body = format!(
        "1,000 random numbers from 0..={max_needle} looked up in each structure holding 0..{size} (random \
         generator started from {seed}), {PASSES} times with new numbers each time; a round's search time is its \
         median pass, and the cell shows the median of {rounds} rounds with their spread.\n\n{}\n{}",
        profile_table(&profiles),
        profiles
            .error
            .as_ref()
            .map_or(String::new(), |e| format!("- **The profile failed:** {e}\n"))
    );
    let _ = write!(
        body,
        "\n#### Batches\n\n{}\n{}",
        batch_table(&batch_plans, &batches),
        failures(&batches)
    );
    python_section(
        &mut body,
        settings,
        &python,
        (&profiles, &python_profiles),
        (&batch_plans, &batches),
        (&python_plans, &python_batches),
    );
    let python_ok = python_profiles.iter().chain(&python_batches).all(|m| m.error.is_none());
    let _ = write!(
        body,
        "\n#### Thread scaling\n\nThreads alone on {scaling_batches} batches (`chapter-search --scaling`); the \
         speedup is the median of the per-round ratios over one thread, the efficiency divides it by \
         min(threads, {cpus} cores), and the best possible is what an even split of the batches allows.\n\n{}\n{}{}",
        scaling_table(&workers, scaling_batches, &scaling, &judgements),
        failures(&scaling),
        noise.paragraph()
    );
    Ok(Page {
        body,
        ok: profiles_exact && batches_exact && scaling_exact && python_ok,
        plots: Vec::new(),
    })
}

/// One row per structure: the count, and the median search and build
/// times over the rounds.
fn profile_table(profiles: &Measured<Vec<Profile>>) -> Table {
    let mut table = Table::new([
        ("Structure", Align::Left),
        ("Found", Align::Right),
        ("Search time", Align::Right),
        ("Build time", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for (i, structure) in Structure::ALL.iter().enumerate() {
        let mine: Vec<&Profile> = profiles.reports().filter_map(|round| round.get(i)).collect();
        let stat = |f: &dyn Fn(&Profile) -> f64| {
            Stat::of(&mine.iter().map(|p| f(p)).collect::<Vec<_>>()).map_or("-".to_owned(), |s| s.secs_cell())
        };
        table.push_row([
            structure.label().to_owned(),
            mine.first().map_or("-".to_owned(), |p| {
                chapter_search::verdict(p.found as u64, p.expected as u64)
            }),
            stat(&|p| p.search.as_secs_f64()),
            stat(&|p| p.build.as_secs_f64()),
            structure.tutorial().to_owned(),
        ]);
    }
    table
}

/// The batch table from the medians.
fn batch_table(plans: &[(chapter_search::Mode, Plan)], measured: &[Measured<BatchRun>]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Workers", Align::Right),
        ("Batches", Align::Right),
        ("Found", Align::Right),
        ("Time", Align::Right),
        ("Per batch", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for ((mode, plan), m) in plans.iter().zip(measured) {
        // Rows with other batch counts (and the scaling table below, on
        // its own count) compare per batch.
        let per_batch = m.stat().map_or("-".to_owned(), |s| {
            crate::measure::secs_brief(s.median / plan.batches.max(1) as f64)
        });
        table.push_row([
            mode.label().to_owned(),
            plan.workers.to_string(),
            plan.batches.to_string(),
            m.reports()
                .next()
                .map_or("-".to_owned(), |r| chapter_search::verdict(r.found, r.expected)),
            time_cell(m),
            per_batch,
            tutorial_time(*mode, plan.workers, plan.batches).to_owned(),
        ]);
    }
    table
}

/// The scaling table: median time, paired speedup, efficiency, and the
/// best an even split allows.
fn scaling_table(
    workers: &[usize],
    batches: u64,
    measured: &[Measured<BatchRun>],
    judgements: &[crate::measure::Judgement],
) -> Table {
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
            batches,
            times: Vec::new(),
            exact: true,
        }
        .ideal_speedup();
        let exact = !m.runs.is_empty() && m.reports().all(BatchRun::is_exact);
        table.push_row([
            w.to_string(),
            mark(time_cell(m), Some(judgement)),
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

/// "Rust and Python side by side": Python's structures beside the Rust
/// structure that searches the same way (one pass of 1,000 numbers each),
/// and Python's batches beside the Rust rows with the same plan. A Python
/// run that finds a wrong count is an error of its row (named below the
/// table), so every time shown here found the right count.
fn python_section(
    body: &mut String,
    settings: &Settings,
    python: &Result<Python, String>,
    (profiles, python_profiles): (&Measured<Vec<Profile>>, &[Measured<SearchRun>]),
    (batch_plans, batches): (&[(chapter_search::Mode, Plan)], &[Measured<BatchRun>]),
    (python_plans, python_batches): (&[PythonPlan], &[Measured<SearchRun>]),
) {
    let _ = write!(body, "\n#### Rust and Python side by side\n\n");
    let python = match python {
        Ok(python) => python,
        Err(why) => {
            let _ = writeln!(body, "**Python skipped:** {why}.");
            return;
        }
    };
    let _ = write!(
        body,
        "{}: `python/search.py`, the same numbers looked up in the same collection, {}; building the \
         collection is not timed (except in each worker process, as in Rust). \"Rust faster by\" is the median \
         of the per-round ratios (Python's time over Rust's in the same round). Every count was checked.\n\n",
        python.version,
        python_rounds_phrase(settings)
    );
    let mut table = Table::new([
        ("Python structure", Align::Left),
        ("Search time (1,000 look-ups)", Align::Right),
        ("Rust structure", Align::Left),
        ("Rust search time", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    for ((name, structure), m) in PYTHON_STRUCTURES.iter().zip(python_profiles) {
        let i = Structure::ALL.iter().position(|s| s == structure).unwrap_or(0);
        // The Rust structure's search time in each round: its median pass.
        let rust: Vec<(usize, f64)> = profiles
            .runs
            .iter()
            .filter_map(|(round, s)| Some((*round, s.report.get(i)?.search.as_secs_f64())))
            .collect();
        let rust_stat = Stat::of(&rust.iter().map(|&(_, t)| t).collect::<Vec<_>>());
        let ratios = crate::measure::paired_ratios(&m.times(), &rust);
        table.push_row([
            format!("`{name}`"),
            time_cell(m),
            structure.label().to_owned(),
            rust_stat.map_or("-".to_owned(), |s| s.secs_cell()),
            Stat::of(&ratios).map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{}", failures(python_profiles));

    let mut table = Table::new([
        ("Python program", Align::Left),
        ("Workers", Align::Right),
        ("Batches", Align::Right),
        ("Python time", Align::Right),
        ("Rust time (same plan)", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    for (&(name, mode, plan), m) in python_plans.iter().zip(python_batches) {
        let twin = batch_plans
            .iter()
            .zip(batches)
            .find(|((mo, p), _)| *mo == mode && p.workers == plan.workers && p.batches == plan.batches)
            .map(|(_, r)| r);
        table.push_row([
            format!("`{name}` ({})", mode.label()),
            plan.workers.to_string(),
            plan.batches.to_string(),
            time_cell(m),
            twin.map_or("-".to_owned(), time_cell),
            twin.and_then(|r| r.speedup_over(m))
                .map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{}", failures(python_batches));
}
