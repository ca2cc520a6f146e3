//! # I/O-bound work: downloads, threads, tasks and processes
//!
//! The prime chapters fake a slow computation with a sleep. Two of the
//! tutorials this workspace ports measured real waiting instead: "compare
//! concurrent methods" (after Real Python's "Speed up your Python program
//! with concurrency") downloads two web pages 80 times each, and
//! "Parallelization in Python" downloads batches of pages with processes,
//! threads, coroutines and a semaphore.
//!
//! ## What the tutorials found
//!
//! "compare concurrent methods", 160 downloads on its author's machine and
//! network: about 35 s one after the other with a `requests.Session`, 73 to
//! 86 s without one (a new connection per request), 34 to 36 s when every
//! response was printed and 37 to 49 s when it was logged; under a second
//! with the right number of threads (its `thread_optimize` sweep of 1 to 999 threads saw
//! the time fall until about 48 threads, then wobble); 8.6 to 61 s with
//! asyncio; 2.7 to 13.7 s with processes. Its CPU-bound part, 20 sums of
//! squares of about 5 million terms: 7.42 s sequentially, 1.37 s with
//! processes.
//!
//! "Parallelization in Python", 10 batches: 8.07 s with processes, 5.17 s
//! with threads, 13.02 s with coroutines that called the blocking `requests`
//! (no faster than doing nothing concurrently), 1.41 s once the coroutines
//! used `aiohttp`, and 3.20 s with a semaphore letting 3 requests through at
//! once.
//!
//! ## What this chapter does
//!
//! The internet is replaced by a real HTTP/1.1 server the chapter starts
//! itself on `127.0.0.1` ([`server`]): two pages of different sizes, each
//! answered after a small latency, the stand-in for the round trip that
//! concurrency hides. Nothing leaves the machine, and every run can be
//! checked: the server counts the connections, pages and bytes it served,
//! and the server's fault knobs (a share of 500s, of very slow answers, of
//! dropped connections) decide each request's fate from its number, so the
//! failures every mode must report are known in advance.
//!
//! The same 160 requests ([`Plan`]) run in every [`Mode`]: one after the
//! other with and without a session, with each response printed or logged;
//! on a pool of threads; as async tasks, all at once or behind a semaphore;
//! as async tasks that make the mistake of calling a blocking client, and
//! the fix; in worker processes. [`sweep`] repeats the threads mode for a
//! range of thread counts and draws the duration against the thread count,
//! as `thread_optimize` did. The CPU-bound sums ([`cpu`]) run one after the
//! other, with rayon and in processes, in the same table.
//!
//! ## What Rust changes
//!
//! Waiting costs no CPU in any language, so the I/O lessons carry over:
//! overlap the waits (threads or tasks) and time falls with the number of
//! requests in flight, until the server or the connection limit is the
//! bottleneck. What changes is the CPU side: with no GIL, rayon's threads
//! already use every core, so processes buy nothing there and cost their
//! start-up; and a process per core is the wrong size for I/O, where the
//! limit is how many requests wait at once, not how many cores compute.
//!
//! The local server changes two findings, and says why. A session barely
//! matters on loopback over plain HTTP: a new TCP connection costs next to
//! nothing there, while the tutorial's new connections crossed the
//! internet and negotiated TLS each time (the table's connections column
//! still shows 160 against 1). And "all requests at once" has a limit: every
//! request in flight holds a file descriptor, two when the server runs in
//! the same process, and a process may hold only `ulimit -n` of them. The
//! chapter raises its soft limit to the hard one at start, as servers do,
//! and lets `async` put in flight only as many requests as the descriptors
//! hold ([`fds`]), saying so in one line when that is fewer than all; then
//! 10,000 at once are all answered (try `--mode async --repeat 5000`; a
//! test checks 4,000), and 1,000 permits of a semaphore fetch all 10,000
//! too (a test checks it). That is the `n_at_once` of "Parallelization in
//! Python", and the reason real
//! clients bound their concurrency: aiohttp, which the tutorial used, opens
//! at most 100 connections unless told otherwise.
//!
//! The one trap that stays is the blocking call inside async code
//! ([`modes::blocking_in_tasks`]): Rust compiles it without a word, and a
//! single-threaded runtime then runs the "concurrent" tasks one by one.
//!
//! ```text
//! cargo run --release -p chapter-io-bound                          # every mode, one table
//! cargo run --release -p chapter-io-bound -- --mode threads --threads 32
//! cargo run --release -p chapter-io-bound -- --error-share 0.1 --drop-share 0.05
//! cargo run --release -p chapter-io-bound -- sweep --max-threads 64
//! cargo run --release -p chapter-io-bound -- serve --port 8080     # then --url http://127.0.0.1:8080
//! cargo run --release -p chapter-io-bound -- load --url http://127.0.0.1:8080 --in-flight 1000
//! ```
//!
//! # Layout
//!
//! - [`server`]: the embedded server, its pages, counters and faults.
//! - [`server_process`]: the same server in a process of its own, for a
//!   load test.
//! - [`client`]: the plan of requests, the two clients, the tally.
//! - [`load`]: the `load` subcommand: requests per second with a bounded number in
//!   flight, against any server.
//! - [`modes`]: the download modes in one thread, threads and tasks.
//! - [`processes`]: the worker processes (downloads and sums).
//! - [`cpu`]: the CPU-bound sums.
//! - [`fds`]: the file-descriptor limit, raised at start, and the budget
//!   that bounds the requests in flight at once.
//! - [`sweep`]: the thread-count sweep, its CSV and its plot.
//! - [`wrk`]: wrk, the dedicated load generator, run and read, to hold the
//!   `load` subcommand's rate against.

