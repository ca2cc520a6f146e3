//! # `just bench-all`: every table of the tutorial, on your machine
//!
//! The tutorials' tables were measured once, on their authors' machines.
//! This program measures them again on yours, Rust and Python side by side,
//! and writes each table as Markdown to `docs/src/results/<chapter>.md`,
//! with a header naming the machine (CPU, cores, memory, OS, compiler,
//! Python, date), and the plots as SVG next to them:
//!
//! - the chapters with the forced delay, with the tutorial's parameters
//!   (1000 numbers, 50 ms each): sync, cooperative, async, multithread,
//!   multiprocess, each with its tutorial rows;
//! - the comparison and the final solution, with no delay and 10 workers,
//!   from 10^5 to 10^8 numbers, next to the Python baselines of `python/`
//!   (the synchronous run and the final multiprocessing solution, the same
//!   trial division) up to 10^7: at 10^8 Python takes a quarter of an hour
//!   per run;
//! - the fully-loaded experiment (Rust's four modes, Python's two);
//! - the I/O-bound chapter: every mode against its embedded server on
//!   127.0.0.1 (160 downloads, 10 ms latency), and the thread-count sweep
//!   with its plot and CSV;
//! - the search chapter's structure profile, batch table and thread
//!   scaling.
//!
//! Every count is checked as the chapters check it; a wrong one makes the
//! program exit with code 1 after writing everything it could.
//!
//! ```text
//! cargo run --release -p reproduce            # everything, the tutorial's parameters, 5 rounds: the long one
//! cargo run --release -p reproduce -- --quick # reduced parameters, 3 rounds (what CI runs)
//! cargo run --release -p reproduce -- --only comparison --only final
//! ```
//!
//! `--quick` writes to `target/bench-all-quick/` unless `--out` says
//! otherwise, so that a quick check never overwrites the full results.
//! The criterion benchmarks are a separate step (`cargo bench`), which the
//! `bench-all` recipe runs after this program.
//!
//! This program runs the chapter libraries in its own process, and is also
//! the worker of the chapters that need processes: `main` gives each of
//! them its turn first (see `src/main.rs`).
//!
//! # Layout
//!
//! - this file: the settings, the chapters, the header of every page and
//!   the index;
//! - [`measure`]: interleaved rounds, medians and spreads, paired speedups,
//!   and the guard that marks implausible rows as noisy;
//! - [`pages`]: one module per results page, all with one signature
//!   ([`pages::PageFn`]);
//! - [`machine`]: the machine table of the header;
//! - [`python`]: running the Python baselines;
//! - [`plots`]: SVG line charts.
//!
//! # Measuring
//!
//! Every timed cell is the median of [`Settings::runs`] interleaved rounds
//! (5, or 3 with `--quick`; `--runs N` overrides) with the fastest and
//! slowest in brackets; every speedup is the median of the per-round
//! ratios; a row that beats physics or cannot be told from its neighbour
//! is measured again and, if it still does, marked `(noisy)`. Python rows
//! join the first [`Settings::python_rounds`] rounds only (3): Python's
//! runs at the largest limits are the longest of all.

pub mod machine;
pub mod measure;
pub mod pages;
pub mod plots;
pub mod python;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::Job;
use indicatif::ProgressBar;

use crate::machine::Machine;
use crate::pages::{PageFn, Shared};
use crate::python::Python;

/// The workers of the comparison and the final solution, as in the tutorial.
pub const WORKERS: usize = 10;

/// The chapters this program measures, in the order it runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Chapter {
    /// Chapter 1: synchronous.
    Sync,
    /// Chapter 2: cooperative.
    Cooperative,
    /// Chapter 3: asynchronous.
    Async,
    /// Chapter 4: multithreading.
    Multithread,
    /// Chapter 5: multiprocessing.
    Multiprocess,
    /// The comparison of the best three, and Python side by side.
    Comparison,
    /// The final solution, and Python's.
    Final,
    /// Fully loaded: cpu_intensive on every core, Rust and Python.
    FullyLoaded,
    /// I/O-bound: downloads from a local server, and the thread sweep.
    IoBound,
    /// Search: structures and batches.
    Search,
}

