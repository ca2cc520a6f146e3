//! The final solution: the tutorial's `calc_primes` (scoped threads over
//! exact ranges) against the synchronous original and the abstract
//! solutions, and against Python's final solution. Every row comes from
//! the comparison's rounds ([`super::comparison::PrimeRounds`]), which hold
//! `calc_primes` too when this page is to run: the boost is a ratio within
//! the same rounds, and nothing runs twice.

use std::fmt::Write as _;

use chapter_comparison::{Model, spaced};
use chapter_final::boost_label;
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::Shared;
use super::comparison::{PrimeRounds, PrimeRow, prime_rounds};
use crate::{Page, Settings, WORKERS};

/// The final page.
pub fn page(settings: &Settings, shared: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let primes = prime_rounds(settings, shared, bar)?;
    let mut body = format!(
        "No forced delay, {WORKERS} workers. `calc_primes` runs on scoped threads over exact ranges, in this \
         process; the other solutions are the comparison's rows, in the same rounds. The boost is the median of \
         the per-round ratios (synchronous time over `calc_primes` time).\n\n{}\n\
         ### What the threads add to the bare loop\n\n\
         The boost above compares different work: the synchronous runner hands out every number through its \
         queue and records every prime it finds for the tutorial's \"who found what\", where `calc_primes` only \
         counts. The same function on one thread is the fair baseline: the speedup below is the median of the \
         per-round ratios of the two, and the efficiency divides it by min({WORKERS} threads, {} cores).\n\n{}\n{}\n",
        final_table(primes),
        concurrency_core::cores(),
        threads_table(primes),
        primes.noise(|row| row == PrimeRow::CalcPrimes).paragraph()
    );
    if primes.keys.iter().any(|&(_, row)| row == PrimeRow::PythonFinal) {
        let _ = write!(
            body,
            "### calc_primes against Python's final solution\n\n{}{}\n",
            primes.python_note,
            final_vs_python(primes)
        );
    } else if let Err(why) = &settings.python {
        let _ = writeln!(body, "**Python skipped:** {why}.\n");
    }
    body.push_str(
        "\"Concurrency in Python\" measured (synchronous, abstract, calc_primes, boost): 10^5: 0.0571, 0.4711, 0.4504 sec, x7.88 slower; \
         10^6: 1.3509, 1.3738, 0.8975 sec, x1.51 faster; 10^7: 31.0216, 21.7587, 10.1256 sec, x3.06 faster; \
         10^8: 913.2356, 492.9215, 369.0804 sec, x2.47 faster.\n",
    );
    let ok = primes.all_exact(|row| {
        matches!(
            row,
            PrimeRow::CalcPrimes
                | PrimeRow::CalcPrimesOneThread
                | PrimeRow::PythonFinal
                | PrimeRow::Model(Model::Sync | Model::Threads | Model::Processes)
        )
    }) && primes.keys.iter().any(|&(_, row)| row == PrimeRow::CalcPrimes);
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

/// The tutorial's final table, with the abstraction on threads added: the
/// medians and their spreads.
fn final_table(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Calculation upper limit", Align::Right),
        ("Original solution (synchronous)", Align::Right),
        ("Abstract solution (CHUNKS_IN_POOL)", Align::Right),
        ("Abstract solution on threads (THREAD_POOL)", Align::Right),
        ("Upgraded solution (calc_primes())", Align::Right),
        ("Performance boost", Align::Right),
        ("Primes found", Align::Right),
    ]);
    for &limit in &primes.limits {
        let boost = primes
            .get(limit, PrimeRow::CalcPrimes)
            .zip(primes.get(limit, PrimeRow::Model(Model::Sync)))
            .and_then(|(calc, sync)| calc.speedup_over(sync));
        let rows = [
            PrimeRow::Model(Model::Sync),
            PrimeRow::Model(Model::Processes),
            PrimeRow::Model(Model::Threads),
            PrimeRow::CalcPrimes,
        ];
        let mut cells = vec![spaced(limit)];
        cells.extend(rows.iter().map(|&row| primes.cell(limit, row)));
        cells.push(boost.map_or("-".to_owned(), boost_cell));
        cells.push(primes.counts(limit, |row| rows.contains(&row)));
        table.push_row(cells);
    }
    table
}

/// `calc_primes` on one thread and on [`WORKERS`]: the speedup and the
/// efficiency the guard judged (on the same work).
fn threads_table(primes: &PrimeRounds) -> Table {
    let many = format!("calc_primes, {WORKERS} threads");
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("calc_primes, 1 thread", Align::Right),
        (many.as_str(), Align::Right),
        ("Speedup", Align::Right),
        ("Parallel efficiency", Align::Right),
    ]);
    for &limit in &primes.limits {
        let judgement = primes.judgement(limit, PrimeRow::CalcPrimes);
        table.push_row([
            spaced(limit),
            primes.cell(limit, PrimeRow::CalcPrimesOneThread),
            primes.cell(limit, PrimeRow::CalcPrimes),
            judgement
                .and_then(|j| j.speedup)
                .map_or("-".to_owned(), |s| s.ratio_cell()),
            judgement
                .and_then(|j| j.efficiency)
                .map_or("-".to_owned(), |e| format!("{e:.2}")),
        ]);
    }
    table
}

/// `x3.06 faster (2.90–3.10)` or `x1.28 slower (1.27–1.96)`: the spread in
/// the same terms as the median.
fn boost_cell(boost: crate::measure::Stat) -> String {
    let label = boost_label(boost.median);
    if boost.runs == 1 {
        format!("{label} (1 run)")
    } else if boost.median >= 1.0 {
        format!("{label} ({:.2}–{:.2})", boost.min, boost.max)
    } else {
        format!("{label} ({:.2}–{:.2})", 1.0 / boost.max, 1.0 / boost.min)
    }
}

/// `calc_primes` against Python's final solution, limit by limit: the
/// median of the per-round ratios of the rounds Python ran in.
fn final_vs_python(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Python final_primes (processes)", Align::Right),
        ("Rust calc_primes (threads)", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    for &limit in &primes.limits {
        let (Some(python), Some(rust)) = (
            primes.get(limit, PrimeRow::PythonFinal),
            primes.get(limit, PrimeRow::CalcPrimes),
        ) else {
            continue;
        };
        table.push_row([
            spaced(limit),
            primes.cell(limit, PrimeRow::PythonFinal),
            primes.cell(limit, PrimeRow::CalcPrimes),
            rust.speedup_over(python).map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::comparison::tests::fixed_rounds;

    #[test]
    fn the_final_table_shows_the_paired_boost() {
        let primes = fixed_rounds(3);
        let table = final_table(&primes).to_string();
        assert!(table.contains("x1.67 faster (1.67–1.67)"), "{table}");
        let python = final_vs_python(&primes).to_string();
        assert!(python.contains("x16.67 (1 run)"), "{python}");
    }
}
