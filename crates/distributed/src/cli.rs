//! The chapter's command line: a local cluster by default, one member of a
//! cluster with `--hostfile` and `--process`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{print_err, print_out, print_table, usage_error};

use crate::cluster::{LocalRun, REPORT_PREFIX, run_local};
use crate::dataflow::ProcessReport;
use crate::peer::{Member, cluster_config, run_member};
use crate::report::{Total, process_table};
use crate::share::Kernel;

/// The most processes a local cluster starts, and the most workers per
/// process: far more than this machine has cores, a guard against typos.
pub const MAX_PROCESSES: usize = 64;

/// `--primes` lists the primes only up to this limit.
pub const MAX_LISTED: u64 = 100_000;

/// The largest `--limit` of any kernel: the sieve's 10^12 (trial
/// division stops at `concurrency_core::MAX_LIMIT`, 10^10).
pub const MAX_LIMIT: u64 = chapter_sieve::MAX_LIMIT;

/// The final solution's prime count as a timely dataflow, on several
/// processes: by default a local cluster on 127.0.0.1 (this program starts
/// --processes copies of itself, each with --workers threads); with
/// --hostfile and --process, one member of a cluster that may span several
/// machines (run the same command, with its own --process, on each).
#[derive(Debug, Parser)]
#[command(name = "chapter-distributed", version)]
pub struct Cli {
    /// Count the primes in 1..=LIMIT (digits, or 1e8 style): up to 1e10
    /// with trial division, 1e12 with --kernel sieve.
    #[arg(long, default_value = "10000000", value_parser = parse_limit)]
    pub limit: u64,

    /// Processes in the cluster [default: 2; with --hostfile, its lines].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_PROCESSES as u64))]
    pub processes: Option<u64>,

    /// Worker threads in each process.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=MAX_PROCESSES as u64))]
    pub workers: u64,

    /// How each worker counts its share: trial division (the tutorial's
    /// is_prime), or the sieve chapter's segmented sieve on each block.
    #[arg(long, value_enum, default_value_t = Kernel::TrialDivision)]
    pub kernel: Kernel,

    /// Print the primes too (up to a limit of 100000).
    #[arg(long)]
    pub primes: bool,

    /// A file of host:port lines, one per process in index order (timely's
    /// -h format): run as one member of that cluster.
    #[arg(long, requires = "process", value_name = "FILE", value_parser = named_file)]
    pub hostfile: Option<PathBuf>,

    /// This process's index in the host file, from 0 (timely's -p).
    #[arg(long, requires = "hostfile", value_name = "INDEX")]
    pub process: Option<usize>,

    /// How long a member waits for the whole cluster to connect, in
    /// seconds. A host that cannot be reached by then ends the run with one
    /// line naming it (exit code 4; timely alone would retry for ever).
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_secs)]
    pub connect_timeout: std::time::Duration,

    /// Once a member has counted its own share, how long it waits for the
    /// other members' partial counts, in seconds. A member that is frozen
    /// or cut off by then ends the run with one line naming it (exit code
    /// 5; timely alone would wait for ever). Raise it for peers much slower than the
    /// others.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_secs)]
    pub progress_timeout: std::time::Duration,

    /// When a member of the local cluster is lost (killed, frozen, cut
    /// off), re-run the whole count with fresh members, up to N times; the
    /// exit code says whether a run finally succeeded.
    #[arg(long, value_name = "N", default_value_t = 0, conflicts_with = "hostfile", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,

    /// Answer in one JSON line (how the local cluster's members report).
    #[arg(long, hide = true)]
    pub report: bool,
}

/// Reads a limit: `100000000`, `100_000_000` or `1e8`, from 1 to
/// [`MAX_LIMIT`], the sieve kernel's largest ([`Kernel::max_limit`] says
/// each kernel's).
pub fn parse_limit(text: &str) -> Result<u64, String> {
    let digits = text.replace('_', "");
    let value = match digits.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let mantissa: u64 = mantissa.parse().map_err(|_| format!("{text:?} is not a number"))?;
            let exponent: u32 = exponent.parse().map_err(|_| format!("{text:?} is not a number"))?;
            10u64
                .checked_pow(exponent)
                .and_then(|power| mantissa.checked_mul(power))
        }
        None => digits.parse::<u64>().ok(),
    };
    match value {
        Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
        Some(_) | None if digits.chars().all(|c| c.is_ascii_digit() || c == 'e' || c == 'E') && !digits.is_empty() => {
            Err(format!("must be from 1 to {MAX_LIMIT}"))
        }
        _ => Err(format!("{text:?} is not a number")),
    }
}