impl Chapter {
    /// Every chapter, in the order of a full run.
    pub const ALL: [Chapter; 10] = [
        Chapter::Sync,
        Chapter::Cooperative,
        Chapter::Async,
        Chapter::Multithread,
        Chapter::Multiprocess,
        Chapter::Comparison,
        Chapter::Final,
        Chapter::FullyLoaded,
        Chapter::IoBound,
        Chapter::Search,
    ];

    /// The results file's name, without `.md`.
    pub fn file_stem(self) -> &'static str {
        match self {
            Chapter::Sync => "sync",
            Chapter::Cooperative => "cooperative",
            Chapter::Async => "async",
            Chapter::Multithread => "multithread",
            Chapter::Multiprocess => "multiprocess",
            Chapter::Comparison => "comparison",
            Chapter::Final => "final",
            Chapter::FullyLoaded => "fully-loaded",
            Chapter::IoBound => "io-bound",
            Chapter::Search => "search",
        }
    }

    /// The function that measures and writes the chapter's page.
    pub fn page(self) -> PageFn {
        match self {
            Chapter::Sync => pages::delay::sync,
            Chapter::Cooperative => pages::delay::cooperative,
            Chapter::Async => pages::delay::asynchronous,
            Chapter::Multithread => pages::delay::multithread,
            Chapter::Multiprocess => pages::delay::multiprocess,
            Chapter::Comparison => pages::comparison::page,
            Chapter::Final => pages::final_solution::page,
            Chapter::FullyLoaded => pages::fully_loaded::page,
            Chapter::IoBound => pages::io_bound::page,
            Chapter::Search => pages::search::page,
        }
    }

    /// The results page's title.
    pub fn title(self) -> &'static str {
        match self {
            Chapter::Sync => "Chapter 1: synchronous execution",
            Chapter::Cooperative => "Chapter 2: cooperative execution",
            Chapter::Async => "Chapter 3: asynchronous execution",
            Chapter::Multithread => "Chapter 4: multithreading",
            Chapter::Multiprocess => "Chapter 5: multiprocessing",
            Chapter::Comparison => "The comparison of the best three",
            Chapter::Final => "The final solution",
            Chapter::FullyLoaded => "Fully loaded",
            Chapter::IoBound => "I/O-bound work: downloads",
            Chapter::Search => "Search",
        }
    }
}

/// What to run and where to write it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Reduced parameters (CI): small limits and delays.
    pub quick: bool,
    /// The folder the results go to.
    pub out: PathBuf,
    /// The largest limit of the comparison and the final solution.
    pub max_limit: u64,
    /// The largest limit the Python baselines run at.
    pub python_max_limit: u64,
    /// The chapters to run.
    pub chapters: Vec<Chapter>,
    /// The Python baselines, or why they are skipped.
    pub python: Result<Python, String>,
    /// The program started as worker processes and row children: this one.
    pub exe: PathBuf,
    /// Interleaved rounds per table: 5, or 3 when quick (`--runs`).
    pub runs: usize,
}

impl Settings {
    /// The delay chapters' job: 1000 numbers at 50 ms (the tutorial's), or
    /// 100 at 5 ms when quick.
    pub(crate) fn delay_job(&self, workers: usize) -> Job {
        if self.quick {
            Job::new(100, workers, Duration::from_millis(5))
        } else {
            Job::new(1_000, workers, Duration::from_millis(50))
        }
    }

    /// The limits of the comparison and the final solution.
    pub fn limits(&self) -> Vec<u64> {
        if self.quick {
            [10_000, 100_000].into_iter().filter(|&l| l <= self.max_limit).collect()
        } else {
            chapter_comparison::limits_up_to(self.max_limit)
        }
    }

