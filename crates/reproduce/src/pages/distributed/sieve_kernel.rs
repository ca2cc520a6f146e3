//! The sieve as the cluster's kernel: pi(10^11) counted by a cluster of
//! three member processes, by one process with a worker per core, and by
//! primesieve (the Debian CLI, when installed) on the same cores, in
//! interleaved rounds. No ratio here has a bound from the cores (the rows
//! are different programs, or different numbers of workers), so the guard
//! only tells ties: the one process against primesieve, the cluster against
//! the one process.

use chapter_distributed::{Kernel, run_process};
use chapter_sieve::known_count;
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::super::sieve::{primesieve, primesieve_version};
use super::super::{failures, progress, time_cell};
use super::members::{Run, cluster};
use super::{exact, found_cell, ratio_cell};
use crate::Settings;
use crate::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, guard, mark};

/// The section's limit: 10^11 (10^8 when quick).
fn limit(settings: &Settings) -> u64 {
    if settings.quick { 100_000_000 } else { 100_000_000_000 }
}

/// The workers of the one process, and primesieve's threads: one per core.
fn cores() -> usize {
    concurrency_core::cores()
}

/// The section, under its own heading, and whether every count was exact.
pub fn section(settings: &Settings, bar: &ProgressBar) -> (String, bool) {
    let limit = limit(settings);
    let cores = cores();
    let version = primesieve_version();
    let mut rows: Rounds<'_, Run> = Rounds::new();
    let primesieve_row = version.is_ok().then(|| {
        rows.add(format!("primesieve, {cores} threads"), move || {
            Sample::timed(|| primesieve(limit, cores).map(Run::counted))
        })
    });
    let one = rows.add(format!("timely, 1 process x {cores} workers"), move || {
        Sample::timed(|| {
            run_process(timely::Config::process(cores), 0, limit, Kernel::Sieve, false).map(|r| Run::counted(r.total))
        })
    });
    let three = rows.add("timely, 3 processes x 1 worker over TCP", move || {
        cluster(3, 1, limit, Kernel::Sieve)
    });
    let mut report = progress(bar, "distributed (sieve)");
    let mut measured = rows.run(settings.rounds(), &mut report);
    let claims = claims(primesieve_row, one, three);
    let judgements = guard(&mut rows, &mut measured, &claims, settings.rounds(), &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());
    let expected = known_count(limit);
    let ok = measured.iter().all(|m| exact(m, expected));
    let table = table(&measured, &judgements, primesieve_row, one, expected);
    let primesieve_note = match &version {
        Ok(version) => format!(
            "primesieve is the Debian CLI ({version}), run as a process on {cores} threads: its time includes \
             starting it."
        ),
        Err(why) => format!("primesieve did not run here ({why}), so its row is left out."),
    };
    let text = format!(
        "### The sieve as the kernel: pi({})\n\n\
         With `--kernel sieve`, each worker counts its blocks with the sieve chapter's segmented sieve (variant \
         (b)'s odd-only bit array, started at each block's first number) instead of trial division. The cluster \
         row is `chapter-distributed --processes 3 --kernel sieve --limit {limit}`, timed from the launcher; the \
         one process runs the same dataflow with {cores} workers inside this program. {primesieve_note} \
         {rounds} interleaved rounds; times are medians (min–max), ratios the medians of the per-round \
         ratios.\n\n{}\n{}{}",
        power_of_ten(limit),
        super::super::anchored("distributed-sieve", table),
        failures(&measured),
        noise.paragraph(),
        rounds = settings.rounds(),
    );
    (text, ok)
}

/// `10^11` for a power of ten, else the number: the heading's limit.
fn power_of_ten(limit: u64) -> String {
    match (1..20).find(|&k| 10u64.checked_pow(k) == Some(limit)) {
        Some(k) => format!("10^{k}"),
        None => limit.to_string(),
    }
}

/// The tie tests: the one process against primesieve (when it ran), the
/// cluster against the one process. Different programs, or different
/// workers on the same cores, have no bound from the cores: the workers are
/// set past any count, so no efficiency can reach the bound.
fn claims(primesieve: Option<usize>, one: usize, three: usize) -> Vec<Claim> {
    let tie = |row: usize, against: usize| Claim {
        row,
        baseline: Baseline::Row(against),
        workers: usize::MAX,
        bound: Bound::Sleep,
        peers: vec![against],
    };
    primesieve
        .map(|p| tie(one, p))
        .into_iter()
        .chain([tie(three, one)])
        .collect()
}

