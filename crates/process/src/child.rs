//! The parent's side of a one-shot worker: the command that starts it, the
//! guard that reaps it, and how it ended, in words.

use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::frame::{decode, read_frame, write_frame};
use crate::heartbeat::{self, HEARTBEAT_VAR, Listener, News};
use crate::parent::PARENT_VAR;
use crate::roles::{ROLE_VAR, Role};

/// A command that starts `exe` as a child of this process: it carries our
/// process id in [`PARENT_VAR`], for the child's
/// [`exit_when_parent_dies`](crate::exit_when_parent_dies). Every worker in
/// the workspace is started from one of these, so none inherits a
/// grandparent's id instead.
///
/// It also removes [`ROLE_VAR`] and [`HEARTBEAT_VAR`], which a worker would
/// otherwise pass on to the children it starts itself (a comparison row
/// starts a pool of prime workers): a child has the role (and beats) its
/// own command gives it, or none.
pub fn worker_command(exe: &Path) -> Command {
    let mut command = Command::new(exe);
    command
        .env(PARENT_VAR, std::process::id().to_string())
        .env_remove(ROLE_VAR)
        .env_remove(HEARTBEAT_VAR);
    command
}

// ANCHOR: role_command
/// A command that starts `exe` in role `R`: a [`worker_command`] with
/// [`ROLE_VAR`] set to [`R::NAME`](Role::NAME), and pipes for standard
/// input (where the job goes) and standard output (where the replies come
/// from). Standard error is the parent's, so a worker's error reaches the
/// terminal.
pub fn role_command<R: Role>(exe: &Path) -> Command {
    let mut command = worker_command(exe);
    command
        .env(ROLE_VAR, R::NAME)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
}
// ANCHOR_END: role_command

// ANCHOR: child_guard
/// One-shot child processes that must not outlive the code that started
/// them: a job goes in, one framed answer comes out, the child exits.
///
/// Dropping the guard kills every child still running and waits for every
/// one, so an early return (a `?` on the third child's error, say) leaves
/// neither a process running on nor a zombie behind. The normal way out is
/// to [`collect`](Self::collect) each child in turn; the drop then only
/// collects statuses already known.
///
/// While it waits for one child, [`collect`](Self::collect) watches them
/// all: a child that dies is named at once (its exit status is looked for
/// every [`TICK`]), whichever child the caller was waiting for, and a child
/// that gives no sign of life for the [deadline](crate::heartbeat::deadline)
/// (no beat, no reply: see the [`heartbeat`] module) is killed,
/// reaped and named.
///
/// Children are numbered in the order they were started, from 0.
///
/// These children are not in the registry that the multiprocess chapter's
/// `SIGINT` handler empties: they are short-lived, and they share the
/// parent's process group, so Ctrl-C in a terminal stops them along with
/// the parent. A signal sent to the parent alone runs none of this code, so
/// each child watches its parent
/// ([`exit_when_parent_dies`](crate::exit_when_parent_dies), which
/// [`serve_roles`](crate::serve_roles) calls for every role).
#[derive(Debug)]
pub struct ChildGuard {
    children: Vec<Slot>,
    deadline: Duration,
    /// Rung by every child's listener on a reply and at the end of its output.
    news: Arc<News>,
}

/// One child, and for a child started with a job, what was heard from it.
#[derive(Debug)]
struct Slot {
    child: Child,
    listener: Option<Listener>,
    /// The deadline it missed, if the guard killed it for that.
    missed: Option<Duration>,
    collected: bool,
    /// The thread writing the child's job into its input: a job larger
    /// than the pipe's buffer blocks its writer until the child reads it,
    /// and a stopped child never does. On its own thread, that write
    /// cannot hold up the guard; killing the child ends it (broken pipe).
    writer: Option<std::thread::JoinHandle<()>>,
}

/// Why a child gave no reply: which child, and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFailure {
    /// The child's number: the count of children started before it.
    pub index: usize,
    /// Its process id.
    pub pid: u32,
    /// What happened, in words: `was killed by signal 9 (SIGKILL)`.
    pub reason: String,
}

impl std::fmt::Display for ChildFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ChildFailure {}

/// How often [`ChildGuard::collect`] looks at its children when none has
/// news: the most a missed deadline, or a death without a word on the
/// pipe, waits to be noticed (plus scheduling). A reply, or a child's
/// output ending, wakes it at once.
pub const TICK: Duration = Duration::from_millis(50);

