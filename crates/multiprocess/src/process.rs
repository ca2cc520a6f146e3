//! The parent's side of a worker process: starting it, talking to it, and
//! making sure it never outlives its parent.
//!
//! Three rules keep orphans out:
//! 1. every child is reaped: [`WorkerProcess`] closes the worker's input and
//!    waits for it when it is stopped or dropped (and kills it if it does not
//!    leave within a grace period);
//! 2. when the parent gets `SIGINT` or `SIGTERM`, a watcher thread kills
//!    and reaps every live worker, says so in one line and exits with the
//!    usual code, 130 or 143 (see [`stopping`]);
//! 3. a worker exits by itself the moment its standard input ends, which
//!    happens whenever the parent dies, even by `SIGKILL`, which no handler
//!    can catch.
//!
//! [`WorkerProcess`] is for a worker the parent talks to for the whole run,
//! in the role [`PrimeWorker`]. The later chapters start one-shot children
//! instead (one job in, one framed answer out, exit), held by
//! [`concurrency_process::ChildGuard`], with the first rule alone: whatever
//! happens, each is reaped.

use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, ExitStatus};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::time::{Duration, Instant};

use concurrency_core::print_err;
use concurrency_core::{RunError, WorkerReport};
use concurrency_process::{describe_exit, read_frame, role_command, write_frame};

use crate::liveness::{Board as Liveness, HELLO_DEADLINE};
use crate::protocol::{Reply, Request};
use crate::worker::{FAULT_VAR, PrimeWorker};

/// How long a worker whose input was closed may take to exit before it is
/// killed. A healthy worker exits within a millisecond.
const GRACE: Duration = Duration::from_secs(2);

// ANCHOR: registry
/// Every worker process this program started and has not reaped yet. The
/// signal handler needs them all, whichever runner thread owns them, so they
/// live here rather than in the [`WorkerProcess`] handles.
static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());

fn children() -> MutexGuard<'static, Vec<Child>> {
    // A panic elsewhere while holding the lock leaves the list itself intact.
    CHILDREN.lock().unwrap_or_else(PoisonError::into_inner)
}

// ANCHOR: interrupt
/// The signals that stop the program. Their numbers are the same on every
/// Unix (POSIX fixes them), so they need no bindings.
const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// The signal the program is stopping on, 0 until one arrives. Set inside
/// the signal handler itself, before anything else happens.
static STOPPING_ON: AtomicI32 = AtomicI32::new(0);

/// `true` once `SIGINT`, `SIGTERM` or `SIGHUP` has arrived: the program is
/// shutting down, and the workers are being killed by it.
///
/// This is what keeps an interrupt from looking like a crash. The watcher
/// kills the workers, so every runner thread talking to one sees its pipe
/// break, exactly as when a worker dies. The flag is raised before the
/// first worker is killed, so a runner that checks it *after* seeing a
/// pipe break and reaping ([`park_if_stopping`]) can tell the two apart:
/// a worker killed by our own shutdown is not a death.
pub fn stopping() -> bool {
    STOPPING_ON.load(Ordering::SeqCst) != 0
}

/// Called by a runner thread that is about to report a worker's death or
/// failure: while the program is being interrupted, that news is our own
/// doing, and the watcher thread is about to exit the process with the
/// signal's code. So the thread waits for that instead of racing it with a
/// false warning or an exit code of its own.
pub fn park_if_stopping() {
    if stopping() {
        wait_for_the_exit()
    }
}

/// Waits for the signal watcher's `exit`, which ends every thread.
fn wait_for_the_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// Installs, once, the handler for `SIGINT` (Ctrl-C), `SIGTERM` (`kill`)
/// and `SIGHUP`.
///
/// A signal handler may do almost nothing (no lock, no allocation), so ours
/// only records which signal came and wakes a watcher thread through a
/// pipe, the classic "self-pipe" trick. The watcher does the real work in
/// ordinary code: [`stop_all_workers`], one line, and the exit code a shell
/// expects, 128 + the signal's number (130 for `SIGINT`, 143 for `SIGTERM`).
fn install_signal_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        if let Err(err) = watch_signals() {
            print_err!("warning: cannot watch for SIGINT and SIGTERM ({err}); an interrupt would not stop the workers");
        }
    });
}

