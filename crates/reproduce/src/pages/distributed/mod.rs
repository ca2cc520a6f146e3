//! Beyond one machine: what timely dataflow costs over plain threads on the
//! same count, what a cluster of real processes adds, and the sieve as the
//! cluster's kernel at pi(10^11).
//!
//! Threads (`calc_primes`) and timely with the same number of workers, in
//! interleaved rounds; the overhead is the median of the per-round
//! differences and ratios of each timely row to its threads row. The TCP
//! row is a local cluster of member processes (this program, started by
//! chapter-distributed's launcher), timed from the launcher; its time is
//! split into the members' counting and the rest, and the same cluster on
//! an empty count measures that rest alone (`members.rs`).
//!
//! The guard checks every row against one thread: a row with `w` workers
//! may be at most min(w, cores) times faster than `calc_primes` on one
//! thread, and a row its spread cannot tell from its threads row ties with
//! it. The mark goes in the ratio cell (the time cell of the 2-thread
//! threads row, which has no ratio). The sieve rows are in `sieve_kernel.rs`.

mod members;
mod sieve_kernel;

use chapter_distributed::{Kernel, run_process};
use concurrency_core::{Align, Table, known_prime_count};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{
    Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, Stat, guard, mark, median, paired_ratios,
};
use crate::{Page, Settings};
use members::{Run, cluster, split};

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
    ("timely, 2 processes x 1 worker over TCP on 127.0.0.1", Some(2)),
];

/// The TCP row's index in [`ROWS`].
const TCP: usize = 4;

/// The limit of the empty run, measured in the same rounds as the table
/// and shown in the split of the TCP row: the same cluster with next to
/// nothing to count, so its time is starting, connecting and reaping.
const EMPTY_LIMIT: u64 = 10;

/// The distributed page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let limit = limit(settings);
    let kernel = Kernel::TrialDivision;
    let in_process = |workers: usize| {
        Sample::timed(|| {
            run_process(timely::Config::process(workers), 0, limit, kernel, false).map(|r| Run::counted(r.total))
        })
    };
    let mut rows: Rounds<'_, Run> = Rounds::new();
    rows.add(ROWS[0].0, move || {
        Sample::timed(|| Ok(Run::counted(chapter_final::calc_primes(limit, 1))))
    });
    rows.add(ROWS[1].0, move || in_process(1));
    rows.add(ROWS[2].0, move || {
        Sample::timed(|| Ok(Run::counted(chapter_final::calc_primes(limit, 2))))
    });
    rows.add(ROWS[3].0, move || in_process(2));
    rows.add(ROWS[TCP].0, move || cluster(2, 1, limit, kernel));
    rows.add(format!("the same 2 processes on 1..={EMPTY_LIMIT}"), move || {
        cluster(2, 1, EMPTY_LIMIT, kernel)
    });
    let mut report = progress(bar, "distributed");
    let mut measured = rows.run(settings.rounds(), &mut report);
    let claims = claims(concurrency_core::cores());
    let judgements = guard(&mut rows, &mut measured, &claims, settings.rounds(), &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());
    let (table, ok) = table(&measured, &judgements, known_prime_count(limit));
    let empty = &measured[TCP + 1];
    let empty_ok = exact(empty, known_prime_count(EMPTY_LIMIT));
    let (sieve, sieve_ok) = sieve_kernel::section(settings, bar);

    let body = format!(
        "Trial division over 1..={limit}, {rounds} interleaved rounds; times are medians (min–max). Every timely row \
         runs the chapter's dataflow: each worker counts its own share, the partial counts are broadcast and \
         summed. The first four rows run inside this program. The TCP row is what `chapter-distributed \
         --processes 2 --workers 1` does: the launcher starts two member processes (this program again), which \
         connect to each other over TCP, count, send their partial counts and exit; its time is the launcher's, \
         from finding two free ports to reaping the last member. The overhead is the median of the per-round \
         differences (timely minus threads), the ratio the median of the per-round ratios.\n\n{}\n{}{}\n\n\
         ### Where the TCP row's time goes\n\n\
         Each member times its own count, from the moment its cluster is connected to its last worker's end; \
         the rest of the launcher's time is starting the processes, connecting them and reaping them. The last \
         row measures that rest alone, in the same rounds: the same two processes on 1..={EMPTY_LIMIT}.\n\n{}\n\
         {}\n{}",
        super::anchored("distributed", table),
        failures(&measured),
        noise.paragraph(),
        super::anchored("distributed-split", split_table(&measured[TCP], empty)),
        if empty_ok {
            ""
        } else {
            "The empty run's count was wrong.\n"
        },
        sieve,
        rounds = settings.rounds(),
    );
    Ok(Page {
        body,
        ok: ok && empty_ok && sieve_ok,
        plots: Vec::new(),
    })
}

