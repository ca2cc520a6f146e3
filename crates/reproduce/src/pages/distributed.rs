//! Beyond one machine: what timely dataflow costs over plain threads on the
//! same count. Threads (`calc_primes`) and timely with the same number of
//! workers, in interleaved rounds; the overhead is the median of the
//! per-round differences and ratios of each timely row to its threads row.

use chapter_distributed::{Kernel, run_in_threads, run_process};
use concurrency_core::{Align, Table, known_prime_count};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Measured, Rounds, Sample, Stat, median, paired_ratios};
use crate::{Page, Settings};

/// The limit of the page: the prime tables' largest (`--max-limit`, the
/// tutorial's 10^8 by default), 10^6 when quick.
fn limit(settings: &Settings) -> u64 {
    if settings.quick { 1_000_000 } else { settings.max_limit }
}

/// The rows: each timely row with the threads row it is paired with.
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
    let measured = rows.run(settings.rounds(), &mut report);
    let expected = known_prime_count(limit);
    let exact = |m: &Measured<u64>| !m.runs.is_empty() && m.reports().all(|&count| Some(count) == expected);
    let ok = measured.iter().all(|m| m.error.is_none() && exact(m));

    let mut table = Table::new([
        ("Row", Align::Left),
        ("Time", Align::Right),
        ("Overhead over its threads row", Align::Right),
        ("Time ratio to its threads row", Align::Right),
        ("Primes found", Align::Center),
    ]);
    for (i, (label, paired)) in ROWS.iter().enumerate() {
        let m = &measured[i];
        let (overhead, ratio) = match paired {
            Some(base) => (overhead_cell(m, &measured[*base]), ratio_cell(m, &measured[*base])),
            None => ("baseline".to_owned(), "baseline".to_owned()),
        };
        let found = match m.reports().next() {
            Some(&count) if exact(m) => format!("{count} (exact)"),
            Some(&count) => format!("{count} (WRONG)"),
            None => "-".to_owned(),
        };
        table.push_row([(*label).to_owned(), time_cell(m), overhead, ratio, found]);
    }
    let body = format!(
        "Trial division over 1..={limit}, {} interleaved rounds; times are medians (min–max). Every timely row \
         runs the chapter's dataflow: each worker counts its own share, the partial counts are broadcast and \
         summed. The two members of the last row run as two threads of this program, each a timely process of \
         its own that talks to the other over TCP, as the chapter's separate processes do. The overhead is the \
         median of the per-round differences (timely minus threads), the ratio the median of the per-round \
         ratios.\n\n{}\n{}",
        settings.rounds(),
        super::anchored("distributed", table),
        failures(&measured),
    );
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

/// The median per-round difference `row - base`, in the units of the times.
fn overhead_cell(row: &Measured<u64>, base: &Measured<u64>) -> String {
    let base_times = base.times();
    let differences: Vec<f64> = row
        .times()
        .iter()
        .filter_map(|&(round, secs)| Some(secs - base_times.iter().find(|(r, _)| *r == round)?.1))
        .collect();
    match median(&differences) {
        Some(d) if d.abs() < 0.1 => format!("{:+.1} ms", d * 1e3),
        Some(d) => format!("{d:+.3} s"),
        None => "-".to_owned(),
    }
}

/// The median per-round ratio `row / base`.
fn ratio_cell(row: &Measured<u64>, base: &Measured<u64>) -> String {
    Stat::of(&paired_ratios(&row.times(), &base.times())).map_or("-".to_owned(), |s| s.ratio_cell())
}