pub mod client;
pub mod cpu;
pub mod fds;
pub mod load;
pub mod modes;
pub mod processes;
pub mod server;
pub mod server_process;
pub mod sweep;
pub mod wrk;

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::{Align, RunError, Table, format_secs, time_it};
use serde::Serialize;

pub use client::{Failure, Plan, Tally};
pub use modes::{Report, Sinks};
pub use processes::ROLES;
pub use server::{Fault, Faults, Page, Server, ServerConfig, StatsSnapshot};

/// Serialises a duration as seconds (`1.25`), for `--json`.
pub(crate) fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// The ways to do the work, named on the command line and in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One request after another, a new connection each (`requests.get`).
    SyncNoSession,
    /// One request after another on one pooled connection (`Session`).
    SyncSession,
    /// sync-session, printing a line per response.
    SyncPrint,
    /// sync-session, logging a record per response.
    SyncLog,
    /// A pool of `--threads` threads, each with its own session.
    Threads,
    /// Async tasks on one thread, every request in flight at once.
    Async,
    /// Async tasks behind a semaphore of `--at-once` permits.
    AsyncLimited,
    /// The mistake: a blocking client inside async tasks, one thread.
    AsyncBlocking,
    /// The fix: the blocking client moved off the runtime with spawn_blocking.
    AsyncSpawnBlocking,
    /// `--processes` worker processes, each with its own session.
    Processes,
    /// The CPU-bound sums, one after the other.
    CpuSequential,
    /// The CPU-bound sums on rayon's threads.
    CpuRayon,
    /// The CPU-bound sums in `--processes` worker processes.
    CpuProcesses,
}

impl Mode {
    /// Every mode, in the order of the default table.
    pub const ALL: [Mode; 13] = [
        Mode::SyncNoSession,
        Mode::SyncSession,
        Mode::SyncPrint,
        Mode::SyncLog,
        Mode::Threads,
        Mode::Async,
        Mode::AsyncLimited,
        Mode::AsyncBlocking,
        Mode::AsyncSpawnBlocking,
        Mode::Processes,
        Mode::CpuSequential,
        Mode::CpuRayon,
        Mode::CpuProcesses,
    ];

    /// The name on the command line and in tables.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(|| format!("{self:?}"), |v| v.get_name().to_owned())
    }

    /// Whether the mode computes sums rather than downloading.
    pub fn is_cpu(self) -> bool {
        matches!(self, Mode::CpuSequential | Mode::CpuRayon | Mode::CpuProcesses)
    }

    /// How many of `plan`'s requests the mode wants in flight at once: the
    /// connections it holds open together, which is what the
    /// file-descriptor limit counts ([`fds::FdBudget`]).
    pub fn in_flight(self, plan: &Plan, settings: &Settings) -> u64 {
        let at_most = |k: usize| (k as u64).min(plan.requests());
        match self {
            Mode::SyncNoSession | Mode::SyncSession | Mode::SyncPrint | Mode::SyncLog => at_most(1),
            Mode::AsyncBlocking => at_most(1),
            Mode::Threads => at_most(settings.threads),
            Mode::Async => plan.requests(),
            Mode::AsyncLimited => at_most(settings.at_once),
            // tokio's pool of blocking threads stops at 512.
            Mode::AsyncSpawnBlocking => at_most(512),
            // The clients are in the workers, the server's ends here.
            Mode::Processes => at_most(settings.processes),
            Mode::CpuSequential | Mode::CpuRayon | Mode::CpuProcesses => 0,
        }
    }
}

