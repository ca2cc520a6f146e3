//! The command-line options every chapter binary shares, and the one way
//! they all refuse bad input: one line on standard error and exit code 2.

use std::fmt::Display;
use std::io::Write;
use std::marker::PhantomData;
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::{EnumValueParser, RangedU64ValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, ValueEnum};

use crate::report::{RunReport, Verdict};
use crate::runner::{Job, TaskRunner};
use crate::table::Table;

/// The largest `--limit` accepted: 10^10 is the largest limit with a known
/// prime count, and trial division that far takes hours already.
pub const MAX_LIMIT: u64 = 10_000_000_000;
/// The most workers accepted: enough for any sweep, far below what would
/// exhaust threads or processes.
pub const MAX_WORKERS: usize = 1024;
/// The longest forced delay accepted per number.
pub const MAX_DELAY_MS: u64 = 10_000;
/// The most forced delay a whole run may add up to (one day): 10^8 numbers
/// at 50 ms would sleep for two months; with no delay any limit is fine.
pub const MAX_TOTAL_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

// ANCHOR: defaults
/// A chapter's defaults for the shared options: what `--limit`,
/// `--workers` and `--delay-ms` mean when they are not given. `--help`
/// shows them, so each chapter's help states its own defaults.
///
/// The chapters of the tutorial take the defaults as they are
/// ([`Tutorial`]); a chapter with other ones (the comparison and the final
/// solution have no forced delay and 10 workers) declares a unit type and
/// overrides what differs:
///
/// ```
/// use concurrency_core::Defaults;
///
/// /// The comparison: 10 workers, no forced delay.
/// #[derive(Debug, Clone)]
/// struct Comparison;
///
/// impl Defaults for Comparison {
///     const WORKERS: Option<usize> = Some(10);
///     const DELAY_MS: u64 = 0;
/// }
/// ```
pub trait Defaults: Clone + Send + Sync + 'static {
    /// `--limit` when it is not given: the tutorial's 1000 numbers.
    const LIMIT: u64 = 1000;
    /// `--workers` when it is not given, or `None` where each run of the
    /// chapter has its own number, as in the rows of the tutorial's table
    /// (the caller of [`RunArgs::job`] then says which).
    const WORKERS: Option<usize> = None;
    /// `--delay-ms` when it is not given: the tutorial's forced 0.05 s.
    const DELAY_MS: u64 = 50;
    /// The longest `--delay-ms` accepted; 0 for a chapter that has no forced
    /// delay (the final solution), whose `--help` then says so.
    const MAX_DELAY_MS: u64 = MAX_DELAY_MS;
    /// `true` where the chapter, left alone, measures several limits (the
    /// comparison's rows at 10^5, 10^6, ...): `--limit` then picks one of
    /// them, and `--help` shows no single default for it.
    const ROWS: bool = false;
}

/// The tutorial's defaults: 1000 numbers, 50 ms per number, the workers of
/// each row of the chapter's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tutorial;

impl Defaults for Tutorial {}
// ANCHOR_END: defaults

// ANCHOR: run_args
/// The options of every chapter: `--limit`, `--workers`, `--delay-ms`,
/// `--mode` and `--json`. A chapter's binary flattens this into its own
/// parser, naming its runner types with the enum `M` and its defaults
/// with `D` (the tutorial's unless it says otherwise).
#[derive(Debug, Clone, Args)]
pub struct RunArgs<M: ValueEnum + Clone + Send + Sync + 'static, D: Defaults = Tutorial> {
    // The defaults are `default_value`, not `default_value_t`: clap's derive
    // keeps a `default_value_t` in a `static`, and a static in a generic
    // function is one for every `D`, so the first chapter's default would
    // win in every chapter of the same program (the tests have several).
    /// Check the numbers 1..=N for primes.
    #[arg(long, value_name = "N", default_value = D::LIMIT.to_string(), help = limit_help::<D>(),
          hide_default_value = D::ROWS,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    pub limit: u64,

    /// Number of workers.
    #[arg(long, value_name = "K", help = workers_help::<D>(),
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    pub workers: Option<usize>,

    /// Forced delay in milliseconds slept before each number.
    #[arg(long, value_name = "MS", default_value = D::DELAY_MS.to_string(), help = delay_help::<D>(),
          value_parser = RangedU64ValueParser::<u64>::new().range(0..=MAX_DELAY_MS))]
    pub delay_ms: u64,

    /// Runner type, named as in the tutorial [default: the chapter's table
    /// of runner types].
    #[arg(long, value_name = "MODE", value_parser = EnumValueParser::<M>::new(),
          hide = M::value_variants().is_empty())]
    pub mode: Option<M>,

    /// Print the reports as JSON instead of tables.
    #[arg(long)]
    pub json: bool,

    /// The chapter's defaults live in `D`'s constants, not in a value.
    #[arg(skip)]
    pub defaults: PhantomData<D>,
}
// ANCHOR_END: run_args

