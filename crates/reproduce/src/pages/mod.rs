//! One module per results page, all with one signature ([`PageFn`]): each
//! builds its rows as closures, runs them in interleaved rounds
//! ([`crate::measure`]), lets the guard look at the implausible ones, and
//! writes its tables from the medians.
//!
//! - [`delay`]: chapters 1 to 5, the forced delay (sleep-bound);
//! - [`comparison`]: the best three against the synchronous baseline, and
//!   Python side by side; its rounds also hold the final page's rows;
//! - [`distributed`]: timely dataflow against threads on the same count;
//! - [`final_solution`]: `calc_primes` against the abstract solutions;
//! - [`fully_loaded`]: cpu_intensive on every core, Rust and Python;
//! - [`python`]: the Rust extension module called from Python, beside pure
//!   Python: one call, threads, processes, rayon;
//! - [`io_bound`]: the downloads, the sums of squares, the thread sweep,
//!   and the load row (the chapter's client against wrk);
//! - [`search`]: the structures, the batches and the thread scaling;
//! - [`sieve`]: the chapter's fastest sieve beside primesieve and primal,
//!   and what each step from trial division buys;
//! - [`timeline`]: what ran when, a picture per runner type of the delay
//!   chapters, drawn on their pages (`lanes` draws them);
//! - [`no_gil`]: the multithreading page's CPU-bound experiment, Rust
//!   threads against Python threads and processes, with its timelines;
//! - [`runtimes`]: the async page's CPU-bound rows, tokio's current-thread
//!   runtime against its multi-threaded one.

pub mod comparison;
mod costs;
pub mod delay;
pub mod distributed;
pub mod final_solution;
pub mod fully_loaded;
pub mod io_bound;
mod lanes;
pub mod no_gil;
pub mod python;
pub mod runtimes;
pub mod search;
pub mod sieve;
pub mod timeline;

use std::path::Path;

use indicatif::ProgressBar;

use crate::measure::Measured;
use crate::python::Python;
use crate::{Page, Settings};

/// What every page function looks like.
pub type PageFn = fn(&Settings, &mut Shared, &ProgressBar) -> Result<Page, String>;

/// What one page measures for another: the comparison's rounds hold the
/// synchronous and abstract rows of the final page too (and its
/// `calc_primes` rows when the final page is to run), so that the final
/// table's boost is a ratio within the same rounds and nothing runs twice.
#[derive(Default)]
pub struct Shared {
    pub(crate) primes: Option<comparison::PrimeRounds>,
}

/// A closure that shows `prefix: line` on the progress bar.
pub(crate) fn progress<'b>(bar: &'b ProgressBar, prefix: &'b str) -> impl FnMut(&str) + 'b {
    move |line: &str| bar.set_message(format!("{prefix}: {line}"))
}

/// `in the first round`, or `in the first 3 rounds`: where Python's
/// rows ran.
pub(crate) fn python_rounds_phrase(settings: &Settings) -> String {
    match settings.python_rounds() {
        1 => "in the first round".to_owned(),
        n => format!("in the first {n} rounds"),
    }
}

/// The Python of a virtual environment with the packages of
/// `python/requirements.txt` (made on first use, under `target/`), for the
/// I/O and search programs; or why there is none, said once on the
/// terminal too, so that the page can go on without those rows.
pub(crate) fn python_with_packages(settings: &Settings, bar: &ProgressBar) -> Result<Python, String> {
    settings.python.as_ref().map_err(Clone::clone)?;
    bar.set_message("Python: the virtual environment with requests and aiohttp");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = Python::with_packages(&workspace);
    if let Err(why) = &python {
        bar.println(format!("note: {why}; the rows that need it are skipped"));
    }
    python
}

/// `table` between mdBook anchor comments, so that a book page can include
/// just this table: `{{#include results/page.md:name}}` (`choosing.md` does).
pub(crate) fn anchored(name: &str, table: impl std::fmt::Display) -> String {
    format!("<!-- ANCHOR: {name} -->\n{table}\n<!-- ANCHOR_END: {name} -->\n")
}

/// The median time and spread of a row, or why it has none.
pub(crate) fn time_cell<T>(measured: &Measured<T>) -> String {
    match (measured.stat(), &measured.error) {
        (Some(stat), _) => stat.secs_cell(),
        (None, Some(_)) => "failed".to_owned(),
        (None, None) => "-".to_owned(),
    }
}

/// A line per row that failed, `- **label failed:** reason`, and a blank
/// line after them; nothing when none did.
pub(crate) fn failures<T>(measured: &[Measured<T>]) -> String {
    let mut text = String::new();
    for m in measured {
        if let Some(err) = &m.error {
            text.push_str(&format!("- **{} failed:** {err}\n", m.label));
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}
