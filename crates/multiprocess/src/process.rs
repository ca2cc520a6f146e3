//! The parent's handle on one worker process: starting it, talking to it,
//! stopping it.
//!
//! [`WorkerProcess`] is for a worker the parent talks to for the whole run,
//! in the role [`PrimeWorker`]. Its `Child` lives in the [`registry`], where
//! the signal watcher can reach it; the handle keeps the pipes and the pid,
//! and reaps the process when it is stopped or dropped. The later chapters
//! start one-shot children instead (one job in, one framed answer out,
//! exit), held by [`concurrency_process::ChildGuard`].

use std::io::{self, BufReader};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, ExitStatus};
use std::time::Duration;

use concurrency_core::{FaultPlan, RunError, WorkerReport};
use concurrency_process::{describe_exit, read_frame, role_command, write_frame};

use crate::liveness::{Board as Liveness, HELLO_DEADLINE};
use crate::protocol::{Reply, Request, WorkerJob};
use crate::registry::{self, reap};
use crate::signals::{install_signal_handler, park_if_stopping};
use crate::worker::PrimeWorker;

/// How long a worker whose input was closed may take to exit before it is
/// killed. A healthy worker exits within a millisecond.
const GRACE: Duration = Duration::from_secs(2);

// ANCHOR: worker_process
/// One worker process, seen from the parent: its pipes and its identity.
///
/// Dropping it closes the worker's input and reaps the process.
#[derive(Debug)]
pub struct WorkerProcess {
    name: String,
    pid: u32,
    thread: String,
    /// `None` once closed: the worker sees the end of its input and exits.
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    reaped: bool,
}
// ANCHOR_END: worker_process

impl WorkerProcess {
    /// Starts `exe` as `Worker-{number}` and waits until it says it is ready.
    /// `fault` is the run's planned failure (`--fail-worker`): the worker
    /// gets it in its job if it is its own. A worker that has not said hello
    /// within [`HELLO_DEADLINE`] is killed, and the start fails naming it.
    pub fn start(exe: &Path, number: usize, fault: Option<FaultPlan>) -> Result<Self, RunError> {
        Self::start_within(exe, number, fault, HELLO_DEADLINE)
    }

    /// [`start`](Self::start), with `hello` as the deadline for the hello.
    pub fn start_within(
        exe: &Path,
        number: usize,
        fault: Option<FaultPlan>,
        hello: Duration,
    ) -> Result<Self, RunError> {
        let mut team = Self::greet(vec![Self::launch(exe, number, fault)?], hello)?;
        team.pop().ok_or_else(|| RunError::WorkerFailed {
            worker: format!("Worker-{number}"),
            reason: "it was started but lost".to_owned(),
        })
    }

    /// Starts `k` workers, `Worker-1` to `Worker-{k}`, all at once: every
    /// process is launched before the first hello is awaited, so their
    /// start-ups overlap. The hellos have [`HELLO_DEADLINE`].
    pub fn start_team(exe: &Path, k: usize, fault: Option<FaultPlan>) -> Result<Vec<Self>, RunError> {
        Self::start_team_within(exe, k, fault, HELLO_DEADLINE)
    }

    /// [`start_team`](Self::start_team), with `hello` as the deadline for
    /// each hello.
    pub fn start_team_within(
        exe: &Path,
        k: usize,
        fault: Option<FaultPlan>,
        hello: Duration,
    ) -> Result<Vec<Self>, RunError> {
        let launched = (1..=k)
            .map(|number| Self::launch(exe, number, fault))
            .collect::<Result<Vec<_>, _>>()?;
        Self::greet(launched, hello)
    }