/// `--help` for `--limit`: what it does, in the chapter's terms.
fn limit_help<D: Defaults>() -> String {
    if D::ROWS {
        "Check the numbers 1..=N for primes: one row at N instead of the chapter's rows \
         [default: the rows, see --max-limit]"
            .to_owned()
    } else {
        "Check the numbers 1..=N for primes (the tutorial uses 1000)".to_owned()
    }
}

/// `--help` for `--workers`: the chapter's one default, or the rows' own.
fn workers_help<D: Defaults>() -> String {
    match D::WORKERS {
        Some(workers) => format!("Number of workers [default: {workers}]"),
        None => "Number of workers [default: the chapter's, as in the tutorial]".to_owned(),
    }
}

/// `--help` for `--delay-ms`, which says so where the chapter has no delay.
fn delay_help<D: Defaults>() -> String {
    if D::MAX_DELAY_MS == 0 {
        "Forced delay in milliseconds: this chapter has none, so 0 is the only value accepted \
         (the option is here so that every chapter takes the same command line)"
            .to_owned()
    } else {
        "Forced delay in milliseconds slept before each number, the tutorial's stand-in for a \
         heavier computation (0 measures the raw work)"
            .to_owned()
    }
}

/// A chapter whose runs have no runner types to choose from (the final
/// solution): its `--mode` is hidden, and refuses any value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoModes {}