/// Whether every run of `m` counted `expected`, and there was one.
fn exact(m: &Measured<Run>, expected: Option<u64>) -> bool {
    m.error.is_none() && !m.runs.is_empty() && m.reports().all(|run| Some(run.count) == expected)
}

/// The count a row found, `(exact)` when every run found `expected`.
fn found_cell(m: &Measured<Run>, expected: Option<u64>) -> String {
    match m.reports().next() {
        Some(run) if exact(m, expected) => format!("{} (exact)", run.count),
        Some(run) => format!("{} (WRONG)", run.count),
        None => "-".to_owned(),
    }
}

/// The TCP row's time, split: the whole (the launcher's), the members'
/// counting, the rest, and the empty run.
fn split_table(tcp: &Measured<Run>, empty: &Measured<Run>) -> Table {
    let (counting, rest) = split(tcp);
    let cell = |stat: Option<Stat>| stat.map_or("-".to_owned(), |s| s.secs_cell());
    let mut table = Table::new([
        ("The TCP row: 2 processes x 1 worker", Align::Left),
        ("Time", Align::Right),
    ]);
    table.push_row(["the whole run, timed by the launcher".to_owned(), time_cell(tcp)]);
    table.push_row([
        "counting: the slower member, from connected to done".to_owned(),
        cell(counting),
    ]);
    table.push_row([
        "the rest: starting, connecting, reaping (whole minus counting)".to_owned(),
        cell(rest),
    ]);
    table.push_row([
        format!("the same cluster on 1..={EMPTY_LIMIT}: the rest alone"),
        time_cell(empty),
    ]);
    table
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
fn table(measured: &[Measured<Run>], judgements: &[Judgement], expected: Option<u64>) -> (Table, bool) {
    let ok = measured[..ROWS.len()].iter().all(|m| exact(m, expected));
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
        table.push_row([(*name).to_owned(), time, overhead, ratio, found_cell(m, expected)]);
    }
    (table, ok)
}

/// The median per-round difference `row - base`, in the units of the times.
fn overhead_cell(row: &Measured<Run>, base: &Measured<Run>) -> String {
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
fn ratio_cell(row: &Measured<Run>, base: &Measured<Run>) -> String {
    Stat::of(&paired_ratios(&row.times(), &base.times())).map_or("-".to_owned(), |s| s.ratio_cell())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The five rows with fixed times and counts: no timing.
    fn fake(secs: [f64; 5]) -> (Vec<Measured<Run>>, Vec<Judgement>) {
        let mut rows: Rounds<'_, Run> = Rounds::new();
        for ((label, _), secs) in ROWS.iter().zip(secs) {
            rows.add(*label, move || {
                Ok(Sample {
                    secs,
                    report: Run::counted(78_498),
                })
            });
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

    #[test]
    fn the_tcp_row_splits_into_the_members_counting_and_the_rest() {
        let mut rows: Rounds<'_, Run> = Rounds::new();
        let mut round = 0;
        rows.add("tcp", move || {
            round += 1;
            let counting = Some(0.8 + 0.1 * f64::from(round));
            Ok(Sample {
                secs: 1.0 + 0.1 * f64::from(round),
                report: Run { count: 4, counting },
            })
        });
        rows.add("empty", || {
            Ok(Sample {
                secs: 0.15,
                report: Run {
                    count: 4,
                    counting: Some(0.001),
                },
            })
        });
        let measured = rows.run(3, &mut |_| {});
        let table = split_table(&measured[0], &measured[1]).to_string();
        let cell = |name: &str| table.lines().find(|l| l.contains(name)).expect("a row").to_owned();
        assert!(cell("whole run").contains("1.20 s (1.10–1.30)"), "{table}");
        assert!(cell("counting").contains("1.00 s (0.90–1.10)"), "{table}");
        // Whole minus counting is 0.2 s in every round.
        assert!(cell("the rest:").contains("0.200 s (0.200–0.200)"), "{table}");
        assert!(cell("1..=10").contains("0.150 s (0.150–0.150)"), "{table}");
        assert!(exact(&measured[1], Some(4)) && !exact(&measured[1], Some(5)));
    }
}
