//! The chapters with the forced delay (1 to 5): each runner of a chapter's
//! tutorial table, in interleaved rounds. The work is sleeping, so the
//! speedup is measured against the sum of the delays (what one worker
//! sleeping through every number would take) and the efficiency divides
//! it by the workers: sleepers do not compete for cores.

use std::fmt::Write as _;

use chapter_async::{AsyncRuntime, AsyncTaskRunner, RunnerType};
use chapter_cooperative::CoopTaskRunner;
use chapter_multiprocess::{MultiProcessTaskRunner, TUTORIAL_TABLE};
use chapter_multithread::MultiThreadTaskRunner;
use chapter_sync::SyncTaskRunner;
use concurrency_core::{Align, Job, RunReport, Table, TaskRunner, Verdict, preview};
use indicatif::ProgressBar;

use super::timeline::{Picture, add_timelines};
use super::{Shared, anchored, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Noise, Rounds, Sample, guard, mark};
use crate::{Page, Settings};

const SYNC_NOTE: &str =
    "The tutorial measured 50.5522 sec: 1000 numbers at 0.05 s each, one after the other, all found by Worker-1.";
const COOPERATIVE_NOTE: &str =
    "The tutorial measured 51.1277 sec: handing each number to an idle worker changes nothing without concurrency.";
const ASYNC_NOTE: &str = "The tutorial measured SIMPLE 2: 32.1810 sec, SIMPLE 3: 21.0620 sec, TASK_GROUP 3: 20.9242 sec (asyncio, one thread). Ours run on tokio's current-thread runtime, the closest to asyncio.";
const MULTITHREAD_NOTE: &str = "The tutorial measured SIMPLE 2: 25.2479 sec, LOCKED_LIST 2: 25.2679 sec, THREAD_POOL 2, 3, 5: 25.2255, 16.8516, 10.0864 sec.";
const MULTIPROCESS_NOTE: &str = "The tutorial measured SIMPLE 3, 10: 17.1390, 5.4353 sec; SHARED 3: 17.4743 sec; PROCESS_POOL 3, 5, 10: 17.3709, 10.6335, 5.7128 sec; CHUNKS_IN_POOL 10: 5.5582 sec.";

/// Chapter 1: synchronous.
pub fn sync(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let runs: [(&dyn TaskRunner, Job); 1] = [(&SyncTaskRunner::new(), settings.delay_job(2))];
    let mut page = delay_page(&runs, SYNC_NOTE, settings.rounds(), bar);
    add_timelines(&mut page, &settings.out, &pictures("sync", &runs));
    page.body = anchored("delay", &page.body);
    Ok(page)
}

/// Chapter 2: cooperative.
pub fn cooperative(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let runs: [(&dyn TaskRunner, Job); 1] = [(&CoopTaskRunner::new(), settings.delay_job(2))];
    let mut page = delay_page(&runs, COOPERATIVE_NOTE, settings.rounds(), bar);
    add_timelines(&mut page, &settings.out, &pictures("cooperative", &runs));
    page.body = anchored("delay", &page.body);
    Ok(page)
}