/// The knobs of the modes that have some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Threads of the `threads` mode.
    pub threads: usize,
    /// Permits of `async-limited`.
    pub at_once: usize,
    /// Worker processes of `processes` and `cpu-processes`.
    pub processes: usize,
    /// The program started as a worker process: this binary, or in tests
    /// the chapter's binary.
    pub worker_exe: PathBuf,
    /// First number of the CPU-bound sums.
    pub cpu_base: u64,
    /// How many sums.
    pub cpu_count: u64,
}

/// The tutorial's thread pool had 5 threads; 10 is the issue's "K >= 10".
pub const THREADS: usize = 10;
/// `n_at_once` in "Parallelization in Python".
pub const AT_ONCE: usize = 3;

impl Settings {
    /// The defaults, with `worker_exe` as the worker program and one
    /// process per logical CPU, as Python's `Pool()`.
    pub fn new(worker_exe: PathBuf) -> Settings {
        Settings {
            threads: THREADS,
            at_once: AT_ONCE,
            processes: num_cpus::get(),
            worker_exe,
            cpu_base: cpu::CPU_BASE,
            cpu_count: cpu::CPU_COUNT,
        }
    }
}

/// Where the requests go: the plan, and the embedded server when it is the
/// target (its configuration gives the expected answers, its counters the
/// connections).
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The requests.
    pub plan: &'a Plan,
    /// The embedded server, if the plan targets it.
    pub server: Option<&'a Server>,
}

// ANCHOR: expected
/// What a plan must come to against a server configured with `config`:
/// request by request, the page's size, or the failure its fault causes. A
/// slow answer is a timeout when latency plus delay pass the client's
/// timeout; a path the server does not have is a 404.
pub fn expected_tally(plan: &Plan, config: &ServerConfig) -> Tally {
    let mut tally = Tally::default();
    let late = |extra: Duration| config.latency + extra >= plan.timeout;
    for i in 0..plan.requests() {
        let result = match (config.size_of(plan.path(i)), config.faults.fault_for(i)) {
            (None, _) => Err(Failure::Status(404)),
            (Some(_), _) if late(Duration::ZERO) => Err(Failure::Timeout),
            (Some(size), None) => Ok(size as u64),
            (Some(_), Some(Fault::ServerError)) => Err(Failure::Status(500)),
            (Some(_), Some(Fault::Slow)) if late(config.faults.slow) => Err(Failure::Timeout),
            (Some(size), Some(Fault::Slow)) => Ok(size as u64),
            (Some(_), Some(Fault::Dropped)) => Err(Failure::Connection),
        };
        tally.record(result);
    }
    tally
}
// ANCHOR_END: expected

/// What a mode did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Work {
    /// Downloads: the tally, what was expected (when the target is the
    /// embedded server), and the server's view of the same run.
    Fetched {
        /// What the client counted.
        tally: Tally,
        /// What it should have counted.
        expected: Option<Tally>,
        /// What the server counted meanwhile.
        server: Option<StatsSnapshot>,
    },
    /// Sums: how many, and how many equal the closed form.
    Computed {
        /// How many sums.
        count: u64,
        /// How many are exact.
        exact: u64,
    },
}

/// One row of the table: a mode, what it did, how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The mode.
    pub mode: Mode,
    /// What it did.
    pub work: Work,
    /// Wall-clock time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

/// Whether an outcome is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Exactly the expected pages, bytes and failures (or exact sums).
    Exact,
    /// Something else.
    Wrong,
    /// No oracle: a server other than the embedded one.
    Unchecked,
}

impl Outcome {
    /// Compares what was done with what was expected.
    pub fn check(&self) -> Check {
        match &self.work {
            Work::Fetched { expected: None, .. } => Check::Unchecked,
            Work::Fetched {
                tally,
                expected: Some(expected),
                server,
            } => {
                // The server must have sent exactly the bytes the client
                // received, give or take slow answers (which it does not
                // count as normal pages) that arrived in time.
                let server_agrees =
                    server.is_none_or(|s| s.ok_bytes == tally.bytes || (s.slow > 0 && s.ok_bytes <= tally.bytes));
                if tally == expected && server_agrees {
                    Check::Exact
                } else {
                    Check::Wrong
                }
            }
            Work::Computed { count, exact } if count == exact => Check::Exact,
            Work::Computed { .. } => Check::Wrong,
        }
    }

