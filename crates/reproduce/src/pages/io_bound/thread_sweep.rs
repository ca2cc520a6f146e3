//! The thread-count sweep: the threads mode at every count, each count a
//! row of the same rounds, with the chapter's plot and CSV of the medians.

use std::fmt::Write as _;
use std::time::Duration;

use chapter_io_bound::{Plan, Tally, sweep};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::{Measured, Rounds, Sample};
use crate::pages::{failures, time_cell};

/// The sweep's rows: one per thread count of `counts`.
pub(super) fn measure(
    settings: &Settings,
    plan: &Plan,
    counts: &[usize],
    report: &mut dyn FnMut(&str),
) -> Vec<Measured<Tally>> {
    let mut rows: Rounds<'_, Tally> = Rounds::new();
    for &threads in counts {
        rows.add(format!("sweep, {threads} threads"), move || {
            Sample::timed(|| chapter_io_bound::modes::threads(plan, threads).map_err(|e| e.to_string()))
        });
    }
    rows.run(settings.rounds(), report)
}

/// The sweep's section of the page: its table, the fastest median, the
/// check against `expected`, and the plot and CSV written next to the page
/// (their file names are added to `plots`). Returns whether every count
/// was exact in every round.
#[allow(clippy::too_many_arguments)] // the page's parts, each used once
pub(super) fn section(
    body: &mut String,
    settings: &Settings,
    plan: &Plan,
    max_threads: usize,
    counts: &[usize],
    swept: &[Measured<Tally>],
    expected: &Tally,
    plots: &mut Vec<String>,
) -> Result<bool, String> {
    let rounds = settings.rounds();
    let _ = write!(
        body,
        "\n### The thread-count sweep\n\nThe threads mode for {} thread counts up to {max_threads}, \
     the same {} requests each time, in {rounds} interleaved rounds.\n\n",
        counts.len(),
        plan.requests()
    );
    let exact = swept
        .iter()
        .filter(|m| !m.runs.is_empty() && m.reports().all(|t| t == expected))
        .count();
    let _ = writeln!(
        body,
        "{}\n{}",
        super::super::anchored("sweep", table(counts, swept)),
        failures(swept)
    );
    // The chapter's plot and CSV, drawn from the medians.
    let points: Vec<sweep::Point> = counts
        .iter()
        .zip(swept)
        .filter_map(|(&threads, m)| {
            Some(sweep::Point {
                threads,
                elapsed: Duration::from_secs_f64(m.stat()?.median),
                tally: *m.reports().next()?,
            })
        })
        .collect();
    if let Some(best) = sweep::best(&points) {
        let _ = write!(body, "Fastest median: {} threads. ", best.threads);
    }
    let _ = writeln!(
        body,
        "**{exact} of {} thread counts exact in every round** (every page and byte expected).",
        counts.len()
    );
    if !points.is_empty() {
        let (svg, csv) = ("io-bound-sweep.svg", "io-bound-sweep.csv");
        let title = format!("{} downloads: duration against threads (medians)", plan.requests());
        sweep::plot(&points, &title, &settings.out.join(svg)).map_err(|e| e.to_string())?;
        sweep::write_file(&settings.out.join(csv), &sweep::csv(&points))
            .map_err(|e| format!("cannot write {csv}: {e}"))?;
        // The results pages are included from docs/src/, one folder up.
        let _ = write!(
            body,
            "\n![Duration of {} downloads against the number of threads: the median of {rounds} rounds at each count]\
         (results/{svg})\n\nThe medians as CSV: [{csv}](results/{csv}).\n",
            plan.requests()
        );
        plots.extend([svg.to_owned(), csv.to_owned()]);
    }
    Ok(exact == counts.len() && !counts.is_empty())
}

/// The sweep: median time and spread per thread count.
fn table(counts: &[usize], swept: &[Measured<Tally>]) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Elapsed", Align::Right),
        ("Pages", Align::Right),
        ("Errors", Align::Left),
    ]);
    for (threads, m) in counts.iter().zip(swept) {
        let first = m.reports().next();
        table.push_row([
            threads.to_string(),
            time_cell(m),
            first.map_or("-".to_owned(), |t| t.ok.to_string()),
            first.map_or("-".to_owned(), Tally::describe_errors),
        ]);
    }
    table
}
