//! The local cluster: one command starts every member on 127.0.0.1, each a
//! copy of this binary started the way a reader would start it on each
//! machine (`--hostfile hosts.txt --process I`), waits for them, and stops
//! them all as soon as one fails.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use concurrency_process::{describe_exit, worker_command};

use crate::dataflow::ProcessReport;
use crate::peer::{PEER_LOST_EXIT, STALLED_EXIT};
use crate::share::Kernel;

/// The line prefix under which a member of the local cluster prints its
/// report (JSON) on standard output, apart from timely's own chatter.
pub const REPORT_PREFIX: &str = "chapter-distributed report: ";

/// How often the launcher looks at its members: also the resolution of a
/// run timed from the launcher (the results page's TCP rows).
const POLL: Duration = Duration::from_millis(2);

/// Set on every member the local cluster starts: a program that embeds the
/// chapter, such as `reproduce`, serves as the member when it sees it
/// ([`serve_member`]).
pub const MEMBER_VAR: &str = "CHAPTER_DISTRIBUTED_MEMBER";

/// Serves as a member of a local cluster when this program was started as
/// one ([`MEMBER_VAR`] is set), and returns the member's exit code for
/// `main` to return; otherwise it does nothing and returns `None`. The
/// launcher starts the program it runs in, so a program other than
/// `chapter-distributed` that calls [`run_local`] (the `reproduce` binary
/// times real member processes) calls this first in its `main`.
pub fn serve_member() -> Option<std::process::ExitCode> {
    std::env::var_os(MEMBER_VAR)?;
    let cli: crate::Cli = concurrency_core::parse_or_exit();
    Some(crate::run(&cli))
}

/// After the first member fails, how long the launcher waits for the others'
/// statuses, to name the one that failed first rather than those that lost
/// it.
const GRACE: Duration = Duration::from_millis(300);

/// The run a local cluster is asked for.
#[derive(Debug, Clone, Copy)]
pub struct LocalRun {
    /// Processes to start.
    pub processes: usize,
    /// Worker threads in each.
    pub workers: usize,
    /// Each member's `--connect-timeout`.
    pub connect_timeout: Duration,
    /// Each member's `--progress-timeout`.
    pub progress_timeout: Duration,
    /// The range is `1..=limit`.
    pub limit: u64,
    /// How each worker counts.
    pub kernel: Kernel,
    /// Whether to list the primes.
    pub keep: bool,
}

/// `processes` free ports on 127.0.0.1, as `host:port` lines: the operating
/// system picks them (port 0), and they are released just before the
/// members bind them. (Another program could take one in between; the
/// member that cannot listen then says so and the run fails cleanly.)
pub fn free_addresses(processes: usize) -> std::io::Result<Vec<String>> {
    let listeners = (0..processes)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<Vec<_>>>()?;
    listeners
        .iter()
        .map(|listener| Ok(listener.local_addr()?.to_string()))
        .collect()
}

/// A folder of our own under the system's temporary folder, removed when
/// dropped: it holds the local cluster's host file.
struct TempDir(PathBuf);

