//! The options every chapter binary shares (`--limit`, `--workers`,
//! `--delay-ms`, `--mode`, `--json`), with each chapter's defaults, and the
//! checks that turn them into a [`Job`] or a one-line usage error.

use std::marker::PhantomData;
use std::time::Duration;

use clap::builder::{EnumValueParser, RangedU64ValueParser};
use clap::{Args, ValueEnum};

use crate::cli::usage_error;
use crate::runner::Job;

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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

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
