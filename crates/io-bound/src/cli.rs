//! The command line: the options ([`Cli`]) and what each subcommand does
//! with them ([`main`]). The binary raises its descriptor limit, parses and
//! calls [`main`]; each subcommand lives in a file of its own:
//!
//! - `cli/run.rs`: `run`, every mode against the embedded server (or
//!   `--url`) in one table (what no subcommand does);
//! - `cli/sweep.rs`: `sweep`, the threads mode for a range of thread
//!   counts, a CSV and a plot;
//! - `cli/serve.rs`: `serve`, the embedded server alone;
//! - `cli/load.rs`: `load`, requests per second against another server.
//!
//! Bad input is one line on standard error and exit code 2; a failed run
//! exits 1.

mod load;
mod run;
mod serve;
mod sweep;

use std::process::ExitCode;
use std::time::Duration;

use clap::builder::{RangedU64ValueParser, ValueParser};
use clap::{Args, Parser, Subcommand};
use concurrency_core::usage_error;

use crate::client::{self, Plan};
use crate::server::{self, Faults, Page, Server, ServerConfig};

pub use load::LoadCmd;
pub use run::RunCmd;
pub use serve::ServeCmd;
pub use sweep::SweepCmd;

/// I/O-bound work, after the Python tutorials "compare concurrent methods"
/// and "Parallelization in Python": 160 downloads (two pages x 80) from a
/// local HTTP server the chapter starts itself, one after the other, on
/// threads, as async tasks and in processes; and the CPU-bound sums of
/// squares. Nothing leaves 127.0.0.1 unless you pass --url.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    run: RunCmd,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run the modes and print the table (what no subcommand does).
    Run(RunCmd),
    /// Time the threads mode for a range of thread counts; write a CSV and an SVG plot.
    Sweep(SweepCmd),
    /// Run the local server alone, for another client or another run's --url.
    Serve(ServeCmd),
    /// Load another server: the async client with a bounded number in flight; prints requests/s, errors, latency.
    Load(LoadCmd),
}

/// Runs what `cli` asks for: the subcommand, or `run` when there is none.
pub fn main(cli: Cli) -> ExitCode {
    match cli.command {
        None => run::run(cli.run),
        Some(Command::Run(cmd)) => run::run(cmd),
        Some(Command::Sweep(cmd)) => sweep::sweep(cmd),
        Some(Command::Serve(cmd)) => serve::serve(cmd),
        Some(Command::Load(cmd)) => load::load(cmd),
    }
}

/// The embedded server's knobs (not allowed with --url).
#[derive(Debug, Clone, Args)]
pub struct ServerOpts {
    /// Latency of every answer in milliseconds, the stand-in for the round trip [default: 10].
    #[arg(long, value_name = "MS", value_parser = RangedU64ValueParser::<u64>::new().range(0..=10_000))]
    latency_ms: Option<u64>,

    /// Size of the large page (/jython) in bytes [default: 12000].
    #[arg(long, value_name = "BYTES", value_parser = RangedU64ValueParser::<usize>::new().range(0..=(16 << 20)))]
    large_bytes: Option<usize>,

    /// Size of the small page (/dice) in bytes [default: 300].
    #[arg(long, value_name = "BYTES", value_parser = RangedU64ValueParser::<usize>::new().range(0..=(16 << 20)))]
    small_bytes: Option<usize>,

    /// Share of requests answered 500, 0 to 1 [default: 0].
    #[arg(long, value_name = "SHARE", value_parser = share())]
    error_share: Option<f64>,

    /// Share of requests answered very slowly (see --slow-ms), 0 to 1 [default: 0].
    #[arg(long, value_name = "SHARE", value_parser = share())]
    slow_share: Option<f64>,

    /// How long a slow answer waits, in milliseconds [default: 10000].
    #[arg(long, value_name = "MS", value_parser = RangedU64ValueParser::<u64>::new().range(0..=600_000))]
    slow_ms: Option<u64>,

    /// Share of requests whose connection is dropped unanswered, 0 to 1 [default: 0].
    #[arg(long, value_name = "SHARE", value_parser = share())]
    drop_share: Option<f64>,
}

/// A share: a number from 0 to 1.
fn share() -> ValueParser {
    ValueParser::new(|s: &str| match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s} is not a share between 0 and 1")),
    })
}

impl ServerOpts {
    fn given(&self) -> bool {
        self.latency_ms.is_some()
            || self.large_bytes.is_some()
            || self.small_bytes.is_some()
            || self.error_share.is_some()
            || self.slow_share.is_some()
            || self.slow_ms.is_some()
            || self.drop_share.is_some()
    }

    fn config(&self) -> ServerConfig {
        let faults = Faults {
            error_share: self.error_share.unwrap_or(0.0),
            slow_share: self.slow_share.unwrap_or(0.0),
            drop_share: self.drop_share.unwrap_or(0.0),
            slow: self.slow_ms.map_or(Faults::NONE.slow, Duration::from_millis),
        };
        if faults.error_share + faults.slow_share + faults.drop_share > 1.0 {
            usage_error("--error-share, --slow-share and --drop-share add up to more than 1");
        }
        ServerConfig {
            latency: self.latency_ms.map_or(server::LATENCY, Duration::from_millis),
            pages: vec![
                Page {
                    path: server::LARGE_PAGE.into(),
                    size: self.large_bytes.unwrap_or(server::LARGE_BYTES),
                },
                Page {
                    path: server::SMALL_PAGE.into(),
                    size: self.small_bytes.unwrap_or(server::SMALL_BYTES),
                },
            ],
            faults,
        }
    }
}

/// Where the requests go and how many.
#[derive(Debug, Clone, Args)]
pub struct ClientOpts {
    /// Base URL of another server (http:// only) [default: the embedded server on 127.0.0.1].
    #[arg(long, value_name = "URL", value_parser = client::parse_base_url)]
    url: Option<String>,

    /// A path to fetch (repeatable) [default: /jython and /dice].
    #[arg(long = "path", value_name = "PATH")]
    paths: Vec<String>,

    /// How many times each path is fetched (the tutorial's 80).
    #[arg(long, value_name = "R", default_value_t = client::REPEAT,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=50_000))]
    repeat: u64,

    /// Timeout of every request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = client::TIMEOUT.as_millis() as u64,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=600_000))]
    timeout_ms: u64,
}

/// The embedded server (unless `--url` names another) and the plan.
fn target(server: &ServerOpts, client: &ClientOpts) -> (Option<Server>, Plan) {
    let paths = if client.paths.is_empty() {
        vec![server::LARGE_PAGE.to_owned(), server::SMALL_PAGE.to_owned()]
    } else {
        client.paths.clone()
    };
    if let Some(bad) = paths.iter().find(|p| !p.starts_with('/')) {
        usage_error(format!("--path {bad:?} must start with /"));
    }
    let timeout = Duration::from_millis(client.timeout_ms);
    let (embedded, base) = match &client.url {
        Some(url) => {
            if server.given() {
                usage_error(
                    "the server options (--latency-ms, sizes, shares) apply only to the embedded server, not to --url",
                );
            }
            // Already checked and trimmed by `client::parse_base_url`.
            (None, url.clone())
        }
        None => match Server::start(server.config(), 0) {
            Ok(s) => {
                let base = s.base_url();
                (Some(s), base)
            }
            Err(err) => usage_error(format!("cannot start the local server: {err}")),
        },
    };
    let plan = Plan {
        base,
        paths,
        repeat: client.repeat,
        timeout,
    };
    (embedded, plan)
}
