//! The options of `reproduce` and the program they drive: from the parsed
//! command line to the exit code.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{MAX_LIMIT, print_err, usage_error};
use indicatif::{ProgressBar, ProgressStyle};

use crate::python::Python;
use crate::settings::TUTORIAL_MAX_LIMIT;
use crate::{Chapter, Settings, measure, write_index};

/// Reproduce every table of the tutorials on this machine, Rust and Python
/// side by side, as Markdown and SVG under docs/src/results/ (quick runs:
/// target/bench-all-quick/). Every table runs in interleaved rounds (each
/// round runs every row once, in order) and shows each row's median with
/// the fastest and slowest run. The full run is long (the tutorial's
/// parameters, every table 5 times); --quick checks that every page and plot
/// is written.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Cli {
    /// Reduced parameters: 100 numbers at 5 ms, limits 10^4 and 10^5, 20
    /// downloads at 1 ms latency.
    #[arg(long)]
    pub quick: bool,

    /// Where to write the results [default: docs/src/results, or
    /// target/bench-all-quick with --quick].
    #[arg(long, value_name = "DIR", value_parser = named_folder)]
    pub out: Option<PathBuf>,

    /// The largest limit of the comparison and the final solution
    /// [default: 100000000, or 100000 with --quick].
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<u64>::new().range(10..=MAX_LIMIT))]
    pub max_limit: Option<u64>,

    /// The largest limit the Python baselines run at.
    #[arg(long, value_name = "N", default_value_t = 10_000_000,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    pub python_max_limit: u64,

    /// Interleaved rounds per table, 1 to 50 [default: 5, or 3 with
    /// --quick]. Each round runs every row of a table once, in order, so
    /// that a busy moment on a shared machine hits every row alike; a cell
    /// shows the median of the rounds and their spread, a speedup the
    /// median of the per-round ratios. Python rows run in the first 3 rounds
    /// only: its runs at the largest limits are the longest. A
    /// row faster than the cores allow, or too spread to tell from its
    /// neighbour, is measured again in as many fresh rounds, and marked
    /// "(implausible)" or "= NEIGHBOUR" (a tie) if it still is.
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    pub runs: Option<usize>,

    /// Skip the Python baselines.
    #[arg(long)]
    pub no_python: bool,

    /// The Python interpreter of the Python rows: a name on the PATH or a
    /// path [default: python3]. Repeat it to compare interpreters (python3
    /// and a free-threaded python3.14t): the "Calling Rust from Python"
    /// page runs its rows under each, side by side in the same interleaved
    /// rounds, every row labelled with its interpreter and GIL state; the
    /// other pages' Python rows run under the first.
    #[arg(long, value_name = "PATH")]
    pub python: Vec<String>,

    /// Also run under a free-threaded Python: the first of python3.14t and
    /// python3.13t on the PATH that reports a free-threaded build. Says in
    /// one line which it found, or that it found none (`just bench-all`
    /// passes it).
    #[arg(long)]
    pub python_free_threaded: bool,

    /// Run only this chapter (repeat for several) [default: all].
    #[arg(long, value_enum, value_name = "CHAPTER")]
    pub only: Vec<Chapter>,
}