/// The table: each row's time, its ratio to primesieve's and to the one
/// process's, the guard's mark in the ratio its claim is about.
fn table(
    measured: &[Measured<Run>],
    judgements: &[Judgement],
    primesieve: Option<usize>,
    one: usize,
    expected: Option<u64>,
) -> Table {
    let label = |p: usize| measured[p].label.clone();
    // Without primesieve, its column is left out.
    let columns = [
        Some(("Row", Align::Left)),
        Some(("Time", Align::Right)),
        primesieve.map(|_| ("Time over primesieve's", Align::Right)),
        Some(("Time over 1 process's", Align::Right)),
        Some(("Primes found", Align::Center)),
    ];
    let mut table = Table::new(columns.into_iter().flatten());
    for (i, m) in measured.iter().enumerate() {
        let judgement = judgements.get(i);
        let over = |base: usize| match base == i {
            true => "baseline".to_owned(),
            false => ratio_cell(m, &measured[base]),
        };
        let mut over_primesieve = primesieve.map(over);
        let mut over_one = if primesieve == Some(i) {
            "-".to_owned()
        } else {
            over(one)
        };
        // The mark goes in the ratio the row's claim is about.
        if i == one {
            over_primesieve = over_primesieve.map(|cell| mark(cell, judgement, &label));
        } else if primesieve != Some(i) {
            over_one = mark(over_one, judgement, &label);
        }
        let found = found_cell(m, expected);
        let cells = [
            Some(m.label.clone()),
            Some(time_cell(m)),
            over_primesieve,
            Some(over_one),
            Some(found),
        ];
        table.push_row(cells.into_iter().flatten());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// primesieve, the one process and the cluster with fixed times: no timing.
    fn fake(secs: [f64; 3], with_primesieve: bool) -> String {
        let mut rows: Rounds<'_, Run> = Rounds::new();
        let labels = [
            "primesieve, 2 threads",
            "timely, 1 process x 2 workers",
            "timely, 3 processes",
        ];
        let skip = usize::from(!with_primesieve);
        let indices: Vec<usize> = (labels.iter().zip(secs))
            .skip(skip)
            .map(|(label, secs)| {
                rows.add(*label, move || {
                    Ok(Sample {
                        secs,
                        report: Run::counted(4_118_054_813),
                    })
                })
            })
            .collect();
        let (primesieve, one, three) = match indices[..] {
            [p, o, t] => (Some(p), o, t),
            [o, t] => (None, o, t),
            _ => unreachable!("two or three rows"),
        };
        let mut measured = rows.run(3, &mut |_| {});
        let claims = claims(primesieve, one, three);
        let judgements = guard(&mut rows, &mut measured, &claims, 3, &mut |_| {});
        table(&measured, &judgements, primesieve, one, known_count(100_000_000_000)).to_string()
    }

    fn row(table: &str, name: &str) -> String {
        table.lines().find(|l| l.contains(name)).expect("a row").to_owned()
    }

    #[test]
    fn each_ratio_is_against_its_baseline_and_exact_counts_are_checked() {
        let table = fake([10.0, 60.0, 66.0], true);
        assert!(row(&table, "primesieve, 2").contains("baseline"), "{table}");
        assert!(row(&table, "1 process x").contains("x6.00 (6.00–6.00)"), "{table}");
        let cluster = row(&table, "3 processes");
        assert!(
            cluster.contains("x6.60 (6.60–6.60)") && cluster.contains("x1.10 (1.10–1.10)"),
            "{table}"
        );
        assert!(cluster.contains("4118054813 (exact)"), "{table}");
        assert!(!table.contains('='), "fixed, different times are no tie: {table}");
    }

    #[test]
    fn the_heading_writes_a_power_of_ten_as_one() {
        assert_eq!(power_of_ten(100_000_000_000), "10^11");
        assert_eq!(power_of_ten(100_000_000), "10^8");
        assert_eq!(power_of_ten(123), "123");
    }

    #[test]
    fn without_primesieve_the_cluster_is_still_set_against_one_process() {
        let table = fake([0.0, 60.0, 66.0], false);
        assert!(!table.contains("primesieve"), "no row and no column: {table}");
        let cluster = row(&table, "3 processes");
        assert!(cluster.contains("x1.10 (1.10–1.10)"), "{table}");
        assert!(row(&table, "1 process x").contains("baseline"), "{table}");
    }
}
