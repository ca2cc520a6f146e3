//! "Rust and Python side by side": `search.py`'s structures and batches
//! beside the Rust rows that search the same way.

use std::fmt::Write as _;

use chapter_search::Structure;
use concurrency_core::{Align, Table};

use super::batches::Batches;
use super::profile::{PYTHON_STRUCTURES, Profiles};
use crate::Settings;
use crate::measure::Stat;
use crate::pages::{failures, python_rounds_phrase, time_cell};
use crate::python::Python;

/// "Rust and Python side by side": Python's structures beside the Rust
/// structure that searches the same way (one pass of 1,000 numbers each),
/// and Python's batches beside the Rust rows with the same plan. A Python
/// run that finds a wrong count is an error of its row (named below the
/// table), so every time shown here found the right count.
pub(super) fn section(
    body: &mut String,
    settings: &Settings,
    python: &Result<Python, String>,
    profiles: &Profiles,
    batches: &Batches,
) {
    let Profiles {
        rust: profiles,
        python: python_profiles,
    } = profiles;
    let Batches {
        plans: batch_plans,
        rust: batches,
        python_plans,
        python: python_batches,
    } = batches;
    let _ = write!(body, "\n### Rust and Python side by side\n\n");
    let python = match python {
        Ok(python) => python,
        Err(why) => {
            let _ = writeln!(body, "**Python skipped:** {why}.");
            return;
        }
    };
    let _ = write!(
        body,
        "{}: `python/search.py`, the same numbers looked up in the same collection, {}; building the \
         collection is not timed (except in each worker process, as in Rust). \"Rust faster by\" is the median \
         of the per-round ratios (Python's time over Rust's in the same round). Every count was checked.\n\n",
        python.version,
        python_rounds_phrase(settings)
    );
    let mut table = Table::new([
        ("Python structure", Align::Left),
        ("Search time (1,000 look-ups)", Align::Right),
        ("Rust structure", Align::Left),
        ("Rust search time", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    for ((name, structure), m) in PYTHON_STRUCTURES.iter().zip(python_profiles) {
        let i = Structure::ALL.iter().position(|s| s == structure).unwrap_or(0);
        // The Rust structure's search time in each round: its median pass.
        let rust: Vec<(usize, f64)> = profiles
            .runs
            .iter()
            .filter_map(|(round, s)| Some((*round, s.report.get(i)?.search.as_secs_f64())))
            .collect();
        let rust_stat = Stat::of(&rust.iter().map(|&(_, t)| t).collect::<Vec<_>>());
        let ratios = crate::measure::paired_ratios(&m.times(), &rust);
        table.push_row([
            format!("`{name}`"),
            time_cell(m),
            structure.label().to_owned(),
            rust_stat.map_or("-".to_owned(), |s| s.secs_cell()),
            Stat::of(&ratios).map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{}", failures(python_profiles));

    let mut table = Table::new([
        ("Python program", Align::Left),
        ("Workers", Align::Right),
        ("Batches", Align::Right),
        ("Python time", Align::Right),
        ("Rust time (same plan)", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    for (&(name, mode, plan), m) in python_plans.iter().zip(python_batches) {
        let twin = batch_plans
            .iter()
            .zip(batches)
            .find(|((mo, p), _)| *mo == mode && p.workers == plan.workers && p.batches == plan.batches)
            .map(|(_, r)| r);
        table.push_row([
            format!("`{name}` ({})", mode.label()),
            plan.workers.to_string(),
            plan.batches.to_string(),
            time_cell(m),
            twin.map_or("-".to_owned(), time_cell),
            twin.and_then(|r| r.speedup_over(m))
                .map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{}", failures(python_batches));
}
