//! The rows of the table: each [`Mode`] of doing the work, the knobs of
//! those that have some ([`Settings`]), and [`run_mode`], which runs and
//! times one mode against a [`Target`]. The code of the download modes is in
//! [`crate::modes`] and [`crate::processes`]; the sums in [`crate::cpu`].

use std::path::PathBuf;

use clap::ValueEnum;
use concurrency_core::{RunError, time_it};
use serde::Serialize;

use crate::client::Plan;
use crate::modes::{self, Report, Sinks};
use crate::outcome::{Outcome, Work, expected_tally};
use crate::server::Server;
use crate::{cpu, fds, processes};

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

/// The tutorial's thread pool had 5 threads; 10 is the "K >= 10".
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
            processes: concurrency_core::cores(),
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::outcome::Check;
    use crate::server::{self, ServerConfig};

    fn plan(base: &str, repeat: u64) -> Plan {
        Plan {
            base: base.into(),
            paths: vec![server::LARGE_PAGE.into(), server::SMALL_PAGE.into()],
            repeat,
            timeout: Duration::from_secs(2),
        }
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
