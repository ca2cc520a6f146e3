//! The async page's claim, measured where it is made: tokio's
//! current-thread runtime runs CPU-bound tasks one at a time on one thread;
//! its multi-threaded runtime spreads the same tasks over a thread per core.
//! The chapter's SIMPLE runner on both runtimes, with no delay, in
//! interleaved rounds.

use std::time::Duration;

use chapter_async::{AsyncRuntime, AsyncTaskRunner, RunnerType};
use concurrency_core::{Align, Job, RunReport, Table, TaskRunner, Verdict};
use indicatif::ProgressBar;

use super::{anchored, failures, progress, time_cell};
use crate::Settings;
use crate::measure::{Baseline, Bound, Claim, Noise, Rounds, Sample, guard, mark};

/// The section of the async page: the table (anchored `runtimes`) and
/// whether every count was exact.
pub fn section(settings: &Settings, bar: &ProgressBar) -> (String, bool) {
    let cores = concurrency_core::cores();
    let workers = cores.max(2);
    let limit = if settings.quick {
        100_000
    } else {
        10_000_000.min(settings.max_limit.max(100_000))
    };
    let job = Job::new(limit, workers, Duration::ZERO);
    let runners = [AsyncRuntime::TokioCurrentThread, AsyncRuntime::TokioMultiThread]
        .map(|runtime| AsyncTaskRunner::new(RunnerType::Simple, runtime));
    let mut rows: Rounds<'_, RunReport> = Rounds::new();
    for runner in &runners {
        let job = &job;
        rows.add(runner.runtime().to_string(), move || {
            let report = runner.run(job).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: report.elapsed.as_secs_f64(),
                report,
            })
        });
    }
    let rounds = settings.rounds();
    let mut report = progress(bar, "async runtimes");
    let mut measured = rows.run(rounds, &mut report);
    let claims = [Claim {
        row: 1,
        baseline: Baseline::Row(0),
        workers,
        bound: Bound::Cpu { cores },
        peers: vec![0, 1],
    }];
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());

    let mut ok = true;
    let mut table = Table::new([
        ("Runtime", Align::Left),
        ("Tasks", Align::Right),
        ("Execution time", Align::Right),
        ("Speedup over current-thread", Align::Right),
        ("Efficiency", Align::Right),
        ("Threads that ran tasks", Align::Right),
        ("Primes found", Align::Right),
    ]);
    for (i, ((runner, m), judgement)) in runners.iter().zip(&measured).zip(&judgements).enumerate() {
        let verdicts: Vec<Verdict> = m.reports().map(RunReport::verdict).collect();
        let exact =
            m.error.is_none() && !verdicts.is_empty() && verdicts.iter().all(|v| matches!(v, Verdict::Exact { .. }));
        ok &= exact;
        let first = m.reports().next();
        let threads = first.map_or("-".to_owned(), |r| {
            let mut names: Vec<&str> = r
                .workers
                .iter()
                .filter(|w| w.processed > 0)
                .map(|w| w.thread.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names.len().to_string()
        });
        table.push_row([
            runner.runtime().to_string(),
            workers.to_string(),
            mark(time_cell(m), Some(judgement), &|p| measured[p].label.clone()),
            if i == 0 {
                "baseline".to_owned()
            } else {
                judgement.speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            judgement.efficiency.map_or("-".to_owned(), |e| format!("{e:.2}")),
            threads,
            verdicts.first().map_or("-".to_owned(), ToString::to_string),
        ]);
    }
    let body = format!(
        "\n### CPU-bound tasks on one thread and on several\n\n\
         SIMPLE with {workers} tasks and no delay, numbers 1..={limit}, on each of tokio's runtimes (the \
         multi-threaded one starts a worker thread per logical core: {cores} here). \"Threads that ran \
         tasks\" counts the threads that finished a task in round 1. The speedup is the median of the \
         per-round ratios.\n\n{}\n{}{}",
        anchored("runtimes", &table),
        failures(&measured),
        noise.paragraph()
    );
    (body, ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_runtimes_count_exactly() {
        let settings = Settings {
            runs: 1,
            ..Settings::quick_for_tests()
        };
        let (body, ok) = section(&settings, &ProgressBar::hidden());
        assert!(ok, "{body}");
        assert!(
            body.contains("9592 (exact)") && body.contains("ANCHOR: runtimes"),
            "{body}"
        );
        assert!(
            body.contains("tokio current-thread") && body.contains("tokio multi-thread"),
            "{body}"
        );
    }
}