fn watch_signals() -> io::Result<()> {
    let (mut wake, wake_writer) = io::pipe()?;
    for signal in [SIGHUP, SIGINT, SIGTERM] {
        let writer = wake_writer.try_clone()?;
        let on_signal = move || {
            // The first signal names the exit code; later ones change nothing.
            let _ = STOPPING_ON.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
            let _ = (&writer).write(&[1]);
        };
        // SAFETY: `on_signal` runs inside a signal handler, where only
        // async-signal-safe operations are allowed. It does two: an atomic
        // compare-exchange and one write(2) to a pipe. It takes no lock and
        // allocates nothing.
        unsafe { signal_hook_registry::register(signal, on_signal) }?;
    }
    std::thread::Builder::new()
        .name("signal-watch".to_owned())
        .spawn(move || {
            let mut byte = [0];
            if wake.read_exact(&mut byte).is_ok() {
                let signal = STOPPING_ON.load(Ordering::SeqCst);
                let stopped = stop_all_workers();
                let workers = if stopped == 1 { "worker" } else { "workers" };
                print_err!("interrupted: stopped {stopped} {workers}");
                std::process::exit(128 + signal)
            }
        })?;
    Ok(())
}
// ANCHOR_END: interrupt

/// Kills and reaps every worker process still running; returns how many
/// there were. The signal watcher calls it.
pub fn stop_all_workers() -> usize {
    let mut registry = children();
    let count = registry.len();
    for child in registry.iter_mut() {
        // Errors mean the process is already gone: nothing left to do.
        let _ = child.kill();
        let _ = child.wait();
    }
    registry.clear();
    count
}

/// Kills the worker `pid` with `SIGKILL` (a stopped process dies too) and
/// leaves the reaping to whoever owns its [`WorkerProcess`]; returns `false`
/// when no such worker is running. The watchdog of [`crate::liveness`] calls
/// it for a worker that missed its deadline.
///
/// Killing through the registry's `Child`, under its lock, is what makes
/// this safe: a child is reaped only once it has left the registry, so the
/// pid cannot have been reused by a stranger.
pub fn kill_worker(pid: u32) -> bool {
    let mut registry = children();
    match registry.iter_mut().find(|child| child.id() == pid) {
        Some(child) => child.kill().is_ok(),
        None => false,
    }
}

