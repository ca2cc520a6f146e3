//! `load`: requests per second against another server, with a bounded
//! number in flight (the library's [`crate::load`]).

use std::process::ExitCode;
use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::{Args, ValueEnum};
use concurrency_core::{print_err, print_out, usage_error};

use crate::client;
use crate::fds::FdBudget;
use crate::load::{self as load_test, LoadClient, LoadPlan};
use crate::server;

/// The options of `load`.
#[derive(Debug, Clone, Args)]
pub struct LoadCmd {
    /// Base URL of the server to load (http:// only), e.g. what `serve` printed.
    #[arg(long, value_name = "URL", value_parser = client::parse_base_url)]
    url: String,

    /// The path every request fetches.
    #[arg(long, value_name = "PATH", default_value = server::SMALL_PAGE)]
    path: String,

    /// How many requests in all.
    #[arg(long, value_name = "N", default_value_t = 100_000,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=100_000_000))]
    requests: u64,

    /// How many requests in flight at once (each on a connection of its own, reused).
    #[arg(long, value_name = "K", default_value_t = 1_000,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    in_flight: usize,

    /// Send no request after this many seconds.
    #[arg(long, value_name = "S", default_value_t = 60,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=3_600))]
    duration_limit: u64,

    /// Timeout of every request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = client::TIMEOUT.as_millis() as u64,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=600_000))]
    timeout_ms: u64,

    /// Threads of the client's runtime (wrk's -t) [default: one per logical CPU].
    #[arg(long, value_name = "T", value_parser = RangedU64ValueParser::<usize>::new().range(1..=256))]
    threads: Option<usize>,

    /// The client: reqwest (the chapter's async client, one shared pool) or hyper (a connection per task, as wrk).
    #[arg(long, value_name = "CLIENT", value_enum, default_value_t = LoadClient::Reqwest)]
    client: LoadClient,

    /// How many failed requests the run may have and still pass (exit code
    /// 0); the summary says each one, by kind, either way.
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_errors: u64,

    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the load and prints its line (or JSON): exit code 1 when the run
/// failed, or more requests failed than `--max-errors` allows (none, by
/// default: a load run with errors did not measure what it claims).
pub(super) fn load(cmd: LoadCmd) -> ExitCode {
    if !cmd.path.starts_with('/') {
        usage_error(format!("--path {:?} must start with /", cmd.path));
    }
    let mut in_flight = cmd.in_flight;
    // The server is elsewhere: one descriptor per request in flight.
    if let Some(budget) = FdBudget::current(false) {
        if let Some(note) = budget.note(in_flight as u64) {
            print_err!("{note}");
        }
        in_flight = budget.permits(Some(in_flight), cmd.requests).unwrap_or(in_flight);
    }
    let plan = LoadPlan {
        url: format!("{}{}", cmd.url, cmd.path),
        requests: cmd.requests,
        in_flight,
        duration_limit: Duration::from_secs(cmd.duration_limit),
        timeout: Duration::from_millis(cmd.timeout_ms),
        threads: cmd.threads.unwrap_or_else(concurrency_core::cores),
        client: cmd.client,
    };
    if !cmd.json {
        print_out(&format!(
            "load: {} requests to {}, {} in flight, {} client threads ({}), for at most {} s\n",
            plan.requests,
            plan.url,
            plan.in_flight,
            plan.threads,
            plan.client
                .to_possible_value()
                .map_or("?".into(), |v| v.get_name().to_owned()),
            cmd.duration_limit
        ));
    }
    let report = match load_test::load(&plan) {
        Ok(report) => report,
        Err(err) => {
            print_err!("error: the load run failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    if cmd.json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => usage_error(format!("cannot encode the report as JSON: {err}")),
        }
    } else {
        print_out(&format!("{}\n", report.line()));
    }
    let errors = report.tally.errors();
    if report.tally.ok == 0 {
        print_err!(
            "error: every request to {} failed ({})",
            plan.url,
            report.tally.describe_errors()
        );
        return ExitCode::FAILURE;
    }
    if errors > cmd.max_errors {
        print_err!(
            "error: {errors} of {} requests to {} failed ({}), more than --max-errors {} allows",
            report.tally.ok + errors,
            plan.url,
            report.tally.describe_errors(),
            cmd.max_errors
        );
        return ExitCode::FAILURE;
    }
    if errors > 0 {
        print_err!(
            "warning: {errors} of {} requests to {} failed ({}), within --max-errors {}",
            report.tally.ok + errors,
            plan.url,
            report.tally.describe_errors(),
            cmd.max_errors
        );
    }
    ExitCode::SUCCESS
}