    // ANCHOR: launch
    /// Starts the process in the role [`PrimeWorker`] and sends it its job,
    /// without waiting for its hello.
    fn launch(exe: &Path, number: usize, fault: Option<FaultPlan>) -> Result<Self, RunError> {
        install_signal_handler();
        let name = format!("Worker-{number}");
        let mut command = role_command::<PrimeWorker>(exe);
        // Its own process group: Ctrl-C in a terminal signals the parent
        // only, and the parent stops its workers in order, instead of every
        // worker dying at once while the parent tries to recover from it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let (pid, mut stdin, stdout) = registry::spawn(&mut command).map_err(|source| RunError::Io {
            context: format!("cannot start {name} from {}", exe.display()),
            source,
        })?;
        // The job: which worker it is, and its fault plan. A pipe's buffer
        // takes these few bytes without waiting for the worker to read them.
        // A worker that died at once breaks the pipe; the handshake then
        // reports how it ended.
        let job = WorkerJob {
            number,
            fault: FaultPlan::for_worker(fault, number),
        };
        let _ = write_frame(&mut stdin, &job);
        Ok(WorkerProcess {
            name,
            pid,
            thread: String::new(),
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            reaped: false,
        })
    }
    // ANCHOR_END: launch

    /// Waits for each launched worker's hello, each within `hello`: a
    /// worker frozen before it said hello would hang the start otherwise.
    /// The same watchdog as during a run ([`crate::liveness`]) kills the
    /// one that misses it.
    fn greet(launched: Vec<Self>, hello: Duration) -> Result<Vec<Self>, RunError> {
        let pids: Vec<u32> = launched.iter().map(|process| process.pid).collect();
        let liveness = Liveness::new(pids, Some(hello), Duration::ZERO);
        std::thread::scope(|scope| {
            let _finish = liveness.finish_on_drop();
            let liveness = &liveness;
            // Without the watchdog, a frozen worker would hang the start, as
            // it did before deadlines existed; the start is not refused.
            let _ = std::thread::Builder::new()
                .name("watchdog".to_owned())
                .spawn_scoped(scope, move || crate::liveness::watch(liveness));
            launched
                .into_iter()
                .enumerate()
                .map(|(index, process)| process.handshake(liveness, index))
                .collect()
        })
    }

    /// Waits for the worker's [`Reply::Ready`], on line `index` of the
    /// watchdog's board.
    fn handshake(mut self, liveness: &Liveness, index: usize) -> Result<Self, RunError> {
        liveness.waiting(index);
        let hello = self.recv();
        liveness.answered(index);
        let answer = match hello {
            Ok(Reply::Ready { name, pid, thread }) if name == self.name && pid == self.pid => {
                self.thread = thread;
                return Ok(self);
            }
            Ok(reply) => format!("said {reply:?}"),
            Err(err) => err.to_string(),
        };
        let status = self.stop();
        park_if_stopping(); // killed by our own shutdown: no news
        let reason = match liveness.missed(index) {
            Some(deadline) => format!(
                "process {} did not say hello within {:.1} s: killed (it {})",
                self.pid,
                deadline.as_secs_f64(),
                describe_exit(&status)
            ),
            None => format!(
                "process {} did not answer as a worker ({answer}; it {}): does its main call \
                 concurrency_process::serve_roles(&[chapter_multiprocess::ROLES, ...]) first?",
                self.pid,
                describe_exit(&status)
            ),
        };
        Err(RunError::WorkerFailed {
            worker: self.name.clone(),
            reason,
        })
    }

    /// `Worker-{number}`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// A report of no work yet, with the worker's name, PID and thread: what
    /// a worker that never acknowledged anything did.
    pub fn empty_report(&self) -> WorkerReport {
        WorkerReport {
            name: self.name.clone(),
            pid: self.pid,
            thread: self.thread.clone(),
            primes: Vec::new(),
            processed: 0,
            busy: Duration::ZERO,
            died: None,
            spans: Vec::new(),
        }
    }

    /// Sends one request. A broken pipe means the worker is gone.
    pub fn send(&mut self, request: &Request) -> io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::new(io::ErrorKind::BrokenPipe, "the worker's input is closed"))?;
        write_frame(stdin, request)
    }

    /// Waits for the next reply. End of file means the worker is gone.
    pub fn recv(&mut self) -> io::Result<Reply> {
        read_frame(&mut self.stdout)
    }

    /// Closes the worker's input (so it exits), reaps it and returns how it
    /// ended.
    pub fn stop(&mut self) -> io::Result<ExitStatus> {
        self.stdin = None;
        if self.reaped {
            return Err(io::Error::other(format!("{} was already stopped", self.name)));
        }
        self.reaped = true;
        reap(self.pid, GRACE)
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        if !self.reaped {
            let _ = self.stop();
        }
    }
}