/// Reaps the worker `pid`: waits up to `grace` for it to exit, then kills it.
/// The registry's lock is held only for each quick `try_wait`, so other
/// runner threads (and the signal handler) are never kept waiting long.
fn reap(pid: u32, grace: Duration) -> io::Result<ExitStatus> {
    let deadline = Instant::now() + grace;
    let mut pause = Duration::from_micros(20);
    loop {
        let mut registry = children();
        let Some(index) = registry.iter().position(|child| child.id() == pid) else {
            return Err(io::Error::other(format!("process {pid} was already reaped")));
        };
        let child = &mut registry[index];
        let finished = match child.try_wait()? {
            Some(status) => Some(status),
            None if Instant::now() >= deadline => {
                child.kill()?;
                Some(child.wait()?)
            }
            None => None,
        };
        if let Some(status) = finished {
            // The child was reaped just above (`try_wait` or `wait`
            // returned its status); clippy cannot see that across the match.
            #[allow(clippy::zombie_processes)]
            registry.swap_remove(index);
            return Ok(status);
        }
        drop(registry);
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}
// ANCHOR_END: registry

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

impl WorkerProcess {
    /// Starts `exe` as `Worker-{number}` and waits until it says it is ready.
    /// `fault` is passed on as the fault-injection variable. A worker that
    /// has not said hello within [`HELLO_DEADLINE`] is killed, and the start
    /// fails naming it.
    pub fn start(exe: &Path, number: usize, fault: Option<&str>) -> Result<Self, RunError> {
        Self::start_within(exe, number, fault, HELLO_DEADLINE)
    }

    /// [`start`](Self::start), with `hello` as the deadline for the hello.
    pub fn start_within(exe: &Path, number: usize, fault: Option<&str>, hello: Duration) -> Result<Self, RunError> {
        let mut team = Self::greet(vec![Self::launch(exe, number, fault)?], hello)?;
        team.pop().ok_or_else(|| RunError::WorkerFailed {
            worker: format!("Worker-{number}"),
            reason: "it was started but lost".to_owned(),
        })
    }

    /// Starts `k` workers, `Worker-1` to `Worker-{k}`, all at once: every
    /// process is launched before the first hello is awaited, so their
    /// start-ups overlap. The hellos have [`HELLO_DEADLINE`].
    pub fn start_team(exe: &Path, k: usize, fault: Option<&str>) -> Result<Vec<Self>, RunError> {
        Self::start_team_within(exe, k, fault, HELLO_DEADLINE)
    }

    /// [`start_team`](Self::start_team), with `hello` as the deadline for
    /// each hello.
    pub fn start_team_within(
        exe: &Path,
        k: usize,
        fault: Option<&str>,
        hello: Duration,
    ) -> Result<Vec<Self>, RunError> {
        let launched = (1..=k)
            .map(|number| Self::launch(exe, number, fault))
            .collect::<Result<Vec<_>, _>>()?;
        Self::greet(launched, hello)
    }

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
                .spawn_scoped(scope, move || liveness.watch());
            launched
                .into_iter()
                .enumerate()
                .map(|(index, process)| process.handshake(liveness, index))
                .collect()
        })
    }

    /// Starts the process in the role [`PrimeWorker`] and sends it its
    /// number, without waiting for its hello.
    fn launch(exe: &Path, number: usize, fault: Option<&str>) -> Result<Self, RunError> {
        install_signal_handler();
        let name = format!("Worker-{number}");
        let mut command = role_command::<PrimeWorker>(exe);
        if let Some(plan) = fault {
            command.env(FAULT_VAR, plan);
        }
        // Its own process group: Ctrl-C in a terminal signals the parent
        // only, and the parent stops its workers in order, instead of every
        // worker dying at once while the parent tries to recover from it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);

        // The lock is held across `spawn`, so the signal watcher can never
        // run between the birth of a child and its registration; and once
        // it has emptied the registry, no new child may join it.
        let mut registry = children();
        if stopping() {
            drop(registry);
            wait_for_the_exit()
        }
        let mut child = command.spawn().map_err(|source| RunError::Io {
            context: format!("cannot start {name} from {}", exe.display()),
            source,
        })?;
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            // Cannot happen with `Stdio::piped()`; if it did, the child
            // would be useless: stop it rather than leak it.
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::Io {
                context: format!("cannot talk to {name}"),
                source: io::Error::other("its pipes were not created"),
            });
        };
        let pid = child.id();
        registry.push(child);
        drop(registry);
        // The job: which worker it is. A pipe's buffer takes these few bytes
        // without waiting for the worker to read them. A worker that died at
        // once breaks the pipe; the handshake then reports how it ended.
        let _ = write_frame(&mut stdin, &number);
        let process = WorkerProcess {
            name,
            pid,
            thread: String::new(),
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            reaped: false,
        };
        Ok(process)
    }

    /// Waits for the worker's [`Reply::Ready`], on line `index` of the
    /// watchdog's board.
    fn handshake(mut self, liveness: &Liveness, index: usize) -> Result<Self, RunError> {
        liveness.waiting(index);
        let hello = self.recv();
        liveness.answered(index);
        match hello {
            Ok(Reply::Ready { name, pid, thread }) if name == self.name && pid == self.pid => {
                self.thread = thread;
                Ok(self)
            }
            answer => {
                let status = self.stop();
                park_if_stopping(); // killed by our own shutdown: no news
                if let Some(deadline) = liveness.missed(index) {
                    return Err(RunError::WorkerFailed {
                        worker: self.name.clone(),
                        reason: format!(
                            "process {} did not say hello within {:.1} s: killed (it {})",
                            self.pid,
                            deadline.as_secs_f64(),
                            describe_exit(&status)
                        ),
                    });
                }
                Err(RunError::WorkerFailed {
                    worker: self.name.clone(),
                    reason: format!(
                        "process {} did not answer as a worker ({}; it {}): does its main call \
                         concurrency_process::serve_roles(&[chapter_multiprocess::ROLES, ...]) first?",
                        self.pid,
                        match answer {
                            Ok(reply) => format!("said {reply:?}"),
                            Err(err) => err.to_string(),
                        },
                        describe_exit(&status)
                    ),
                })
            }
        }
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

    fn stop_quietly(&mut self) {
        if !self.reaped {
            let _ = self.stop();
        }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.stop_quietly();
    }
}
// ANCHOR_END: worker_process
