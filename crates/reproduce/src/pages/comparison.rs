//! The comparison of the best three against the synchronous baseline, from
//! 10^5 to 10^8 numbers, each row in a fresh process (its peak memory is
//! its own), and Python's two programs side by side.
//!
//! Its rounds ([`PrimeRounds`]) hold every row of both prime pages: the
//! four models at each limit, `calc_primes` when the final page runs too,
//! and the Python programs up to `--python-max-limit`, in the first
//! [`Settings::python_rounds`] rounds only. So every ratio on both pages,
//! Python's included, is a ratio within the same rounds.

mod plots;
mod rounds;
mod tables;

use std::fmt::Write as _;

use indicatif::ProgressBar;

pub(crate) use self::rounds::prime_rounds;
pub use self::rounds::{PrimeRounds, PrimeRow, PrimeSample};
use super::{Shared, failures};
use crate::{Page, Settings, WORKERS};

// ANCHOR: comparison_page
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
        tables::tutorial_table(primes)
    );
    let _ = write!(
        body,
        "### Speedups and memory\n\nThe speedup is the median of the per-round ratios (synchronous time over \
         the row's time in the same round), with their spread; the efficiency divides it by min(workers, {cores} cores). \
         Peak memory is the peak resident set size (`VmHWM`) of the first round's run, plus each worker \
         process's for CHUNKS_IN_POOL.\n\n{}\n{}{}",
        super::anchored("speedups", tables::details_table(primes)),
        failures(&primes.measured),
        primes.noise(is_model).paragraph()
    );
    let _ = write!(body, "\n### Rust and Python side by side\n\n{}", primes.python_note);
    if primes.keys.iter().any(|&(_, row)| is_python(row)) {
        let _ = writeln!(
            body,
            "\"Rust faster by\" is the median of the per-round ratios of the rounds Python ran in.\n\n{}",
            tables::side_by_side(primes)
        );
        let _ = writeln!(body, "Python's counts: {}.\n", tables::python_counts(primes));
    }
    let plots = plots::plots(settings, primes)?;
    for (file, alt) in &plots {
        // The results pages are included into the book's chapter pages,
        // which live one folder up (docs/src/): the images are linked from there.
        let _ = write!(body, "\n![{alt}](results/{file})\n");
    }
    let _ = write!(body, "\n{}", tables::tutorial_reference());
    let ok = primes.all_exact(|row| is_model(row) || is_python(row));
    Ok(Page {
        body,
        ok,
        plots: plots.into_iter().map(|(file, _)| file).collect(),
    })
}
// ANCHOR_END: comparison_page

#[cfg(test)]
pub(crate) mod tests;
