//! The one way every chapter binary refuses bad input (one line on standard
//! error and exit code 2) and prints what it has to say, never panicking on
//! a closed pipe. The options themselves are in `args`.

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::report::{RunReport, Verdict};
use crate::runner::{Job, TaskRunner};
use crate::table::Table;

/// Parses the command line into `P`, or exits: `--help` and `--version`
/// print and exit 0; anything wrong prints one line and exits 2, never a
/// panic or a backtrace.
pub fn parse_or_exit<P: Parser>() -> P {
    P::try_parse().unwrap_or_else(|err| exit_on_clap_error(err))
}

/// [`parse_or_exit`], also telling which options were typed on the command
/// line rather than left at their defaults: the comparison's `--limit`
/// means one row when typed, and its default rows when not.
pub fn parse_typed_or_exit<P: Parser>() -> (P, Typed) {
    let mut command = P::command();
    let matches = command
        .try_get_matches_from_mut(std::env::args_os())
        .unwrap_or_else(|err| exit_on_clap_error(err));
    let parsed = P::from_arg_matches(&matches).unwrap_or_else(|err| exit_on_clap_error(err.format(&mut command)));
    (parsed, Typed(matches))
}

/// Which options a command line typed (see [`parse_typed_or_exit`]).
#[derive(Debug, Clone)]
pub struct Typed(clap::ArgMatches);

impl Typed {
    /// Whether the option with clap's `id` (the field's name: `"limit"`)
    /// was typed, as opposed to taken from its default.
    pub fn contains(&self, id: &str) -> bool {
        self.0.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
    }
}

/// Prints `error: {message}` on standard error and exits with code 2, the
/// code command-line tools use for bad usage.
pub fn usage_error(message: impl Display) -> ! {
    write_err(format_args!("error: {message}"));
    std::process::exit(2)
}

// ANCHOR: print_err
/// `eprintln!` that never panics: writes one line to standard error with
/// [`write_err`]. Every chapter's error paths, warnings and panic hooks use
/// it.
#[macro_export]
macro_rules! print_err {
    ($($arg:tt)*) => {
        $crate::write_err(::std::format_args!($($arg)*))
    };
}

/// Writes `line` and a newline to standard error, ignoring any failure.
///
/// `eprintln!` panics when it cannot write, and standard error can be closed
/// under us: `chapter-sync --frobnicate 2>&1 >/dev/null | true`, where the
/// reader is gone before we speak. A panic on an error path turns exit code
/// 2 into 101, and inside a panic hook (a panic while panicking) into an
/// abort, 134. Nobody is left to read the message, so there is nothing
/// better to do with the error than drop it and keep the documented exit
/// code. The line is formatted first and written in one call, so lines from
/// several threads do not interleave.
pub fn write_err(line: std::fmt::Arguments<'_>) {
    let mut text = line.to_string();
    text.push('\n');
    let _ = std::io::stderr().write_all(text.as_bytes());
}
// ANCHOR_END: print_err

fn exit_on_clap_error(err: clap::Error) -> ! {
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        err.exit(); // prints the help or version on stdout, exit code 0
    }
    usage_error(one_line(&err))
}

/// clap's message squeezed to one line: its first line (with the indented
/// lines that complete it, when it ends in a colon, such as the names of
/// missing arguments), the valid values when there are some, and a pointer
/// to `--help`.
fn one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or("invalid arguments");
    let mut line = first.trim_start_matches("error: ").trim_end().to_owned();
    if line.ends_with(':') {
        let details: Vec<&str> = lines.take_while(|l| l.starts_with(' ')).map(str::trim).collect();
        line.push(' ');
        line.push_str(&details.join(", "));
    }
    if let Some(ContextValue::Strings(values)) = err.get(ContextKind::ValidValue) {
        line.push_str(&format!(" (possible values: {})", values.join(", ")));
    }
    line.push_str("; see --help");
    line
}

/// Runs each runner on its job in turn and prints the reports with
/// [`print_reports`]: what a chapter's `main` does. The exit code is 1 when a
/// run fails or a report's prime count is wrong, so a smoke run in CI catches
/// a wrong answer, not just a crash.
pub fn run_and_print(runs: &[(&dyn TaskRunner, Job)], json: bool) -> ExitCode {
    let mut reports = Vec::with_capacity(runs.len());
    for (runner, job) in runs {
        match runner.run(job) {
            Ok(report) => reports.push(report),
            Err(err) => {
                write_err(format_args!(
                    "error: {} ({}) failed: {err}",
                    runner.name(),
                    runner.runner_type()
                ));
                return ExitCode::FAILURE;
            }
        }
    }
    print_reports(&reports, json);
    let wrong = reports.iter().any(|r| matches!(r.verdict(), Verdict::Wrong { .. }));
    if wrong { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Prints reports the way every chapter does: the tutorial's results table
/// (fitted to the terminal, or Markdown into a pipe: [`print_table`])
/// followed by each run's details, or a JSON array with `--json`.
pub fn print_reports(reports: &[RunReport], json: bool) {
    if json {
        match serde_json::to_string_pretty(reports) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                write_err(format_args!("error: cannot encode the reports as JSON: {err}"));
                std::process::exit(1)
            }
        }
        return;
    }
    let mut text = RunReport::table(reports).for_stdout();
    for report in reports {
        text.push_str(&format!("\n{report}\n"));
    }
    print_out(&text);
}

/// Prints a table to standard output: fitted to the terminal's width on a
/// terminal, Markdown into a pipe or a file ([`Table::for_stdout`]).
pub fn print_table(table: &Table) {
    print_out(&table.for_stdout());
}

/// Writes `text` to standard output. `println!` panics when the reader has
/// gone away (`chapter-sync | head -3`); a command-line tool should stop
/// quietly instead, so a closed pipe ends the program with code 0, and any
/// other write error with one line and code 1.
pub fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    match written {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(err) => {
            write_err(format_args!("error: cannot write to standard output: {err}"));
            std::process::exit(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::RunArgs;
    use clap::ValueEnum;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Mode {
        Simple,
        ThreadPool,
    }

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        run: RunArgs<Mode>,
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("chapter").chain(args.iter().copied()))
    }

    #[test]
    fn bad_values_are_usage_errors_on_one_line() {
        for args in [
            &["--workers", "0"][..],
            &["--limit", "abc"],
            &["--limit", "0"],
            &["--limit", "99999999999"],
            &["--workers", "100000"],
            &["--delay-ms", "-5"],
            &["--mode", "nonsense"],
            &["--frobnicate"],
        ] {
            let err = parse(args).expect_err("must be refused");
            assert_eq!(err.exit_code(), 2, "{args:?}");
            let line = one_line(&err);
            assert!(!line.contains('\n'), "{args:?}: {line}");
        }
        // A message that continues on indented lines keeps them.
        let err = <Cli as clap::CommandFactory>::command()
            .arg(
                clap::Arg::new("scaling")
                    .long("scaling")
                    .action(clap::ArgAction::SetTrue),
            )
            .arg(clap::Arg::new("runs").long("runs").requires("scaling"))
            .try_get_matches_from(["chapter", "--runs", "3"])
            .expect_err("--runs needs --scaling");
        assert!(
            one_line(&err).ends_with("provided: --scaling; see --help"),
            "{}",
            one_line(&err)
        );
        let err = parse(&["--mode", "nonsense"]).expect_err("unknown mode");
        assert!(
            one_line(&err).contains("possible values: simple, thread-pool"),
            "{}",
            one_line(&err)
        );
    }
}