/// Runs what the command line asks for.
pub fn run(cli: &Cli) -> ExitCode {
    if cli.limit > cli.kernel.max_limit() {
        usage_error(format!(
            "--limit {} is past the {} kernel's largest, {} (--kernel sieve counts up to {MAX_LIMIT})",
            cli.limit,
            clap::ValueEnum::to_possible_value(&cli.kernel).map_or_else(String::new, |v| v.get_name().to_owned()),
            cli.kernel.max_limit(),
        ));
    }
    if cli.primes && cli.limit > MAX_LISTED {
        usage_error(format!("--primes lists the primes only up to --limit {MAX_LISTED}"));
    }
    let workers = cli.workers as usize;
    let kernel = cli.kernel;
    match (&cli.hostfile, cli.process) {
        (Some(hostfile), Some(process)) => {
            let config = cluster_config(hostfile, process, workers).unwrap_or_else(|err| usage_error(err));
            if let timely::CommunicationConfig::Cluster { addresses, .. } = &config.communication
                && cli
                    .processes
                    .is_some_and(|processes| processes as usize != addresses.len())
            {
                usage_error(format!(
                    "--processes says {}, {} names {}",
                    cli.processes.unwrap_or(0),
                    hostfile.display(),
                    addresses.len()
                ));
            }
            // Started by a local cluster: end with it.
            if std::env::var_os(concurrency_process::PARENT_VAR).is_some() {
                concurrency_process::exit_when_parent_dies();
            }
            let member = Member {
                hostfile,
                process,
                connect_timeout: cli.connect_timeout,
                progress_timeout: cli.progress_timeout,
                workers,
                limit: cli.limit,
                kernel,
                keep: cli.primes,
            };
            match run_member(config, &member) {
                Ok(report) if cli.report => match serde_json::to_string(&report) {
                    Ok(json) => {
                        print_out(&format!("{REPORT_PREFIX}{json}\n"));
                        ExitCode::SUCCESS
                    }
                    Err(err) => fail(format!("cannot encode the report: {err}")),
                },
                Ok(report) => {
                    // One member sees its own row and everyone's total.
                    print_table(&process_table(std::slice::from_ref(&report)));
                    let total = Total {
                        primes: report.total,
                        checked: cli.limit,
                        expected: chapter_sieve::known_count(cli.limit),
                    };
                    finish(&[report], &total, cli)
                }
                Err(err) => fail(err),
            }
        }
        _ => {
            let processes = cli.processes.unwrap_or(2) as usize;
            let run = LocalRun {
                processes,
                workers,
                connect_timeout: cli.connect_timeout,
                progress_timeout: cli.progress_timeout,
                limit: cli.limit,
                kernel,
                keep: cli.primes,
            };
            print_err!(
                "starting {processes} processes x {workers} workers on 127.0.0.1: primes in 1..={}",
                cli.limit
            );
            let start = std::time::Instant::now();
            let reports = match run_with_retries(run, cli.retries) {
                Ok(reports) => reports,
                Err(err) => return fail(err),
            };
            let wall = start.elapsed().as_secs_f64();
            print_table(&process_table(&reports));
            match Total::of(&reports, cli.limit) {
                Ok(total) => {
                    print_out(&format!(
                        "wall time: {wall:.3} s for {processes} processes x {workers} workers\n"
                    ));
                    finish(&reports, &total, cli)
                }
                Err(err) => fail(err),
            }
        }
    }
}

// ANCHOR: retries
/// Runs the local cluster, and again, with fresh members, up to `retries`
/// times when a member is lost: timely keeps no partial results, so a
/// re-run is the whole count, which is exact again because the count is a
/// pure function of its input. Each loss is one line on standard error,
/// saying what was lost, what it cost, and what is re-run.
fn run_with_retries(run: LocalRun, retries: u32) -> Result<Vec<ProcessReport>, String> {
    let mut attempt = 0;
    loop {
        let start = std::time::Instant::now();
        match run_local(run) {
            Ok(reports) => return Ok(reports),
            Err(err) if attempt < retries => {
                attempt += 1;
                print_err!(
                    "lost after {:.3} s: {err}; re-running the whole count (1..={}) on {} fresh processes, retry {attempt} of {retries}",
                    start.elapsed().as_secs_f64(),
                    run.limit,
                    run.processes
                );
            }
            Err(err) if retries > 0 => return Err(format!("{err} (after {retries} retries)")),
            Err(err) => return Err(err),
        }
    }
}
// ANCHOR_END: retries

fn finish(reports: &[ProcessReport], total: &Total, cli: &Cli) -> ExitCode {
    if cli.primes
        && let Some(report) = reports.first()
    {
        let list: Vec<String> = report.list.iter().map(u64::to_string).collect();
        print_out(&format!("primes: {}\n", list.join(" ")));
    }
    print_out(&format!("{}\n", total.line(cli.limit)));
    if total.exact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn fail(message: String) -> ExitCode {
    print_err!("error: {message}");
    ExitCode::FAILURE
}

/// Seconds, more than 0 and at most a day: `30`, `2.5`.
fn parse_secs(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|secs| *secs > 0.0 && *secs <= 86_400.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("expected seconds, more than 0 and at most 86400, found {text:?}"))
}

/// A path that is not empty: `--hostfile ''` gets a sentence of its own
/// (clap's own check for a path says `possible values: ` with none).
fn named_file(text: &str) -> Result<PathBuf, String> {
    if text.is_empty() {
        Err("the name of a host file cannot be empty".to_owned())
    } else {
        Ok(PathBuf::from(text))
    }
}