    /// Requests answered (or sums computed), and out of how many.
    pub fn done(&self) -> (u64, u64) {
        match &self.work {
            Work::Fetched { tally, .. } => (tally.ok, tally.requests()),
            Work::Computed { count, exact } => (*exact, *count),
        }
    }
}

// ANCHOR: run_mode
/// Runs and times one mode against `target`.
pub fn run_mode(mode: Mode, target: Target<'_>, settings: &Settings, sinks: &Sinks) -> Result<Outcome, RunError> {
    let plan = target.plan;
    if mode.is_cpu() {
        let numbers = cpu::numbers(settings.cpu_base, settings.cpu_count);
        let (sums, elapsed) = time_it(|| match mode {
            Mode::CpuSequential => Ok(cpu::sequential(&numbers)),
            Mode::CpuRayon => Ok(cpu::with_rayon(&numbers)),
            _ => processes::cpu_in_processes(&numbers, settings.processes, &settings.worker_exe),
        });
        let sums = sums?;
        let work = Work::Computed {
            count: numbers.len() as u64,
            exact: cpu::exact_sums(&numbers, &sums) as u64,
        };
        return Ok(Outcome { mode, work, elapsed });
    }
    // The async modes keep within the file descriptors this process may
    // hold (see `fds`): past them a request would fail for want of a
    // socket, so it waits for one instead. `main` has said so beforehand.
    let budget = fds::FdBudget::current(target.server.is_some());
    let permits = |wanted: Option<usize>| budget.map_or(wanted, |b| b.permits(wanted, plan.requests()));
    let before = target.server.map(Server::stats);
    let (tally, elapsed) = time_it(|| match mode {
        Mode::SyncNoSession => Ok(modes::sync(plan, false, Report::Quiet, sinks)),
        Mode::SyncSession => Ok(modes::sync(plan, true, Report::Quiet, sinks)),
        Mode::SyncPrint => Ok(modes::sync(plan, true, Report::Print, sinks)),
        Mode::SyncLog => Ok(modes::sync(plan, true, Report::Log, sinks)),
        Mode::Threads => modes::threads(plan, settings.threads),
        Mode::Async => modes::tasks(plan, permits(None), false),
        Mode::AsyncLimited => modes::tasks(plan, permits(Some(settings.at_once)), true),
        Mode::AsyncBlocking => modes::blocking_in_tasks(plan, false),
        Mode::AsyncSpawnBlocking => modes::blocking_in_tasks(plan, true),
        _ => processes::fetch_in_processes(plan, settings.processes, &settings.worker_exe),
    });
    let server = target.server.zip(before).map(|(s, before)| s.stats() - before);
    let work = Work::Fetched {
        tally: tally?,
        expected: target.server.map(|s| expected_tally(plan, s.config())),
        server,
    };
    Ok(Outcome { mode, work, elapsed })
}
// ANCHOR_END: run_mode

/// The one line to print before running `modes` when the most requests any
/// of them holds in flight at once need more file descriptors than this
/// process may open (call [`fds::raise_limit`] first); `None` when they fit
/// or the limit cannot be read. `embedded`: the server runs in this process.
pub fn fd_note(modes: &[Mode], plan: &Plan, settings: &Settings, embedded: bool) -> Option<String> {
    let planned = modes.iter().map(|m| m.in_flight(plan, settings)).max()?;
    fds::FdBudget::current(embedded)?.note(planned)
}

/// The table of every outcome: the work done, its failures, the time, the
/// rate, the speedup over the baseline (`sync-session` for downloads,
/// `cpu-sequential` for sums) and the check.
pub fn summary(outcomes: &[Outcome]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Done", Align::Right),
        ("Errors", Align::Left),
        ("Bytes", Align::Right),
        ("Connections", Align::Right),
        ("Elapsed", Align::Right),
        ("Per second", Align::Right),
        ("Speedup", Align::Right),
        ("Check", Align::Center),
    ]);
    let baseline = |cpu: bool| {
        let preferred = if cpu { Mode::CpuSequential } else { Mode::SyncSession };
        let same_kind = || outcomes.iter().find(|o| o.mode.is_cpu() == cpu);
        outcomes.iter().find(|o| o.mode == preferred).or_else(same_kind)
    };
    for outcome in outcomes {
        let (done, total) = outcome.done();
        let seconds = outcome.elapsed.as_secs_f64().max(1e-9);
        let speedup = baseline(outcome.mode.is_cpu()).map_or(1.0, |b| b.elapsed.as_secs_f64() / seconds);
        let (errors, bytes, connections) = match &outcome.work {
            Work::Fetched { tally, server, .. } => (
                tally.describe_errors(),
                tally.bytes.to_string(),
                server.map_or_else(|| "-".into(), |s| s.connections.to_string()),
            ),
            Work::Computed { .. } => ("-".into(), "-".into(), "-".into()),
        };
        let check = match outcome.check() {
            Check::Exact => "exact",
            Check::Wrong => "WRONG",
            Check::Unchecked => "unchecked",
        };
        table.push_row([
            outcome.mode.name(),
            format!("{done} of {total}"),
            errors,
            bytes,
            connections,
            format_secs(outcome.elapsed),
            format!("{:.1}", done as f64 / seconds),
            format!("x{speedup:.2}"),
            check.into(),
        ]);
    }
    table
}

