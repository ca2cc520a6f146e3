//! The "How we measure" page: the machine, the rounds, the guard and the
//! checks, said once for the whole book. Every results page starts with a
//! one-line stamp that links here instead of repeating it.

use std::fmt::Write as _;
use std::path::Path;

use crate::measure::MAX_EFFICIENCY;
use crate::{Settings, Summary};

/// The page's file name, beside the results pages.
pub const FILE: &str = "method.md";

/// Writes `method.md` into `out`: what every stamp links to.
pub fn write_method(out: &Path, summary: &Summary, settings: &Settings) -> std::io::Result<()> {
    std::fs::write(out.join(FILE), method_page(summary, settings))
}

/// The page's Markdown.
pub fn method_page(summary: &Summary, settings: &Settings) -> String {
    let mut text = String::from("# How we measure\n\n");
    let _ = write!(
        text,
        "<!-- ANCHOR: stamp -->\n*Every table in this book was measured in the run of {} by `{}`.* {}\n\
         <!-- ANCHOR_END: stamp -->\n\n",
        crate::run::run_line(&summary.run),
        settings.command(),
        settings.parameters(),
    );
    let minutes = summary.elapsed.as_secs_f64() / 60.0;
    let _ = writeln!(
        text,
        "The run took {} (`reproduce` alone, without building it). `just bench-all` runs the same \
         command and then the criterion benches; run it on your machine and every page of the \
         book is rewritten with your figures.\n",
        if minutes < 1.0 {
            format!("{:.0} s", summary.elapsed.as_secs_f64())
        } else {
            format!("{minutes:.0} min")
        }
    );
    text.push_str("## The machine\n\n");
    match &summary.machine {
        Some(machine) => {
            let _ = writeln!(text, "{machine}\n");
        }
        None => text.push_str("Not recorded.\n\n"),
    }
    text.push_str(&rounds_section(settings));
    text.push_str(&guard_section());
    text.push_str(CHECKS);
    text
}

fn rounds_section(settings: &Settings) -> String {
    let mut text = String::from("## Rounds, medians and spreads\n\n");
    if settings.rounds() == 1 {
        text.push_str(
            "This run timed each row once (`--runs 1`): a cell is a single run, with no spread \
             to show, and the guard below has only that run to judge.\n\n",
        );
    } else {
        let _ = writeln!(
            text,
            "On a shared machine one run is an anecdote, so every table is measured in {} \
             **interleaved rounds**: each round runs every row of the table once, in order \
             (A B C, A B C, ...). A busy moment then lands on every row alike instead of on \
             one of them. A cell shows the **median** of the rounds with the fastest and the \
             slowest run, `0.823 s (0.810–0.827)`; the book's tables set the two under the \
             median, in smaller type.\n",
            settings.rounds()
        );
    }
    if settings.python.is_ok() {
        let _ = writeln!(
            text,
            "Python rows run {}: at the largest limits they are the longest runs of all.\n",
            crate::pages::python_rounds_phrase(settings)
        );
    }
    text.push_str(
        "A **speedup** is the median of the per-round ratios (the baseline's time over the row's \
         time in the same round), not the ratio of two medians: two runs of one round saw the same \
         machine. The **parallel efficiency** divides the speedup by the workers that can run at \
         once: min(workers, cores) for computation, the workers themselves for sleeping. 1.0 is \
         perfect scaling.\n\n",
    );
    text
}

fn guard_section() -> String {
    format!(
        "## Ties and implausible rows\n\n\
         Every row that claims a speedup is checked by a guard (the same code, in \
         `concurrency_core::measure`, checks the chapter programs' `--runs`), and marked \
         when it is one of two kinds:\n\n\
         - **`= NAME`: a tie.** Its spread is wider than the gap between its median and the \
         nearest row it is compared with: the rounds cannot tell this row from the row it \
         names. That is a finding: the two take the same time here. Two runners that both wait \
         on one sleep, or both keep every core busy, tie.\n\
         - **`(implausible)`: a measuring error.** Its parallel efficiency, of the median or of \
         any single round, is above {MAX_EFFICIENCY}: it went faster than the cores allow, which no \
         code can do. (The limit is a little over 1.0 to leave room for the timer's granularity, \
         and for a baseline slowed by a busy moment that the row escaped.) Such a row is measured a second time, with its baseline, \
         in fresh rounds, and keeps the mark only if the second look shows it too. Read it as \
         \"not measured\"; each page says why in a line under its tables.\n\n\
         The fastest cell of a table is in bold unless it is implausible.\n\n"
    )
}

const CHECKS: &str = "## Every count is checked\n\n\
    A time is worth nothing if the work was wrong. Every prime count, Rust's and Python's, is \
    checked on the Rust side against pi(N) (the number of primes up to N, known for every power \
    of ten), or against the `primal` crate's sieve where pi(N) is not known; a search count \
    against an independent scan; `cpu_intensive` against the tutorial's printed values. A wrong \
    or unchecked count fails the run, and the page says which row.\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::Machine;

    #[test]
    fn the_method_page_names_the_run_the_machine_and_both_marks() {
        let settings = Settings::quick_for_tests();
        let summary = Summary {
            run: "2026-12-02 11:10 UTC, commit abc1234".to_owned(),
            machine: Some(Machine::here("Python 3.x".to_owned())),
            ..Summary::default()
        };
        let page = method_page(&summary, &settings);
        assert!(
            page.contains("in the run of `2026-12-02 11:10 UTC, commit abc1234`"),
            "{page}"
        );
        assert_eq!(page.matches("| Machine |").count(), 1, "{page}");
        assert!(
            page.contains("`= NAME`: a tie") && page.contains("`(implausible)`"),
            "{page}"
        );
        assert!(page.contains(&format!("above {MAX_EFFICIENCY}")), "{page}");
        assert!(page.contains("median of the per-round ratios"), "{page}");
    }
}