/// Runs every chapter `cli` asks for, writes their pages and the index, and
/// says what it wrote: exit code 0 when every check passed, 1 otherwise.
pub fn run(cli: Cli) -> ExitCode {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = cli.out.clone().unwrap_or_else(|| {
        if cli.quick {
            workspace.join("target/bench-all-quick")
        } else {
            workspace.join("docs/src/results")
        }
    });
    // `crates/reproduce/../../docs` reads better as `docs` in what we print.
    let out = std::fs::create_dir_all(&out)
        .and_then(|()| out.canonicalize())
        .unwrap_or(out);
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => usage_error(format!("cannot find this program's path: {err}")),
    };
    let chapters: Vec<Chapter> = if cli.only.is_empty() {
        Chapter::ALL.to_vec()
    } else {
        Chapter::ALL.into_iter().filter(|c| cli.only.contains(c)).collect()
    };
    let (python, other_pythons) = if cli.no_python {
        (Err("--no-python was given".to_owned()), Vec::new())
    } else {
        find_pythons(&cli, &workspace)
    };
    if let Err(why) = &python {
        print_err!("note: {why}");
    }
    let settings = Settings {
        quick: cli.quick,
        out,
        max_limit: cli
            .max_limit
            .unwrap_or(if cli.quick { 100_000 } else { TUTORIAL_MAX_LIMIT }),
        python_max_limit: cli.python_max_limit,
        chapters,
        python,
        other_pythons,
        exe,
        runs: cli.runs.unwrap_or(if cli.quick {
            measure::QUICK_ROUNDS
        } else {
            measure::FULL_ROUNDS
        }),
        options: std::env::args().skip(1).collect::<Vec<_>>().join(" "),
    };

    let bar = ProgressBar::new(settings.chapters.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {wide_bar} {pos}/{len} chapters: {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let summary = crate::run(&settings, &bar);
    bar.finish_and_clear();

    // A run of some chapters keeps the index's entries for the others.
    if let Err(err) = write_index(&settings.out, &summary, &settings, !cli.only.is_empty()) {
        print_err!("error: cannot write the index in {}: {err}", settings.out.display());
        return ExitCode::FAILURE;
    }
    if let Err(err) = crate::write_method(&settings.out, &summary, &settings) {
        print_err!(
            "error: cannot write the method page in {}: {err}",
            settings.out.display()
        );
        return ExitCode::FAILURE;
    }
    // Neither a closed stdout nor a closed stderr may turn the exit code
    // into a panic's: what could not be said changes nothing of what was
    // written, and the code below still says whether every check passed.
    let mut stdout = std::io::stdout().lock();
    for (path, ok) in &summary.written {
        let _ = writeln!(stdout, "{} {}", if *ok { "wrote" } else { "WRONG" }, path.display());
    }
    drop(stdout);
    for (chapter, reason) in &summary.failures {
        print_err!("error: {}: {reason}", chapter.file_stem());
    }
    let all_ok = summary.failures.is_empty() && summary.written.iter().all(|(_, ok)| *ok);
    if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The interpreters of `--python` (`python3` when none is given), and the
/// free-threaded one `--python-free-threaded` finds on the `PATH`: the first
/// (or why it cannot run: the Python rows are then skipped) and the others.
/// An interpreter named with `--python` that cannot run, or named twice, is
/// bad input (exit code 2).
fn find_pythons(cli: &Cli, workspace: &std::path::Path) -> (Result<Python, String>, Vec<Python>) {
    let programs = cli.python.clone();
    if let Some(twice) = programs
        .iter()
        .enumerate()
        .find_map(|(i, p)| programs[..i].contains(p).then_some(p))
    {
        usage_error(format!("--python {twice} is given twice"));
    }
    let first = match programs.first() {
        None => Python::find(),
        Some(program) => {
            Ok(Python::find_program(program).unwrap_or_else(|why| usage_error(format!("--python: {why}"))))
        }
    };
    let mut others: Vec<Python> = programs
        .iter()
        .skip(1)
        .map(|program| Python::find_program(program).unwrap_or_else(|why| usage_error(format!("--python: {why}"))))
        .collect();
    if cli.python_free_threaded {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let given: Vec<&Python> = first.iter().chain(&others).collect();
        match crate::python::find_free_threaded(&path, &workspace.join("python")) {
            Some((_, report)) if given.iter().any(|p| p.interpreter == report) => {
                print_err!(
                    "note: the free-threaded Python on the PATH ({}) is already given",
                    report.label()
                );
            }
            Some((found, report)) => {
                print_err!(
                    "note: found a free-threaded Python: {} ({}); its rows run beside the others",
                    found.display(),
                    report.label()
                );
                match Python::find_program(&found.to_string_lossy()) {
                    Ok(python) => others.push(python),
                    Err(why) => print_err!("note: {why}"),
                }
            }
            None => print_err!(
                "note: no free-threaded Python ({}) on the PATH; the Python rows run with the GIL",
                crate::python::FREE_THREADED_NAMES.join(", ")
            ),
        }
    }
    (first, others)
}

/// A path that is not empty: `--out ''` gets a sentence of its own
/// (clap's own check for a path says `possible values: ` with none).
fn named_folder(text: &str) -> Result<PathBuf, String> {
    if text.is_empty() {
        Err("the name of a folder cannot be empty".to_owned())
    } else {
        Ok(PathBuf::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_out_gets_a_sentence_of_its_own() {
        let err = Cli::try_parse_from(["reproduce", "--out", ""]).expect_err("refused");
        let text = err.to_string();
        assert!(text.contains("the name of a folder cannot be empty"), "{text}");
        assert!(!text.contains("possible values"), "{text}");
    }
}