/// How soon [`ChildGuard::collect`] looks again at a child that has
/// replied or closed its output but whose exit status is not in yet: it is
/// a moment from exiting.
const EXITING: Duration = Duration::from_millis(1);

impl Default for ChildGuard {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl ChildGuard {
    /// A guard with no children yet, room for `capacity`. Its children
    /// get the [deadline](crate::heartbeat::deadline) set for this program.
    pub fn with_capacity(capacity: usize) -> Self {
        ChildGuard {
            children: Vec::with_capacity(capacity),
            deadline: heartbeat::deadline(),
            news: Arc::default(),
        }
    }

    /// The same guard with another deadline on beats, for its children
    /// started from now on.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Spawns `command` and takes charge of the child at once, so no error
    /// after this can leak it. Returns the child, to take its pipes or read
    /// its PID. A worker's command comes from [`worker_command`] or
    /// [`role_command`].
    pub fn spawn(&mut self, command: &mut Command) -> io::Result<&mut Child> {
        let index = self.children.len();
        self.children.push(Slot {
            child: command.spawn()?,
            listener: None,
            missed: None,
            collected: false,
            writer: None,
        });
        Ok(&mut self.children[index].child)
    }

    /// Starts `exe` in role `R` ([`role_command`]), asks it to beat
    /// ([`HEARTBEAT_VAR`]), sends it `job` as one frame, closes its input
    /// and starts listening to its output. Returns the child's PID; its
    /// number is the count of children started before it.
    ///
    /// Only a failure to start is an error here. A child that dies at once
    /// makes the job's write fail with a broken pipe; that is not the news:
    /// its exit status is, and [`collect`](Self::collect) reports it.
    pub fn start<R: Role>(&mut self, exe: &Path, job: &R::Job) -> io::Result<u32> {
        let mut command = role_command::<R>(exe);
        let beat = heartbeat::beat_interval(self.deadline).as_millis();
        command.env(HEARTBEAT_VAR, beat.to_string());
        // The frame is encoded here (an encoding error is the caller's),
        // and written on a thread of its own (see `Slot::writer`).
        let mut frame = Vec::new();
        write_frame(&mut frame, job)?;
        let child = self.spawn(&mut command)?;
        let pid = child.id();
        let writer = match child.stdin.take() {
            Some(mut input) => Some(
                std::thread::Builder::new()
                    .name(format!("job for child {pid}"))
                    // Dropping `input` when the thread ends closes the pipe.
                    .spawn(move || drop(io::Write::write_all(&mut input, &frame)))?,
            ),
            None => None,
        };
        let out = child.stdout.take().ok_or_else(|| io::Error::other("no pipe to read"))?;
        let listener = Listener::start(out, Arc::clone(&self.news));
        if let Some(slot) = self.children.last_mut() {
            slot.writer = writer;
            slot.listener = Some(listener?);
        }
        Ok(pid)
    }

    /// Child `index`'s reply, once it sent a whole one and exited with 0;
    /// the child is reaped. While waiting, every child started with
    /// [`start`](Self::start) is watched: the first to die without a
    /// reply, or to miss the deadline (it is then killed and reaped), is
    /// the error, whichever it is, named by its number and PID.
    pub fn collect<R: Role>(&mut self, index: usize) -> Result<R::Reply, ChildFailure> {
        loop {
            // Read before looking, so that news in between is not missed.
            let seen = self.news.rung();
            if let Some(done) = self.poll(index) {
                let slot = &mut self.children[index];
                slot.collected = true;
                let pid = slot.child.id();
                let failure = |reason| ChildFailure { index, pid, reason };
                done.map_err(failure)?;
                let body = slot.listener.as_ref().and_then(|l| l.heard().reply.take());
                let body = body.ok_or_else(|| failure("sent no reply".to_owned()))?;
                return decode(&body)
                    .map_err(|err| failure(format!("sent a reply that is not a {} reply ({err})", R::NAME)));
            }
            for other in (0..self.children.len()).filter(|&other| other != index) {
                if self.children[other].collected || self.children[other].listener.is_none() {
                    continue;
                }
                if let Some(Err(reason)) = self.poll(other) {
                    self.children[other].collected = true;
                    let pid = self.children[other].child.id();
                    return Err(ChildFailure {
                        index: other,
                        pid,
                        reason,
                    });
                }
            }
            if self.exiting() {
                std::thread::sleep(EXITING);
            } else {
                self.news.wait(seen, TICK);
            }
        }
    }

