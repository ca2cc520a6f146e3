//! `cargo run -p chapter-io-bound`: every download mode against the embedded
//! local server, plus the CPU-bound sums, in one table; `serve` runs the
//! server alone; `sweep` times the threads mode for a range of thread
//! counts; `load` measures requests per second against a server. All the
//! logic is in the library (`src/lib.rs`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use chapter_io_bound::client::{self, Plan};
use chapter_io_bound::fds::FdBudget;
use chapter_io_bound::load::{LoadClient, LoadPlan, load};
use chapter_io_bound::server::{self, Faults, Page, Server, ServerConfig};
use chapter_io_bound::{Check, Mode, Settings, Sinks, Target, all_failed, fd_note, run_mode, summary, sweep, verdict};
use clap::builder::{RangedU64ValueParser, ValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use concurrency_core::print_err;
use concurrency_core::{parse_or_exit, print_out, usage_error};

/// I/O-bound work, after the Python tutorials "compare concurrent methods"
/// and "Parallelization in Python": 160 downloads (two pages x 80) from a
/// local HTTP server the chapter starts itself, one after the other, on
/// threads, as async tasks and in processes; and the CPU-bound sums of
/// squares. Nothing leaves 127.0.0.1 unless you pass --url.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    run: RunCmd,
}

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

/// The embedded server's knobs (not allowed with --url).
#[derive(Debug, Clone, Args)]
struct ServerOpts {
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
struct ClientOpts {
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

#[derive(Debug, Clone, Args)]
struct RunCmd {
    #[command(flatten)]
    server: ServerOpts,

    #[command(flatten)]
    client: ClientOpts,

    /// Run only these modes (comma-separated or repeated) [default: all of them].
    #[arg(long, value_name = "MODE", value_enum, value_delimiter = ',')]
    mode: Vec<Mode>,

    /// Threads of the threads mode.
    #[arg(long, value_name = "K", default_value_t = chapter_io_bound::THREADS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1024))]
    threads: usize,

    /// Permits of async-limited (n_at_once in the Python tutorial).
    #[arg(long, value_name = "N", default_value_t = chapter_io_bound::AT_ONCE,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=10_000))]
    at_once: usize,

    /// Worker processes of processes and cpu-processes [default: one per logical CPU].
    #[arg(long, value_name = "P", value_parser = RangedU64ValueParser::<usize>::new().range(1..=64))]
    processes: Option<usize>,

    /// First number of the CPU-bound sums (5000000 as in the Python tutorial).
    #[arg(long, value_name = "N", default_value_t = chapter_io_bound::cpu::CPU_BASE,
          value_parser = RangedU64ValueParser::<u64>::new().range(0..=100_000_000))]
    cpu_base: u64,

    /// How many CPU-bound sums (20 as in the Python tutorial).
    #[arg(long, value_name = "C", default_value_t = chapter_io_bound::cpu::CPU_COUNT,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=1000))]
    cpu_count: u64,

    /// Print the outcomes as JSON (sync-print then prints to standard error).
    #[arg(long)]
    json: bool,

    /// Also write the table, as Markdown, to this file (what bench-all keeps).
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
struct SweepCmd {
    #[command(flatten)]
    server: ServerOpts,

    #[command(flatten)]
    client: ClientOpts,

    /// The largest thread count tried (the Python tutorial went to 999).
    #[arg(long, value_name = "K", default_value_t = sweep::MAX_THREADS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1024))]
    max_threads: usize,

    /// Try every count 1..=K instead of the 1-2-3-4-6-8 ladder.
    #[arg(long)]
    every: bool,

    /// Where the SVG plot goes.
    #[arg(long, value_name = "FILE", default_value = "target/io-bound/thread_sweep.svg")]
    plot: PathBuf,

    /// Where the CSV goes.
    #[arg(long, value_name = "FILE", default_value = "target/io-bound/thread_sweep.csv")]
    csv: PathBuf,
}

#[derive(Debug, Clone, Args)]
struct ServeCmd {
    #[command(flatten)]
    server: ServerOpts,

    /// Port on 127.0.0.1 (0: any free port, printed).
    #[arg(long, value_name = "P", default_value_t = 0)]
    port: u16,

