//! A run: every chapter's page measured and written, each under its header.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use indicatif::ProgressBar;

use crate::machine::Machine;
use crate::pages::{self, Shared};
use crate::{Chapter, Settings};

/// One results page, before the header is added.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The Markdown body.
    pub body: String,
    /// `false` when a count was wrong or a run failed.
    pub ok: bool,
    /// Files written next to the page (SVG plots, and the CSV of the
    /// io-bound sweep), listed in the index after it.
    pub plots: Vec<String>,
}

/// What a whole run produced.
#[derive(Debug, Default)]
pub struct Summary {
    /// The files written, with whether their checks passed.
    pub written: Vec<(PathBuf, bool)>,
    /// Chapters that failed, with the reason.
    pub failures: Vec<(Chapter, String)>,
    /// The run's name, which every page it writes carries: when it started
    /// (UTC, to the minute) and the commit, `-dirty` if the working tree
    /// had changes. `docs/check-run.sh` checks that the committed pages all
    /// name one run.
    pub run: String,
    /// How long the run took, from its first measurement to its last page.
    pub elapsed: std::time::Duration,
}

/// Runs the chapters of `settings`, writing each page as soon as it is done.
pub fn run(settings: &Settings, bar: &ProgressBar) -> Summary {
    let python_line = match &settings.python {
        Ok(p) => p.version.clone(),
        Err(why) => format!("not run: {why}"),
    };
    let started = std::time::Instant::now();
    let machine = Machine::here(python_line);
    let mut summary = Summary {
        run: format!("{}, commit {}", machine.date, commit()),
        ..Summary::default()
    };
    if let Err(err) = std::fs::create_dir_all(&settings.out) {
        summary.failures.push((
            Chapter::Sync,
            format!("cannot create {}: {err}", settings.out.display()),
        ));
        return summary;
    }
    let mut shared = Shared::default();
    bar.set_length(settings.chapters.len() as u64);
    for &chapter in &settings.chapters {
        bar.set_message(chapter.title());
        let page = chapter.page()(settings, &mut shared, bar);
        match page {
            Ok(page) => {
                let path = settings.out.join(format!("{}.md", chapter.file_stem()));
                let text = format!("{}{}", header(settings, chapter, &summary.run, &machine), page.body);
                match std::fs::write(&path, text) {
                    Ok(()) => summary.written.push((path, page.ok)),
                    Err(err) => summary
                        .failures
                        .push((chapter, format!("cannot write {}: {err}", path.display()))),
                }
                for plot in page.plots {
                    summary.written.push((settings.out.join(plot), true));
                }
            }
            Err(reason) => summary.failures.push((chapter, reason)),
        }
        bar.inc(1);
    }
    summary.elapsed = started.elapsed();
    summary
}

/// The start of a page: its H3 title (the pages are included into the book
/// under an H2 "Measured"), how it was written, in which run, how it was
/// measured, and the machine.
fn header(settings: &Settings, chapter: Chapter, run: &str, machine: &Machine) -> String {
    let mut text = format!(
        "### Results: {}\n\nWritten by `{}` in the run of {}. {}\n\n",
        chapter.title(),
        settings.command(),
        run_line(run),
        settings.parameters(),
    );
    if settings.rounds() == 1 {
        text.push_str("Each timed cell is a single run (`--runs 1`): there is no spread to show. ");
    } else {
        let _ = write!(
            text,
            "Each timed cell is the median of {} interleaved rounds (every row of a table once per round, in \
             order), with the fastest and slowest run in brackets. ",
            settings.rounds()
        );
    }
    if settings.python.is_ok() {
        let _ = write!(text, "Python rows run {}. ", pages::python_rounds_phrase(settings));
    }
    let _ = write!(
        text,
        "A speedup is the median of the per-round ratios.\n\n{machine}\n\n"
    );
    text
}

/// How a page names its run: `` `RUN` `` after the words "the run of", the
/// form `docs/check-run.sh` looks for.
pub fn run_line(run: &str) -> String {
    format!("`{run}`")
}

/// The workspace's commit (`git describe --always --dirty`: the short hash,
/// with `-dirty` when tracked files had changes), or `unknown`.
pub fn commit() -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=7"])
        .current_dir(workspace)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_starts_with_an_h3_and_names_the_run() {
        let settings = Settings::quick_for_tests();
        let machine = Machine::here("none".to_owned());
        let text = header(
            &settings,
            Chapter::Comparison,
            "2026-12-02 11:10 UTC, commit abc1234",
            &machine,
        );
        assert!(text.starts_with("### Results: The comparison"), "{text}");
        assert!(
            text.contains("Written by `cargo run --release -p reproduce -- --quick --runs 3`"),
            "{text}"
        );
        assert!(
            text.contains("in the run of `2026-12-02 11:10 UTC, commit abc1234`.")
                && text.contains("median of 3 interleaved rounds"),
            "{text}"
        );
        assert!(!commit().is_empty());
    }
}