/// The last line of a run: `13 of 13 modes exact`, or what was wrong.
pub fn verdict(outcomes: &[Outcome]) -> String {
    let exact = outcomes.iter().filter(|o| o.check() == Check::Exact).count();
    let wrong: Vec<String> = outcomes
        .iter()
        .filter(|o| o.check() == Check::Wrong)
        .map(|o| o.mode.name())
        .collect();
    let unchecked = outcomes.len() - exact - wrong.len();
    let mut line = format!("{exact} of {} modes exact", outcomes.len());
    if !wrong.is_empty() {
        line.push_str(&format!("; WRONG: {}", wrong.join(", ")));
    }
    if unchecked > 0 {
        line.push_str(&format!("; {unchecked} unchecked (not the embedded server)"));
    }
    line
}

/// The reason to fail a run in which some download mode got no page at all:
/// every one of its requests failed. Such a run exits 1 even when nothing
/// can check it (`--url`): a table of errors is not a result. `None` when
/// every download mode got something.
pub fn all_failed(outcomes: &[Outcome], base: &str) -> Option<String> {
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|outcome| match &outcome.work {
            Work::Fetched { tally, .. } if tally.requests() > 0 && tally.ok == 0 => {
                Some(format!("{} (errors {})", outcome.mode.name(), tally.describe_errors()))
            }
            _ => None,
        })
        .collect();
    (!failed.is_empty()).then(|| format!("every request to {base} failed in {}", failed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(base: &str, repeat: u64) -> Plan {
        Plan {
            base: base.into(),
            paths: vec![server::LARGE_PAGE.into(), server::SMALL_PAGE.into()],
            repeat,
            timeout: Duration::from_secs(2),
        }
    }

    #[test]
    fn the_default_plan_expects_the_tutorials_160_pages() {
        let expected = expected_tally(&plan("http://x", client::REPEAT), &ServerConfig::default());
        assert_eq!(expected.ok, 160);
        assert_eq!(expected.bytes, 80 * (server::LARGE_BYTES + server::SMALL_BYTES) as u64);
    }

    #[test]
    fn mode_names_are_kebab_case() {
        assert_eq!(Mode::AsyncSpawnBlocking.name(), "async-spawn-blocking");
        assert_eq!(Mode::ALL.len(), Mode::value_variants().len());
    }

    /// The in-process modes against the embedded server, small and fast:
    /// every one fetches exactly the expected pages and bytes, and the
    /// server agrees. (The processes modes need the chapter binary:
    /// `tests/modes.rs`.)
    #[test]
    fn every_in_process_mode_fetches_every_page() {
        let config = ServerConfig {
            latency: Duration::from_millis(1),
            ..ServerConfig::default()
        };
        let server = Server::start(config, 0).expect("a loopback server");
        let plan = plan(&server.base_url(), 10);
        let settings = Settings::new(PathBuf::from("/nonexistent"));
        let target = Target {
            plan: &plan,
            server: Some(&server),
        };
        for mode in Mode::ALL
            .into_iter()
            .filter(|m| !matches!(m, Mode::Processes | Mode::CpuProcesses))
        {
            let settings = Settings {
                cpu_base: 1000,
                ..settings.clone()
            };
            let outcome = run_mode(mode, target, &settings, &Sinks::discard()).expect("runs");
            assert_eq!(outcome.check(), Check::Exact, "{mode:?}: {outcome:?}");
            if let Work::Fetched { server: Some(s), .. } = outcome.work {
                assert_eq!((s.ok, s.ok_bytes), (20, 10 * 12_300), "{mode:?}");
            }
        }
        server.shutdown();
    }
}