    /// Stop after this many seconds [default: run until interrupted].
    #[arg(long, value_name = "S", value_parser = RangedU64ValueParser::<u64>::new().range(1..=86_400))]
    seconds: Option<u64>,
}

#[derive(Debug, Clone, Args)]
struct LoadCmd {
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

    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
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

fn main() -> ExitCode {
    // First thing: a copy of this program started as a worker process does
    // its job and exits here.
    concurrency_process::serve_roles(&[chapter_io_bound::ROLES]);
    // Every connection is a file descriptor: take all the process may have,
    // as servers do (`fds`). A limit that cannot be read or raised stays.
    let _ = chapter_io_bound::fds::raise_limit();
    let cli: Cli = parse_or_exit();
    match cli.command {
        None => run(cli.run),
        Some(Command::Run(cmd)) => run(cmd),
        Some(Command::Sweep(cmd)) => run_sweep(cmd),
        Some(Command::Serve(cmd)) => serve(cmd),
        Some(Command::Load(cmd)) => run_load(cmd),
    }
}

fn run_load(cmd: LoadCmd) -> ExitCode {
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
        threads: cmd.threads.unwrap_or_else(num_cpus::get),
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
    let report = match load(&plan) {
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
    if report.tally.ok == 0 {
        print_err!(
            "error: every request to {} failed ({})",
            plan.url,
            report.tally.describe_errors()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn run(cmd: RunCmd) -> ExitCode {
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
        print_out(&format!("\n{}\n{}\n", summary(&outcomes), verdict(&outcomes)));
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
            print_err!("error: cannot write {}: {err}", path.display());
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

fn run_sweep(cmd: SweepCmd) -> ExitCode {
    let (embedded, plan) = target(&cmd.server, &cmd.client);
    let counts = sweep::thread_counts(cmd.max_threads, cmd.every);
    print_out(&format!(
        "threads mode, {} requests to {}, for {} thread counts up to {}\n",
        plan.requests(),
        plan.base,
        counts.len(),
        cmd.max_threads
    ));
    let result = sweep::sweep(&plan, &counts, &mut |p| {
        print_out(&format!(
            "  {:>4} threads: {:.4} s\n",
            p.threads,
            p.elapsed.as_secs_f64()
        ));
    });
    if let Some(server) = embedded {
        server.shutdown();
    }
    let points = match result {
        Ok(points) => points,
        Err(err) => {
            print_err!("error: the sweep failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    let title = format!("{} downloads: duration against threads", plan.requests());
    let written =
        sweep::write_file(&cmd.csv, &sweep::csv(&points)).and_then(|()| sweep::plot(&points, &title, &cmd.plot));
    if let Err(err) = written {
        print_err!("error: {err}");
        return ExitCode::FAILURE;
    }
    let mut text = format!("\n{}", sweep::table(&points));
    if let Some(best) = sweep::best(&points) {
        text.push_str(&format!(
            "\nbest: {} threads, {:.4} s\n",
            best.threads,
            best.elapsed.as_secs_f64()
        ));
    }
    text.push_str(&format!("wrote {} and {}\n", cmd.csv.display(), cmd.plot.display()));
    print_out(&text);
    ExitCode::SUCCESS
}

fn serve(cmd: ServeCmd) -> ExitCode {
    let config = cmd.server.config();
    let server = match Server::start(config.clone(), cmd.port) {
        Ok(server) => server,
        Err(err) => usage_error(format!("cannot listen on 127.0.0.1:{}: {err}", cmd.port)),
    };
    let pages: Vec<String> = config
        .pages
        .iter()
        .map(|p| format!("{} ({} bytes)", p.path, p.size))
        .collect();
    print_out(&format!(
        "serving {} on {} with {} ms latency; stop with Ctrl-C\n",
        pages.join(" and "),
        server.base_url(),
        config.latency.as_millis()
    ));
    match cmd.seconds {
        Some(seconds) => std::thread::sleep(Duration::from_secs(seconds)),
        // Ctrl-C ends the process, and with it the server.
        None => loop {
            std::thread::park();
        },
    }
    let stats = server.stats();
    server.shutdown();
    print_out(&format!(
        "served {} requests on {} connections ({} bytes)\n",
        stats.requests, stats.connections, stats.ok_bytes
    ));
    ExitCode::SUCCESS
}
