//! The parent's side of a one-shot worker: the command that starts it, the
//! guard that reaps it, and how it ended, in words.

use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};

use serde::de::DeserializeOwned;

use crate::frame::{read_frame, write_frame};
use crate::parent::PARENT_VAR;
use crate::roles::{ROLE_VAR, Role};

/// A command that starts `exe` as a child of this process: it carries our
/// process id in [`PARENT_VAR`], for the child's
/// [`exit_when_parent_dies`](crate::exit_when_parent_dies). Every worker in
/// the workspace is started from one of these, so none inherits a
/// grandparent's id instead.
///
/// It also removes [`ROLE_VAR`], which a worker would otherwise pass on to
/// the children it starts itself (a comparison row starts a pool of prime
/// workers): a child has the role its own command gives it, or none.
pub fn worker_command(exe: &Path) -> Command {
    let mut command = Command::new(exe);
    command
        .env(PARENT_VAR, std::process::id().to_string())
        .env_remove(ROLE_VAR);
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
/// to [`collect`](Self::collect) each child in turn (or
/// [`read_frame`](Self::read_frame) and [`wait`](Self::wait)); the drop
/// then only collects statuses already known.
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
#[derive(Debug, Default)]
pub struct ChildGuard {
    children: Vec<Child>,
}

impl ChildGuard {
    /// A guard with no children yet, room for `capacity`.
    pub fn with_capacity(capacity: usize) -> Self {
        ChildGuard {
            children: Vec::with_capacity(capacity),
        }
    }

    /// Spawns `command` and takes charge of the child at once, so no error
    /// after this can leak it. Returns the child, to take its pipes or read
    /// its PID. A worker's command comes from [`worker_command`] or
    /// [`role_command`].
    pub fn spawn(&mut self, command: &mut Command) -> io::Result<&mut Child> {
        let index = self.children.len();
        self.children.push(command.spawn()?);
        Ok(&mut self.children[index])
    }

    /// Starts `exe` in role `R` ([`role_command`]), sends it `job` as one
    /// frame and closes its input. Returns the child's PID; its number is
    /// the count of children started before it.
    ///
    /// Only a failure to start is an error here. A child that dies at once
    /// makes the job's write fail with a broken pipe; that is not the news:
    /// its exit status is, and [`collect`](Self::collect) reports it.
    pub fn start<R: Role>(&mut self, exe: &Path, job: &R::Job) -> io::Result<u32> {
        let child = self.spawn(&mut role_command::<R>(exe))?;
        if let Some(mut input) = child.stdin.take() {
            // Dropping `input` at the end of this block closes the pipe.
            let _ = write_frame(&mut input, job);
        }
        Ok(child.id())
    }

    /// Child `index`'s reply, read and the child reaped: the reply if it
    /// sent a whole one and exited with 0; otherwise why not, in words
    /// (`exited with code 2 (failed to fill whole buffer)`), for the caller
    /// to put after the child's name.
    pub fn collect<R: Role>(&mut self, index: usize) -> Result<R::Reply, String> {
        let reply = self.read_frame::<R::Reply>(index);
        let status = self.wait(index);
        match (reply, &status) {
            (Ok(reply), Ok(exit)) if exit.success() => Ok(reply),
            (Ok(_), _) => Err(describe_exit(&status)),
            (Err(err), _) => Err(format!("{} ({err})", describe_exit(&status))),
        }
    }

    /// Reads one frame ([`read_frame`]) from
    /// child `index`'s standard output, which must be `Stdio::piped()`.
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
            .ok_or_else(|| io::Error::other(format!("no child {index}: only {count} were spawned")))
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        for child in &mut self.children {
            // Kill only what still runs: a child that exited keeps its exit
            // status. Errors mean it is already gone; nothing left to do.
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
            }
            let _ = child.wait();
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
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::roles::Channel;

    /// `true` while process `pid` exists, zombies included (`kill -0`
    /// succeeds on a zombie: it is a child nobody reaped).
    fn exists(pid: u32) -> bool {
        Command::new("sh")
            .args(["-c", &format!("kill -0 {pid} 2>/dev/null")])
            .status()
            .is_ok_and(|status| status.success())
    }

    /// A role for the tests below: `cat` plays it, echoing its job.
    struct Echo;

    impl Role for Echo {
        const NAME: &'static str = "echo";
        type Job = u64;
        type Reply = u64;
        fn serve(job: u64, channel: &mut Channel<'_, u64>) -> io::Result<()> {
            channel.send(&job)
        }
    }

    #[test]
    fn a_child_answers_one_frame_and_its_status_is_kept() {
        let mut guard = ChildGuard::default();
        // A frame by hand: length 1 (4 little-endian bytes), then postcard's
        // encoding of 42u64, a single byte.
        let mut command = Command::new("printf");
        command.arg(r"\001\000\000\000\052").stdout(Stdio::piped());
        guard.spawn(&mut command).expect("printf starts");
        assert_eq!(guard.read_frame::<u64>(0).expect("one frame"), 42);
        assert!(guard.wait(0).expect("reaped").success());
        assert!(guard.wait(0).expect("the same status again").success());
        assert!(guard.wait(1).is_err(), "there is no child 1");
    }

    #[test]
    fn a_job_goes_in_as_a_frame_and_the_reply_comes_back() {
        // `cat` copies its input, the job's frame, to its output: read back
        // as the reply, it proves the job was framed and the pipe closed
        // (or `cat` would never exit).
        let mut guard = ChildGuard::default();
        let pid = guard.start::<Echo>(Path::new("cat"), &1234).expect("cat starts");
        assert!(pid > 0);
        assert_eq!(guard.collect::<Echo>(0), Ok(1234));
    }

    #[test]
    fn a_child_that_gives_no_reply_is_described() {
        let mut guard = ChildGuard::default();
        guard.start::<Echo>(Path::new("false"), &1).expect("false starts");
        let why = guard.collect::<Echo>(0).expect_err("no reply");
        assert!(why.starts_with("exited with code 1 ("), "{why}");
        let missing = guard.start::<Echo>(Path::new("/no/such/program"), &1);
        assert!(missing.is_err(), "a program that cannot start is an error at once");
    }

    #[test]
    fn dropping_the_guard_kills_and_reaps_every_child() {
        let mut guard = ChildGuard::with_capacity(2);
        let sleeper = guard.spawn(Command::new("sleep").arg("30")).expect("sleep starts").id();
        let quick = guard.spawn(&mut Command::new("true")).expect("true starts").id();
        assert!(exists(sleeper));
        let started = Instant::now();
        drop(guard);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the sleeper was killed, not awaited"
        );
        assert!(!exists(sleeper), "the running child was left behind");
        assert!(!exists(quick), "the exited child was left a zombie");
    }

    #[test]
    fn a_role_command_names_the_role_and_a_worker_command_none() {
        let role = role_command::<Echo>(Path::new("x"));
        let envs: Vec<_> = role.get_envs().collect();
        assert!(envs.contains(&(ROLE_VAR.as_ref(), Some("echo".as_ref()))), "{envs:?}");
        let plain = worker_command(Path::new("x"));
        let envs: Vec<_> = plain.get_envs().collect();
        assert!(envs.contains(&(ROLE_VAR.as_ref(), None)), "{envs:?}");
        assert!(envs.iter().any(|(name, _)| *name == PARENT_VAR), "{envs:?}");
    }
}