impl<M: ValueEnum + Clone + Send + Sync + 'static, D: Defaults> RunArgs<M, D> {
    /// The job these options describe, with `default_workers` when neither
    /// `--workers` nor the chapter's default ([`Defaults::WORKERS`]) says
    /// how many; or the reason the combination makes no sense.
    pub fn job(&self, default_workers: usize) -> Result<Job, String> {
        self.job_at(self.limit, default_workers)
    }

    /// [`job`](Self::job) at another limit: the comparison checks every one
    /// of its rows with the same options.
    pub fn job_at(&self, limit: u64, default_workers: usize) -> Result<Job, String> {
        let workers = self.workers.or(D::WORKERS).unwrap_or(default_workers);
        if self.delay_ms > D::MAX_DELAY_MS {
            return Err(if D::MAX_DELAY_MS == 0 {
                format!(
                    "--delay-ms {}: this chapter has no forced delay, so 0 is the only value accepted",
                    self.delay_ms
                )
            } else {
                format!("--delay-ms {} is more than {} ms", self.delay_ms, D::MAX_DELAY_MS)
            });
        }
        if workers as u64 > limit {
            return Err(format!(
                "--workers {workers} is more than --limit {limit}: some workers would have no number to check"
            ));
        }
        let delay = Duration::from_millis(self.delay_ms);
        let total_ms = limit.saturating_mul(self.delay_ms);
        if Duration::from_millis(total_ms) > MAX_TOTAL_DELAY {
            return Err(format!(
                "--limit {limit} with --delay-ms {} would sleep for {} days; use a smaller limit or --delay-ms 0",
                self.delay_ms,
                total_ms / 86_400_000
            ));
        }
        Ok(Job::new(limit, workers, delay))
    }

    /// [`job`](Self::job), exiting with a one-line error and code 2 when the
    /// options make no sense, with a progress bar for a person to watch.
    pub fn job_or_exit(&self, default_workers: usize) -> Job {
        match self.job(default_workers) {
            Ok(job) => job.with_progress_bar(),
            Err(message) => usage_error(message),
        }
    }
}

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
    fn defaults_are_the_tutorials() {
        let cli = parse(&[]).expect("no arguments is valid");
        let job = cli.run.job(2).expect("the defaults make a job");
        assert_eq!(
            (job.limit, job.workers, job.delay),
            (1000, 2, Duration::from_millis(50))
        );
        assert_eq!(cli.run.mode, None);
        assert!(!cli.run.json);
    }

    #[test]
    fn modes_use_the_tutorials_names_in_kebab_case() {
        let cli = parse(&["--mode", "thread-pool", "--workers", "5", "--delay-ms", "0"]).expect("valid");
        assert_eq!(cli.run.mode, Some(Mode::ThreadPool));
        assert_eq!(cli.run.job(2).expect("valid").workers, 5);
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

    /// A chapter with its own defaults: 10 workers, no delay, rows.
    #[derive(Debug, Clone)]
    struct Rows;

    impl Defaults for Rows {
        const WORKERS: Option<usize> = Some(10);
        const DELAY_MS: u64 = 0;
        const ROWS: bool = true;
    }

    /// A chapter with no forced delay at all, and no runner types.
    #[derive(Debug, Clone)]
    struct NoDelay;

    impl Defaults for NoDelay {
        const LIMIT: u64 = 100;
        const DELAY_MS: u64 = 0;
        const MAX_DELAY_MS: u64 = 0;
    }

    #[derive(Debug, Parser)]
    struct RowsCli {
        #[command(flatten)]
        run: RunArgs<Mode, Rows>,
    }

    #[derive(Debug, Parser)]
    struct NoDelayCli {
        #[command(flatten)]
        run: RunArgs<NoModes, NoDelay>,
    }

    fn help<P: Parser>() -> String {
        P::command().render_long_help().to_string()
    }

    #[test]
    fn a_chapter_sets_its_own_defaults_and_help_shows_them() {
        let cli = RowsCli::try_parse_from(["chapter"]).expect("no arguments is valid");
        let job = cli.run.job(2).expect("the defaults make a job");
        assert_eq!((job.workers, job.delay), (10, Duration::ZERO));
        let text = help::<RowsCli>();
        assert!(
            text.contains("[default: 10]") && text.contains("[default: 0]"),
            "{text}"
        );
        assert!(
            text.contains("one row at N") && !text.contains("[default: 1000]"),
            "{text}"
        );
        // The tutorial's chapters keep theirs.
        let text = help::<Cli>();
        assert!(
            text.contains("[default: 1000]") && text.contains("[default: 50]"),
            "{text}"
        );
        assert!(text.contains("--mode <MODE>"), "{text}");
    }

    #[test]
    fn a_chapter_without_delay_refuses_one_in_a_clear_line() {
        let text = help::<NoDelayCli>();
        assert!(text.contains("0 is the only value accepted"), "{text}");
        assert!(!text.contains("--mode <MODE>"), "no runner types, no --mode: {text}");
        let cli = NoDelayCli::try_parse_from(["chapter", "--delay-ms", "50"]).expect("parses");
        let err = cli.run.job(1).expect_err("a delay where there is none");
        assert!(err.contains("no forced delay"), "{err}");
        let cli = NoDelayCli::try_parse_from(["chapter"]).expect("parses");
        assert_eq!(cli.run.job(1).expect("valid").limit, 100);
        assert!(NoDelayCli::try_parse_from(["chapter", "--mode", "anything"]).is_err());
    }

    #[test]
    fn each_row_is_checked_at_its_own_limit() {
        let cli = RowsCli::try_parse_from(["chapter"]).expect("valid");
        assert!(cli.run.job_at(5, 1).is_err(), "10 workers for 5 numbers");
        assert_eq!(cli.run.job_at(100_000, 1).expect("valid").limit, 100_000);
    }

    #[test]
    fn senseless_combinations_are_refused() {
        let too_many = parse(&["--limit", "3", "--workers", "5"]).expect("each value is valid");
        assert!(too_many.run.job(2).is_err());
        let months = parse(&["--limit", "100000000"]).expect("each value is valid");
        assert!(months.run.job(2).expect_err("two months of sleep").contains("days"));
        let no_delay = parse(&["--limit", "100000000", "--delay-ms", "0"]).expect("valid");
        assert!(no_delay.run.job(10).is_ok());
    }
}
