//! Beyond one machine: what timely dataflow costs over plain threads on the
//! same count. Threads (`calc_primes`) and timely with the same number of
//! workers, in interleaved rounds; the overhead is the median of the
//! per-round differences and ratios of each timely row to its threads row.
//!
//! The guard checks every row against one thread: a row with `w` workers
//! may be at most min(w, cores) times faster than `calc_primes` on one
//! thread, and a row its spread cannot tell from its threads row ties with
//! it. The mark goes in the ratio cell (the time cell of the 2-thread
//! threads row, which has no ratio).

use chapter_distributed::{Kernel, run_in_threads, run_process};
use concurrency_core::{Align, Table, known_prime_count};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark, median, paired_ratios,
};
use crate::{Page, Settings};

/// The limit of the page: the prime tables' largest (`--max-limit`, the
/// tutorial's 10^8 by default), 10^6 when quick.
fn limit(settings: &Settings) -> u64 {
    if settings.quick { 1_000_000 } else { settings.max_limit }
}

/// The rows: each timely row with the threads row it is paired with; the
/// workers of each are 1, 1, 2, 2, 2.
const ROWS: [(&str, Option<usize>); 5] = [
    ("threads (calc_primes), 1 thread", None),
    ("timely, 1 process x 1 worker", Some(0)),
    ("threads (calc_primes), 2 threads", None),
    ("timely, 1 process x 2 workers", Some(2)),
    ("timely, 2 members x 1 worker over TCP on 127.0.0.1", Some(2)),
];

/// The distributed page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let limit = limit(settings);
    let kernel = Kernel::TrialDivision;
    let mut rows: Rounds<'_, u64> = Rounds::new();
    rows.add(ROWS[0].0, move || {
        Sample::timed(|| Ok(chapter_final::calc_primes(limit, 1)))
    });
    rows.add(ROWS[1].0, move || {
        Sample::timed(|| run_process(timely::Config::process(1), 0, limit, kernel, false).map(|r| r.total))
    });
    rows.add(ROWS[2].0, move || {
        Sample::timed(|| Ok(chapter_final::calc_primes(limit, 2)))
    });
    rows.add(ROWS[3].0, move || {
        Sample::timed(|| run_process(timely::Config::process(2), 0, limit, kernel, false).map(|r| r.total))
    });
    rows.add(ROWS[4].0, move || {
        Sample::timed(|| {
            let reports = run_in_threads(2, 1, limit, kernel)?;
            Ok(reports.iter().map(|r| r.primes).sum())
        })
    });
    let mut report = progress(bar, "distributed");
    let mut measured = rows.run(settings.rounds(), &mut report);
    let claims = claims(concurrency_core::cores());
    let judgements = guard(&mut rows, &mut measured, &claims, settings.rounds(), &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());
    let expected = known_prime_count(limit);
    let (table, ok) = table(&measured, &judgements, expected);

    let body = format!(
        "Trial division over 1..={limit}, {} interleaved rounds; times are medians (min–max). Every timely row \
         runs the chapter's dataflow: each worker counts its own share, the partial counts are broadcast and \
         summed. The two members of the last row run as two threads of this program, each a timely process of \
         its own that talks to the other over TCP, as the chapter's separate processes do. The overhead is the \
         median of the per-round differences (timely minus threads), the ratio the median of the per-round \
         ratios.\n\n{}\n{}{}",
        settings.rounds(),
        super::anchored("distributed", table),
        failures(&measured),
        noise.paragraph(),
    );
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

/// What the guard checks: every row but the first against `calc_primes`
/// on one thread, bound by the cores; the tie test against its threads row.
fn claims(cores: usize) -> Vec<Claim> {
    [(1, 1), (2, 2), (3, 2), (4, 2)]
        .map(|(row, workers)| Claim {
            row,
            baseline: Baseline::Row(0),
            workers,
            bound: Bound::Cpu { cores },
            peers: ROWS[row].1.into_iter().collect(),
        })
        .to_vec()
}

