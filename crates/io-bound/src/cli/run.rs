//! `run` (and no subcommand): every mode, or those `--mode` names, against
//! the embedded server or `--url`; one table, and the results file
//! `bench-all` keeps.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Args;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{print_err, print_out, usage_error};

use super::{ClientOpts, ServerOpts, target};
use crate::mode::{AT_ONCE, Mode, Settings, THREADS, Target, fd_note, run_mode};
use crate::modes::Sinks;
use crate::outcome::{Check, all_failed, summary, verdict};
use crate::{cpu, sweep};

/// The options of `run`.
#[derive(Debug, Clone, Args)]
pub struct RunCmd {
    #[command(flatten)]
    server: ServerOpts,

    #[command(flatten)]
    client: ClientOpts,

    /// Run only these modes (comma-separated or repeated) [default: all of them].
    #[arg(long, value_name = "MODE", value_enum, value_delimiter = ',')]
    mode: Vec<Mode>,

    /// Threads of the threads mode.
    #[arg(long, value_name = "K", default_value_t = THREADS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1024))]
    threads: usize,

    /// Permits of async-limited (n_at_once in the Python tutorial).
    #[arg(long, value_name = "N", default_value_t = AT_ONCE,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=10_000))]
    at_once: usize,

    /// Worker processes of processes and cpu-processes [default: one per logical CPU].
    #[arg(long, value_name = "P", value_parser = RangedU64ValueParser::<usize>::new().range(1..=64))]
    processes: Option<usize>,

    /// First number of the CPU-bound sums (5000000 as in the Python tutorial).
    #[arg(long, value_name = "N", default_value_t = cpu::CPU_BASE,
          value_parser = RangedU64ValueParser::<u64>::new().range(0..=100_000_000))]
    cpu_base: u64,

    /// How many CPU-bound sums (20 as in the Python tutorial).
    #[arg(long, value_name = "C", default_value_t = cpu::CPU_COUNT,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=1000))]
    cpu_count: u64,

    /// How long a worker process may go without a sign of life (a heartbeat,
    /// or its reply) before it is killed and named, in seconds [default: 5].
    #[arg(long, value_name = "SECS", allow_negative_numbers = true,
          value_parser = concurrency_process::parse_deadline)]
    worker_timeout: Option<std::time::Duration>,

    /// Print the outcomes as JSON (sync-print then prints to standard error).
    #[arg(long)]
    json: bool,

    /// Also write the table, as Markdown, to this file (what bench-all keeps).
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
}

/// Runs the modes and prints the table: exit code 1 when a mode failed, got
/// no page at all, or came to a wrong count.
pub(super) fn run(cmd: RunCmd) -> ExitCode {
    if let Some(deadline) = cmd.worker_timeout {
        let with_processes = [Mode::Processes, Mode::CpuProcesses];
        if !cmd.mode.is_empty() && !cmd.mode.iter().any(|mode| with_processes.contains(mode)) {
            usage_error("--worker-timeout applies to the processes and cpu-processes modes only");
        }
        concurrency_process::set_deadline(deadline);
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => usage_error(format!("cannot find this program's path: {err}")),
    };
    let (embedded, plan) = target(&cmd.server, &cmd.client);
    let mut settings = Settings::new(exe);
    settings.threads = cmd.threads;
    settings.at_once = cmd.at_once;
    settings.processes = cmd.processes.unwrap_or(settings.processes);
    settings.cpu_base = cmd.cpu_base;
    settings.cpu_count = cmd.cpu_count;
    let modes = if cmd.mode.is_empty() {
        Mode::ALL.to_vec()
    } else {
        cmd.mode.clone()
    };
    let sinks = Sinks {
        print: Mutex::new(if cmd.json {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::io::stdout())
        }),
        log: Mutex::new(Box::new(std::io::stderr())),
    };
    if let Some(note) = fd_note(&modes, &plan, &settings, embedded.is_some()) {
        print_err!("{note}");
    }
    if !cmd.json {
        print_out(&format!(
            "{} requests ({} x {}) to {} with a {} ms timeout\n",
            plan.requests(),
            plan.paths.join(" and "),
            plan.repeat,
            plan.base,
            cmd.client.timeout_ms
        ));
    }
    let target = Target {
        plan: &plan,
        server: embedded.as_ref(),
    };
    let mut outcomes = Vec::with_capacity(modes.len());
    for mode in modes {
        match run_mode(mode, target, &settings, &sinks) {
            Ok(outcome) => outcomes.push(outcome),
            Err(err) => {
                print_err!("error: the {} mode failed: {err}", mode.name());
                return ExitCode::FAILURE;
            }
        }
    }
    // What the results file says of the server: its latency is known only
    // for the embedded one.
    let server_line = if embedded.is_some() {
        format!(
            "the embedded server, {} ms latency",
            cmd.server.config().latency.as_millis()
        )
    } else {
        format!("the server at {}", plan.base)
    };
    if let Some(server) = embedded {
        server.shutdown();
    }
    if cmd.json {
        match serde_json::to_string_pretty(&outcomes) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => usage_error(format!("cannot encode the outcomes as JSON: {err}")),
        }
    } else {
        print_out(&format!(
            "\n{}\n{}\n",
            summary(&outcomes).for_stdout(),
            verdict(&outcomes)
        ));
    }
    if let Some(path) = &cmd.results {
        let text = format!(
            "{} requests ({} x {}) to {server_line}, {} threads, {} permits, {} processes, {} sums from {}\n\n{}\n{}\n",
            plan.requests(),
            plan.paths.join(" and "),
            plan.repeat,
            settings.threads,
            settings.at_once,
            settings.processes,
            settings.cpu_count,
            settings.cpu_base,
            summary(&outcomes),
            verdict(&outcomes)
        );
        if let Err(err) = sweep::write_file(path, &text) {
            print_err!("error: {err}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(line) = all_failed(&outcomes, &plan.base) {
        print_err!("error: {line}");
        return ExitCode::FAILURE;
    }
    if outcomes.iter().any(|o| o.check() == Check::Wrong) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