    /// The rounds of every table (at least 1).
    pub fn rounds(&self) -> usize {
        self.runs.max(1)
    }

    /// The rounds a Python row joins: the first 3, or fewer when the tables
    /// have fewer.
    pub fn python_rounds(&self) -> usize {
        self.rounds().min(measure::PYTHON_ROUNDS)
    }

    fn parameters(&self) -> &'static str {
        if self.quick {
            "**Quick run** (`--quick`): reduced parameters, for checking that everything runs; not the tutorial's."
        } else {
            "Full run: the tutorial's parameters."
        }
    }
}

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

/// The index of the results folder: what each file holds. With
/// `keep_others` (a run of some chapters, `--only`), the entries of the
/// previous index whose files are still there stay, in their places, and
/// this run's entries replace theirs or come after them; otherwise the
/// index lists this run's files alone.
pub fn write_index(out: &Path, summary: &Summary, quick: bool, keep_others: bool) -> std::io::Result<()> {
    let index = out.join("index.md");
    let mut entries: Vec<(String, String)> = Vec::new();
    if keep_others && let Ok(old) = std::fs::read_to_string(&index) {
        for line in old.lines() {
            let name = line
                .strip_prefix("- [")
                .and_then(|rest| rest.split_once(']'))
                .map(|(name, _)| name);
            if let Some(name) = name.filter(|name| out.join(name).is_file()) {
                entries.push((name.to_owned(), line.to_owned()));
            }
        }
    }
    for (path, ok) in &summary.written {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mark = if *ok { "" } else { " (**a check failed**)" };
        let line = format!("- [{name}]({name}){mark}");
        match entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = line,
            None => entries.push((name, line)),
        }
    }
    let mut text = String::from("# Results\n\nWritten by `just bench-all` (`cargo run --release -p reproduce`)");
    text.push_str(if quick {
        " with `--quick`: reduced parameters.\n\n"
    } else {
        ".\n\n"
    });
    for (_, line) in &entries {
        let _ = writeln!(text, "{line}");
    }
    for (chapter, reason) in &summary.failures {
        let _ = writeln!(text, "- {}: **failed**: {reason}", chapter.file_stem());
    }
    std::fs::write(index, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chapter_has_its_own_file() {
        let mut stems: Vec<&str> = Chapter::ALL.iter().map(|c| c.file_stem()).collect();
        stems.sort_unstable();
        stems.dedup();
        assert_eq!(stems.len(), Chapter::ALL.len());
    }

    #[test]
    fn an_only_run_keeps_the_other_entries_of_the_index() {
        let out = std::env::temp_dir().join(format!("reproduce-index-{}", std::process::id()));
        std::fs::create_dir_all(&out).expect("a temporary folder");
        for name in ["sync.md", "io-bound.md", "io-bound-sweep.svg"] {
            std::fs::write(out.join(name), "").expect("writable");
        }
        let written = |names: &[(&str, bool)]| Summary {
            written: names.iter().map(|&(n, ok)| (out.join(n), ok)).collect(),
            failures: Vec::new(),
        };
        let read = || std::fs::read_to_string(out.join("index.md")).expect("an index");
        write_index(&out, &written(&[("sync.md", true), ("gone.md", true)]), false, false).expect("written");
        write_index(
            &out,
            &written(&[("io-bound.md", false), ("io-bound-sweep.svg", true)]),
            false,
            true,
        )
        .expect("written");
        let index = read();
        assert!(
            index.contains(
                "- [sync.md](sync.md)\n- [io-bound.md](io-bound.md) (**a check failed**)\n- [io-bound-sweep.svg]"
            ),
            "{index}"
        );
        assert!(!index.contains("gone.md"), "{index}");
        write_index(&out, &written(&[("io-bound.md", true)]), false, false).expect("written");
        assert!(!read().contains("sync.md"), "{}", read());
        let _ = std::fs::remove_dir_all(&out);
    }

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