/// The table, each ratio (or the time of a row without one) marked by the
/// guard, and whether every count was exact and every row ran.
fn table(measured: &[Measured<u64>], judgements: &[Judgement], expected: Option<u64>) -> (Table, bool) {
    let exact = |m: &Measured<u64>| !m.runs.is_empty() && m.reports().all(|&count| Some(count) == expected);
    let ok = measured.iter().all(|m| m.error.is_none() && exact(m));
    let label = |p: usize| measured[p].label.clone();
    let mut table = Table::new([
        ("Row", Align::Left),
        ("Time", Align::Right),
        ("Overhead over its threads row", Align::Right),
        ("Time ratio to its threads row", Align::Right),
        ("Primes found", Align::Center),
    ]);
    for (i, (name, paired)) in ROWS.iter().enumerate() {
        let m = &measured[i];
        let judgement = judgements.get(i);
        let (time, overhead, ratio) = match paired {
            Some(base) => (
                time_cell(m),
                overhead_cell(m, &measured[*base]),
                mark(ratio_cell(m, &measured[*base]), judgement, &label),
            ),
            None => (
                mark(time_cell(m), judgement, &label),
                "baseline".to_owned(),
                "baseline".to_owned(),
            ),
        };
        let found = match m.reports().next() {
            Some(&count) if exact(m) => format!("{count} (exact)"),
            Some(&count) => format!("{count} (WRONG)"),
            None => "-".to_owned(),
        };
        table.push_row([(*name).to_owned(), time, overhead, ratio, found]);
    }
    (table, ok)
}

/// The median per-round difference `row - base`, in the units of the times.
fn overhead_cell(row: &Measured<u64>, base: &Measured<u64>) -> String {
    let base_times = base.times();
    let differences: Vec<f64> = row
        .times()
        .iter()
        .filter_map(|&(round, secs)| Some(secs - base_times.iter().find(|(r, _)| *r == round)?.1))
        .collect();
    match median(differences) {
        Some(d) if d.abs() < 0.1 => format!("{:+.1} ms", d * 1e3),
        Some(d) => format!("{d:+.3} s"),
        None => "-".to_owned(),
    }
}

/// The median per-round ratio `row / base`.
fn ratio_cell(row: &Measured<u64>, base: &Measured<u64>) -> String {
    Stat::of(&paired_ratios(&row.times(), &base.times())).map_or("-".to_owned(), |s| s.ratio_cell())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The five rows with fixed times and counts: no timing.
    fn fake(secs: [f64; 5]) -> (Vec<Measured<u64>>, Vec<Judgement>) {
        let mut rows: Rounds<'_, u64> = Rounds::new();
        for ((label, _), secs) in ROWS.iter().zip(secs) {
            rows.add(*label, move || Ok(Sample { secs, report: 78_498 }));
        }
        let mut measured = rows.run(3, &mut |_| {});
        let judgements = guard(&mut rows, &mut measured, &claims(2), 3, &mut |_| {});
        (measured, judgements)
    }

    #[test]
    fn a_row_faster_than_the_cores_allow_is_marked_never_bare() {
        // timely with 2 workers x4 over one thread on 2 cores; the others plausible.
        let (measured, judgements) = fake([2.0, 2.0, 1.1, 0.5, 1.8]);
        let (table, ok) = table(&measured, &judgements, Some(78_498));
        let table = table.to_string();
        let row = |name: &str| table.lines().find(|l| l.contains(name)).expect("a row").to_owned();
        assert!(
            row("1 process x 2 workers").contains("x0.45 (0.45–0.45) (implausible)"),
            "{table}"
        );
        // timely on one worker cannot be told from calc_primes on one thread.
        assert!(
            row("1 process x 1 worker").contains("x1.00 (1.00–1.00) = threads (calc_primes), 1 thread"),
            "{table}"
        );
        assert!(!row("over TCP").contains('='), "{table}");
        assert!(ok);
        // The 2-thread threads row has no ratio: its time cell carries the mark.
        let (measured, judgements) = fake([2.0, 2.0, 0.5, 1.0, 1.8]);
        let table = super::table(&measured, &judgements, Some(78_498)).0.to_string();
        let row = table.lines().find(|l| l.contains("2 threads")).expect("a row");
        assert!(row.contains("0.500 s (0.500–0.500) (implausible)"), "{table}");
    }
}