    /// Whether a child not yet collected has replied or closed its output
    /// but not exited yet.
    fn exiting(&mut self) -> bool {
        self.children.iter_mut().any(|slot| {
            !slot.collected
                && slot.listener.as_ref().is_some_and(|listener| {
                    let heard = listener.heard();
                    heard.reply.is_some() || heard.ended.is_some()
                })
                && matches!(slot.child.try_wait(), Ok(None))
        })
    }

    /// Where child `index` stands: `None` while it runs (or its output is
    /// still being read); `Ok` once it exited with 0 and its output ended;
    /// `Err` with the reason once it failed. Kills it if it missed the
    /// deadline.
    fn poll(&mut self, index: usize) -> Option<Result<(), String>> {
        let deadline = self.deadline;
        let count = self.children.len();
        let Some(slot) = self.children.get_mut(index) else {
            return Some(Err(format!("is not there: only {count} children were started")));
        };
        let Some(listener) = slot.listener.as_ref() else {
            return Some(Err("was not started with a job".to_owned()));
        };
        if let Some(missed) = slot.missed {
            return Some(Err(missed_reason(missed)));
        }
        match slot.child.try_wait() {
            Ok(Some(status)) if status.success() => {
                let heard = listener.heard();
                match (&heard.reply, &heard.ended) {
                    (Some(_), _) => Some(Ok(())),
                    (None, Some(err)) => Some(Err(format!("{} without a reply ({err})", describe_exit(&Ok(status))))),
                    (None, None) => None,
                }
            }
            Ok(Some(status)) => Some(Err(describe_exit(&Ok(status)))),
            Err(err) => Some(Err(describe_exit(&Err(err)))),
            Ok(None) => {
                if listener.heard().last_sign.elapsed() <= deadline {
                    return None;
                }
                // SIGKILL: a stopped process cannot delay it.
                let _ = slot.child.kill();
                let _ = slot.child.wait();
                slot.missed = Some(deadline);
                Some(Err(missed_reason(deadline)))
            }
        }
    }

    /// Reads one frame ([`read_frame`]) from
    /// child `index`'s standard output, which must be `Stdio::piped()` (and
    /// not listened to: a child from [`spawn`](Self::spawn), not
    /// [`start`](Self::start)).
    pub fn read_frame<T: DeserializeOwned>(&mut self, index: usize) -> io::Result<T> {
        match self.child(index)?.stdout.as_mut() {
            Some(out) => read_frame(out),
            None => Err(io::Error::other("no pipe to read")),
        }
    }

    /// Waits for child `index` to exit (closing its standard input first, if
    /// it is a pipe still open) and returns how it ended. Asking again
    /// returns the same status.
    pub fn wait(&mut self, index: usize) -> io::Result<ExitStatus> {
        self.child(index)?.wait()
    }

    fn child(&mut self, index: usize) -> io::Result<&mut Child> {
        let count = self.children.len();
        self.children
            .get_mut(index)
            .map(|slot| &mut slot.child)
            .ok_or_else(|| io::Error::other(format!("no child {index}: only {count} were spawned")))
    }
}

/// What a child that missed its deadline is reported as.
fn missed_reason(deadline: Duration) -> String {
    format!(
        "gave no sign of life for {:.1} s (stopped or stuck), so it was killed",
        deadline.as_secs_f64()
    )
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        for slot in &mut self.children {
            // Kill only what still runs: a child that exited keeps its exit
            // status. Errors mean it is already gone; nothing left to do.
            if matches!(slot.child.try_wait(), Ok(None)) {
                let _ = slot.child.kill();
            }
            let _ = slot.child.wait();
            // Its input closed with it: the writer's thread ends.
            if let Some(writer) = slot.writer.take() {
                let _ = writer.join();
            }
            // Its output closed with it: the listener's thread ends.
            if let Some(listener) = slot.listener.as_mut() {
                listener.join();
            }
        }
    }
}
// ANCHOR_END: child_guard

/// How a process ended, in words: `exited with code 3`, `was killed by
/// signal 6 (SIGABRT)`.
pub fn describe_exit(status: &io::Result<ExitStatus>) -> String {
    let status = match status {
        Ok(status) => status,
        Err(err) => return format!("could not be waited for ({err})"),
    };
    if let Some(code) = status.code() {
        return format!("exited with code {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(status) {
        let name = match signal {
            6 => " (SIGABRT)",
            9 => " (SIGKILL)",
            11 => " (SIGSEGV)",
            15 => " (SIGTERM)",
            _ => "",
        };
        return format!("was killed by signal {signal}{name}");
    }
    format!("ended with {status}")
}

#[cfg(all(test, unix))]
mod tests;