impl TempDir {
    /// Makes `chapter-distributed-<pid>`, first removing those of launchers
    /// that are gone (one killed outright runs no `Drop`).
    fn new() -> std::io::Result<Self> {
        // Whether a pid is alive is read from /proc (Linux): elsewhere, no sweep.
        let entries = std::fs::read_dir(std::env::temp_dir())
            .ok()
            .filter(|_| Path::new("/proc/self").exists());
        for entry in entries.into_iter().flatten().flatten() {
            let name = entry.file_name();
            let pid = name.to_str().and_then(|name| name.strip_prefix("chapter-distributed-"));
            if pid.is_some_and(|pid| pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let path = std::env::temp_dir().join(format!("chapter-distributed-{}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One started member: the child, and the threads that read its output.
struct Member {
    child: Child,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
    status: Option<ExitStatus>,
}

fn read_all(pipe: Option<impl Read + Send + 'static>) -> Option<JoinHandle<String>> {
    let mut pipe = pipe?;
    Some(std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    }))
}

fn joined(handle: &mut Option<JoinHandle<String>>) -> String {
    handle.take().and_then(|handle| handle.join().ok()).unwrap_or_default()
}

// ANCHOR: members
/// The members of a local cluster, which must not outlive it. Like
/// `concurrency_process::ChildGuard`, dropping it kills whatever still runs
/// and reaps every child; unlike it, it polls all members at once, because
/// a cluster must notice whichever member dies first, not wait for them in
/// order. Each member also watches us
/// (`concurrency_process::exit_when_parent_dies`), in case we are killed.
struct Members(Vec<Member>);

impl Drop for Members {
    fn drop(&mut self) {
        for member in &mut self.0 {
            if matches!(member.child.try_wait(), Ok(None)) {
                let _ = member.child.kill();
            }
            let _ = member.child.wait();
            // Every reader thread is joined: its pipe closed with the child.
            joined(&mut member.stdout);
            joined(&mut member.stderr);
        }
    }
}
// ANCHOR_END: members

/// Starts the local cluster `run` asks for, waits for it, and returns each
/// process's report in process order, or one line saying which process
/// failed and how.
pub fn run_local(run: LocalRun) -> Result<Vec<ProcessReport>, String> {
    let exe = std::env::current_exe().map_err(|err| format!("cannot find this program: {err}"))?;
    let dir = TempDir::new().map_err(|err| format!("cannot make a temporary folder: {err}"))?;
    let hostfile = dir.0.join("hosts.txt");
    let addresses =
        free_addresses(run.processes).map_err(|err| format!("cannot find free ports on 127.0.0.1: {err}"))?;
    std::fs::write(&hostfile, addresses.join("\n") + "\n")
        .map_err(|err| format!("cannot write {}: {err}", hostfile.display()))?;
    let mut members = Members(Vec::with_capacity(run.processes));
    for process in 0..run.processes {
        let mut command = worker_command(&exe);
        command.args(member_args(&run, &hostfile, process));
        command
            .env(MEMBER_VAR, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|err| format!("cannot start process {process}: {err}"))?;
        let (stdout, stderr) = (read_all(child.stdout.take()), read_all(child.stderr.take()));
        members.0.push(Member {
            child,
            stdout,
            stderr,
            status: None,
        });
    }
    wait_all(&mut members, run.progress_timeout)?;
    let mut reports = Vec::with_capacity(run.processes);
    for (process, member) in members.0.iter_mut().enumerate() {
        let out = joined(&mut member.stdout);
        let report = out
            .lines()
            .find_map(|line| line.strip_prefix(REPORT_PREFIX))
            .and_then(|json| serde_json::from_str::<ProcessReport>(json).ok())
            .ok_or_else(|| {
                format!(
                    "process {process} (pid {}) exited without its report",
                    member.child.id()
                )
            })?;
        reports.push(report);
    }
    Ok(reports)
}

/// The command line of member `process`: what a reader would type on that
/// machine, and `--report` so that it answers in JSON.
fn member_args(run: &LocalRun, hostfile: &Path, process: usize) -> Vec<String> {
    let mut args = vec![
        "--hostfile".to_owned(),
        hostfile.display().to_string(),
        "--process".to_owned(),
        process.to_string(),
        "--workers".to_owned(),
        run.workers.to_string(),
        "--limit".to_owned(),
        run.limit.to_string(),
        "--kernel".to_owned(),
        clap::ValueEnum::to_possible_value(&run.kernel)
            .map(|value| value.get_name().to_owned())
            .unwrap_or_default(),
        "--connect-timeout".to_owned(),
        run.connect_timeout.as_secs_f64().to_string(),
        "--progress-timeout".to_owned(),
        run.progress_timeout.as_secs_f64().to_string(),
        "--report".to_owned(),
    ];
    if run.keep {
        args.push("--primes".to_owned());
    }
    args
}

// ANCHOR: wait_all
/// Waits until every member has exited with success (within
/// `progress_timeout` of the first), or fails as soon as one has not: then it gives the others [`GRACE`] to end by themselves
/// (a member that lost a peer exits with [`PEER_LOST_EXIT`]), names the one
/// that ended otherwise (the cause), and the guard kills the rest.
fn wait_all(members: &mut Members, progress_timeout: Duration) -> Result<(), String> {
    let mut failed_at: Option<Instant> = None;
    let mut done_at: Option<(usize, Instant)> = None;
    loop {
        for member in &mut members.0 {
            if member.status.is_none() {
                member.status = member
                    .child
                    .try_wait()
                    .map_err(|err| format!("cannot wait for a process: {err}"))?;
            }
        }
        let failed = members
            .0
            .iter()
            .any(|member| member.status.is_some_and(|status| !status.success()));
        if failed && failed_at.is_none() {
            failed_at = Some(Instant::now());
        }
        if failed_at.is_some_and(|at| at.elapsed() >= GRACE) || (failed && members.0.iter().all(|m| m.status.is_some()))
        {
            return Err(blame(members));
        }
        if members
            .0
            .iter()
            .all(|member| member.status.is_some_and(|status| status.success()))
        {
            return Ok(());
        }
        // A member that has finished has every partial count: the others
        // have sent theirs, and should finish as soon. One that has not by
        // the progress deadline is frozen (the members cannot see it: it
        // froze after sending its count).
        if done_at.is_none()
            && let Some(first) = members.0.iter().position(|m| m.status.is_some_and(|s| s.success()))
        {
            done_at = Some((first, Instant::now()));
        }
        if let Some((first, _)) = done_at.filter(|(_, at)| at.elapsed() >= progress_timeout) {
            let late: Vec<String> = (members.0.iter().enumerate())
                .filter(|(_, m)| m.status.is_none())
                .map(|(index, m)| format!("process {index} (pid {})", m.child.id()))
                .collect();
            return Err(format!(
                "{} did not finish within {:.1} s of process {first} (--progress-timeout): \
                 stopped or cut off after sending its count",
                late.join(", "),
                progress_timeout.as_secs_f64()
            ));
        }
        std::thread::sleep(POLL);
    }
}
// ANCHOR_END: wait_all

/// The one line that names the failed process: the first that did not just
/// lose a peer, with the last line it wrote on standard error, if any; when
/// a member was frozen or cut off, it has not exited, and the first member
/// that gave up waiting for it names it.
fn blame(members: &mut Members) -> String {
    let failed = |member: &Member| member.status.is_some_and(|status| !status.success());
    let code = |member: &Member| member.status.and_then(|status| status.code());
    let index = members
        .0
        .iter()
        .position(|member| failed(member) && !matches!(code(member), Some(PEER_LOST_EXIT | STALLED_EXIT)))
        .or_else(|| members.0.iter().position(|member| code(member) == Some(STALLED_EXIT)))
        .or_else(|| members.0.iter().position(failed))
        .unwrap_or(0);
    let member = &mut members.0[index];
    let how = describe_exit(&member.status.ok_or_else(|| std::io::Error::other("still running")));
    // It has exited, so its standard error is closed and the reader ends.
    let said = joined(&mut member.stderr);
    let last = said.lines().rev().find(|line| !line.trim().is_empty());
    let pid = member.child.id();
    match last {
        Some(line) => format!(
            "process {index} (pid {pid}) {how}: {}",
            line.trim_start_matches("error: ")
        ),
        None => format!(
            "process {index} (pid {pid}) {how}; timely does not recover a lost process, so the run is abandoned"
        ),
    }
}
