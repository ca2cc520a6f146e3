//! A run: every chapter's page measured and written, each under its header.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use indicatif::ProgressBar;

use crate::machine::Machine;
use crate::pages::Shared;
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
    /// The machine it ran on, which the "How we measure" page describes.
    pub machine: Option<Machine>,
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
        machine: Some(machine.clone()),
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
                let text = format!("{}{}", header(settings, &summary.run, &machine), page.body);
                match std::fs::write(&path, text) {
                    Ok(()) => summary.written.push((path, page.ok)),
                    Err(err) => summary
                        .failures
                        .push((chapter, format!("cannot write {}: {err}", path.display()))),
                }
                // Each plot and CSV names the run, as the page does.
                for plot in page.plots {
                    let path = settings.out.join(plot);
                    let stamped = crate::plots::stamp_run(&path, &summary.run);
                    if let Err(err) = &stamped {
                        summary.failures.push((chapter, err.clone()));
                    }
                    summary.written.push((path, stamped.is_ok()));
                }
            }
            Err(reason) => summary.failures.push((chapter, reason)),
        }
        bar.inc(1);
    }
    summary.elapsed = started.elapsed();
    summary
}

/// The start of a page: one line, the stamp, that says which run wrote it
/// on which machine with which command, and links the "How we measure"
/// page (where the machine, the rounds and the guard are explained once).
/// No title: the book includes each page under its chapter's "Measured"
/// heading. The stamp sits between anchors, so that a book page including
/// only some sections of a page can include the stamp too
/// (`{{#include results/page.md:stamp}}`).
fn header(settings: &Settings, run: &str, machine: &Machine) -> String {
    format!(
        "<!-- ANCHOR: stamp -->\n{}\n<!-- ANCHOR_END: stamp -->\n\n",
        stamp(settings, run, machine)
    )
}

/// The one-line stamp: `*Measured in the run of `RUN` on 2 cores (CPU),
/// 3 interleaved rounds: `reproduce -- OPTIONS`. [How we measure](...).*`
pub fn stamp(settings: &Settings, run: &str, machine: &Machine) -> String {
    let measured = if settings.quick {
        "Quick run (reduced parameters, not the tutorial's), measured"
    } else {
        "Measured"
    };
    let rounds = match settings.rounds() {
        1 => "a single run per row".to_owned(),
        n => format!("median of {n} interleaved rounds"),
    };
    let options = settings
        .command()
        .replace("cargo run --release -p reproduce", "reproduce");
    format!(
        "*{measured} in the run of {} on {} logical cores ({}), {rounds}: `{options}`. \
         [How we measure](results/method.md)*",
        run_line(run),
        machine.logical,
        machine.cpu,
    )
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
    fn the_header_is_one_stamp_that_names_the_run_and_links_the_method() {
        let settings = Settings::quick_for_tests();
        let machine = Machine::here("none".to_owned());
        let text = header(&settings, "2026-12-02 11:10 UTC, commit abc1234", &machine);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], "<!-- ANCHOR: stamp -->");
        let stamp = lines[1];
        assert!(
            stamp.contains("in the run of `2026-12-02 11:10 UTC, commit abc1234`"),
            "{stamp}"
        );
        assert!(stamp.contains("`reproduce -- --quick --runs 3`"), "{stamp}");
        assert!(
            stamp.contains("median of 3 interleaved rounds") && stamp.starts_with("*Quick run"),
            "{stamp}"
        );
        assert!(stamp.ends_with("[How we measure](results/method.md)*"), "{stamp}");
        assert!(
            !text.contains("| Machine |"),
            "the machine table lives on the method page only"
        );
        assert!(!commit().is_empty());
    }
}
