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
}

/// Runs the chapters of `settings`, writing each page as soon as it is done.
pub fn run(settings: &Settings, bar: &ProgressBar) -> Summary {
    let python_line = match &settings.python {
        Ok(p) => p.version.clone(),
        Err(why) => format!("not run: {why}"),
    };
    let machine = Machine::here(python_line);
    let mut summary = Summary::default();
    if let Err(err) = std::fs::create_dir_all(&settings.out) {
        summary.failures.push((
            Chapter::Sync,
            format!("cannot create {}: {err}", settings.out.display()),
        ));
        return summary;
    }
    let commit = commit();
    let mut shared = Shared::default();
    bar.set_length(settings.chapters.len() as u64);
    for &chapter in &settings.chapters {
        bar.set_message(chapter.title());
        let page = chapter.page()(settings, &mut shared, bar);
        match page {
            Ok(page) => {
                let path = settings.out.join(format!("{}.md", chapter.file_stem()));
                let text = format!("{}{}", header(settings, chapter, &commit, &machine), page.body);
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
    summary
}

/// The start of a page: its H3 title (the pages are included into the book
/// under an H2 "Measured"), how it was written, at which commit, how it was
/// measured, and the machine.
fn header(settings: &Settings, chapter: Chapter, commit: &str, machine: &Machine) -> String {
    let mut text = format!(
        "### Results: {}\n\nWritten by `cargo run --release -p reproduce{}` (`just bench-all`) at commit `{commit}`. {}\n\n",
        chapter.title(),
        if settings.quick { " -- --quick" } else { "" },
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

/// `git rev-parse --short HEAD` of the workspace, or `unknown`.
pub fn commit() -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
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
    fn the_header_starts_with_an_h3_and_names_the_commit() {
        let settings = Settings {
            quick: true,
            out: PathBuf::from("/tmp"),
            max_limit: 100,
            python_max_limit: 100,
            chapters: vec![Chapter::Sync],
            python: Err("test".to_owned()),
            exe: PathBuf::from("/bin/true"),
            runs: 3,
        };
        let machine = Machine::here("none".to_owned());
        let text = header(&settings, Chapter::Comparison, "abc1234", &machine);
        assert!(text.starts_with("### Results: The comparison"), "{text}");
        assert!(
            text.contains("commit `abc1234`") && text.contains("median of 3 interleaved rounds"),
            "{text}"
        );
        assert!(!commit().is_empty());
    }
}
