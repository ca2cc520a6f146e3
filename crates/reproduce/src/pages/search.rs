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

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, Stat, guard, mark};
use crate::{Page, Settings};

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
    let mut report = progress(bar, "search");

    // The structure profile: each round profiles every structure in turn.
    let profiles = {
        let mut rows: Rounds<'_, Vec<Profile>> = Rounds::new();
        rows.add("structure profile", || {
            Sample::timed(|| Ok(profile_all(seed, size, max_needle)))
        });
        rows.run(rounds, &mut report).swap_remove(0)
    };

    // The batch table: the tutorial's rows (a few batches of each mode
    // when quick), one round after another.
    let batch_plans: Vec<(chapter_search::Mode, Plan)> = if settings.quick {
        chapter_search::Mode::ALL.iter().map(|&m| (m, plan(2, 4))).collect()
    } else {
        chapter_search::TUTORIAL_ROWS
            .iter()
            .map(|&(m, w, b, _)| (m, plan(w, b)))
            .collect()
    };
    let batches = {
        let mut rows: Rounds<'_, BatchRun> = Rounds::new();
        for &(mode, plan) in &batch_plans {
            let runner = BatchRunner::new(mode).with_worker_exe(&settings.exe);
            rows.add(format!("{} x{}", mode.label(), plan.workers), move || {
                let run = runner.run(&plan).map_err(|e| e.to_string())?;
                Ok(Sample {
                    secs: run.elapsed.as_secs_f64(),
                    report: run,
                })
            });
        }
        // Python's search programs of "Parallelization in Python" join
        // here, as more rows of the same rounds (`rows.add_limited(..,
        // settings.python_rounds(), ..)`), once `crate::python` runs them.
        rows.run(rounds, &mut report)
    };

    // The thread scaling: threads alone on the same batches, the guard
    // watching for more speedup than the cores allow.
    let scaling_batches = if settings.quick { 4 } else { 10 };
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
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
        ok: profiles_exact && batches_exact && scaling_exact,
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
        ("Tutorial (Python)", Align::Left),
    ]);
    for ((mode, plan), m) in plans.iter().zip(measured) {
        table.push_row([
            mode.label().to_owned(),
            plan.workers.to_string(),
            plan.batches.to_string(),
            m.reports()
                .next()
                .map_or("-".to_owned(), |r| chapter_search::verdict(r.found, r.expected)),
            time_cell(m),
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