/// Chapter 3: asynchronous, on tokio's current-thread runtime.
pub fn asynchronous(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let runners: Vec<(AsyncTaskRunner, usize)> = chapter_async::TUTORIAL_TABLE
        .iter()
        .map(|&(mode, k)| (AsyncTaskRunner::new(mode, AsyncRuntime::TokioCurrentThread), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    let mut page = delay_page(&runs, ASYNC_NOTE, settings.rounds(), bar);
    // SIMPLE 3 on both tokio runtimes: tasks taking turns on one thread,
    // then the same tasks spread over a thread per core.
    let on_one = AsyncTaskRunner::new(RunnerType::Simple, AsyncRuntime::TokioCurrentThread);
    let on_many = AsyncTaskRunner::new(RunnerType::Simple, AsyncRuntime::TokioMultiThread);
    let picture = |runner| Picture {
        chapter: "async",
        runner,
        workers: 3,
    };
    let pictures = [
        (picture(&on_one), "-current-thread"),
        (picture(&on_many), "-multi-thread"),
    ];
    add_timelines(&mut page, &settings.out, &pictures);
    page.body = anchored("delay", &page.body);
    let (section, ok) = super::runtimes::section(settings, bar);
    page.body.push_str(&section);
    page.ok &= ok;
    Ok(page)
}

/// Chapter 4: multithreading.
pub fn multithread(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let runners: Vec<(MultiThreadTaskRunner, usize)> = chapter_multithread::TUTORIAL_TABLE
        .iter()
        .map(|&(t, k)| (MultiThreadTaskRunner::new(t), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    let mut page = delay_page(&runs, MULTITHREAD_NOTE, settings.rounds(), bar);
    add_timelines(&mut page, &settings.out, &pictures("multithread", &runs));
    page.body = anchored("delay", &page.body);
    let (section, plots, ok) = super::no_gil::section(settings, bar);
    page.body.push_str(&section);
    page.plots.extend(plots);
    page.ok &= ok;
    Ok(page)
}

/// Chapter 5: multiprocessing, this program as the worker processes.
pub fn multiprocess(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let runners: Vec<(MultiProcessTaskRunner, usize)> = TUTORIAL_TABLE
        .iter()
        .map(|&(t, k)| (MultiProcessTaskRunner::new(t).with_worker_exe(&settings.exe), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    let mut page = delay_page(&runs, MULTIPROCESS_NOTE, settings.rounds(), bar);
    add_timelines(&mut page, &settings.out, &pictures("multiprocess", &runs));
    page.body = anchored("delay", &page.body);
    for (runner, _) in &runners {
        runner.shutdown_pool();
    }
    bar.set_message("multiprocess: what a worker costs");
    page.body.push_str(&super::costs::section(settings)?);
    Ok(page)
}

/// The page of a chapter with the forced delay (a book page includes it
/// as `results/<chapter>.md:delay`): its runs in `rounds`
/// interleaved rounds, the medians in the tutorial's table, who found what
/// (the first round's run) in a second one, every count checked.
fn delay_page(runs: &[(&dyn TaskRunner, Job)], note: &str, rounds: usize, bar: &ProgressBar) -> Page {
    let mut rows: Rounds<'_, RunReport> = Rounds::new();
    for &(runner, ref job) in runs {
        let label = format!("{} {}", runner.runner_type(), job.workers);
        rows.add(label, move || {
            let report = runner.run(job).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: report.elapsed.as_secs_f64(),
                report,
            })
        });
    }
    let mut report = progress(bar, "forced delay");
    let mut measured = rows.run(rounds, &mut report);
    let all: Vec<usize> = (0..runs.len()).collect();
    let claims: Vec<Claim> = runs
        .iter()
        .enumerate()
        .map(|(row, (_, job))| Claim {
            row,
            baseline: Baseline::Fixed(job.delay.as_secs_f64() * job.limit as f64),
            workers: job.workers,
            bound: Bound::Sleep,
            peers: all.clone(),
        })
        .collect();
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());

    let mut table = Table::new([
        ("Runner Type", Align::Center),
        ("Num. of Workers", Align::Center),
        ("Execution time", Align::Right),
        ("Speedup over one sleeper", Align::Right),
        ("Efficiency", Align::Right),
        ("Primes found", Align::Right),
    ]);
    let mut detail = Table::new([
        ("Runner Type", Align::Center),
        ("Num. of Workers", Align::Center),
        ("Execution result (round 1)", Align::Left),
        ("Note", Align::Left),
    ]);
    let mut ok = true;
    for (((runner, job), m), judgement) in runs.iter().zip(&measured).zip(&judgements) {
        let verdicts: Vec<Verdict> = m.reports().map(RunReport::verdict).collect();
        ok &= m.error.is_none() && verdicts.iter().all(|v| matches!(v, Verdict::Exact { .. }));
        table.push_row([
            runner.runner_type().to_owned(),
            job.workers.to_string(),
            mark(time_cell(m), Some(judgement), &|p| measured[p].label.clone()),
            judgement.speedup.map_or("-".to_owned(), |s| s.ratio_cell()),
            judgement.efficiency.map_or("-".to_owned(), |e| format!("{e:.2}")),
            verdict_cell(&verdicts),
        ]);
        if let Some(first) = m.reports().next() {
            let shown: Vec<String> = first
                .workers
                .iter()
                .take(3)
                .map(|w| format!("`{}: {}`", w.name, preview(&w.primes)))
                .collect();
            let more = if first.workers.len() > 3 { " ..." } else { "" };
            detail.push_row([
                runner.runner_type().to_owned(),
                job.workers.to_string(),
                format!("{}{more}", shown.join(" ")),
                first.note(),
            ]);
        }
    }
    let (limit, delay) = runs
        .first()
        .map_or((0, std::time::Duration::ZERO), |(_, job)| (job.limit, job.delay));
    let mut body = format!(
        "Numbers 1..={limit}, forced delay {} ms per number: one sleeper alone would take {:.3} s, \
         the baseline of the speedups.\n\n{table}\n{}{}\n### Who found what\n\n{detail}\n{note}\n",
        delay.as_millis(),
        delay.as_secs_f64() * limit as f64,
        failures(&measured),
        noise.paragraph(),
    );
    if !ok {
        let _ = writeln!(body, "\n**A count was wrong or a run failed.**");
    }
    Page {
        body,
        ok,
        plots: Vec::new(),
    }
}

/// A timeline per runner type of `runs`, with the worker count of its
/// first row (THREAD_POOL 2, 3 and 5 give one picture, with 2 workers).
fn pictures<'a>(chapter: &'a str, runs: &[(&'a dyn TaskRunner, Job)]) -> Vec<(Picture<'a>, &'static str)> {
    let mut pictures: Vec<(Picture<'a>, &'static str)> = Vec::new();
    for &(runner, ref job) in runs {
        if !pictures
            .iter()
            .any(|(p, _)| p.runner.runner_type() == runner.runner_type())
        {
            let picture = Picture {
                chapter,
                runner,
                workers: job.workers,
            };
            pictures.push((picture, ""));
        }
    }
    pictures
}

/// `25 (exact)` when every round agrees, otherwise each distinct verdict.
fn verdict_cell(verdicts: &[Verdict]) -> String {
    let mut distinct: Vec<String> = Vec::new();
    for v in verdicts {
        let text = v.to_string();
        if !distinct.contains(&text) {
            distinct.push(text);
        }
    }
    if distinct.is_empty() {
        "-".to_owned()
    } else {
        distinct.join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delay_page_checks_its_counts() {
        let bar = ProgressBar::hidden();
        let page = delay_page(
            &[(&SyncTaskRunner::new(), Job::new(100, 2, std::time::Duration::ZERO))],
            SYNC_NOTE,
            3,
            &bar,
        );
        assert!(page.ok);
        assert!(
            page.body.contains("25 (exact)")
                && page.body.contains("1..=100")
                && page.body.contains("Guard: 1 row checked"),
            "{}",
            page.body
        );
    }
}
