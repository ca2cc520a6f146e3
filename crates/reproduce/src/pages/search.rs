//! Search: the structure profile, the batch table and the thread scaling of
//! "Parallelization in Python"'s search experiments, each in interleaved
//! rounds (a smaller collection and a few batches when quick), with Python's
//! `search.py` side by side.

mod batches;
mod profile;
mod scaling;
mod side_by_side;

use std::fmt::Write as _;

use chapter_search::{BatchRun, MAX_NEEDLE, PASSES, Plan, Profile, SIZE};
use indicatif::ProgressBar;

use super::{Shared, failures, progress};
use crate::measure::Noise;
use crate::{Page, Settings};

/// The search page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let (seed, size, max_needle) = if settings.quick {
        (42, 100_000, 100_000)
    } else {
        (42, SIZE, MAX_NEEDLE)
    };
    // Every table searches the same collection with the same needles; the
    // rows differ in their workers and batches.
    let base = Plan {
        seed,
        size,
        max_needle,
        batches: 1,
        workers: 1,
    };
    let rounds = settings.rounds();
    // `search.py` needs the standard library only.
    let python = settings.python.clone();
    let mut report = progress(bar, "search");

    let profiles = profile::measure(settings, &python, base, &mut report)?;
    let batches = batches::measure(settings, &python, base, &mut report);
    let scaling = scaling::measure(settings, base, &mut report);
    let noise = Noise::tally(&scaling.judgements, &scaling.claims, &|i| {
        scaling.measured[i].label.clone()
    });

    let profiles_exact = !profiles.rust.runs.is_empty() && profiles.rust.reports().flatten().all(Profile::is_exact);
    let batches_exact = batches
        .rust
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(BatchRun::is_exact));
    let scaling_exact = scaling
        .measured
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(BatchRun::is_exact));

    let mut body = format!(
        "1,000 random numbers from 0..={max_needle} looked up in each structure holding 0..{size} (random \
         generator started from {seed}), {PASSES} times with new numbers each time; a round's search time is its \
         median pass, and the cell shows the median of {rounds} rounds with their spread.\n\n{}\n{}",
        profile::table(&profiles.rust),
        profiles
            .rust
            .error
            .as_ref()
            .map_or(String::new(), |e| format!("- **The profile failed:** {e}\n"))
    );
    let _ = write!(
        body,
        "\n### Batches\n\n{}\n{}",
        batches::table(&batches.plans, &batches.rust),
        failures(&batches.rust)
    );
    side_by_side::section(&mut body, settings, &python, &profiles, &batches);
    let python_ok = profiles.python.iter().chain(&batches.python).all(|m| m.error.is_none());
    let _ = write!(
        body,
        "\n### Thread scaling\n\nThreads alone on {} batches (`chapter-search --scaling`); the \
         speedup is the median of the per-round ratios over one thread, the efficiency divides it by \
         min(threads, {} cores), and the best possible is what an even split of the batches allows.\n\n{}\n{}{}",
        scaling.batches,
        scaling.cores,
        scaling::table(&scaling),
        failures(&scaling.measured),
        noise.paragraph()
    );
    Ok(Page {
        body,
        ok: profiles_exact && batches_exact && scaling_exact && python_ok,
        plots: Vec::new(),
    })
}
