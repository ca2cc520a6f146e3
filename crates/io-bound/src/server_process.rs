//! The local server in a process of its own, for a load test.
//!
//! The modes run the server in the client's process: one program, nothing
//! to set up. A load test wants them apart, as they would be in real life:
//! each with its own file descriptors, its own runtime threads, its own
//! line in `top`, so that the client measured is the client alone and a
//! second client (wrk) can load the very same server. `chapter-io-bound
//! serve` does it from a terminal; [`ServerProcess`] does it from a program,
//! with the workspace's process layer ([`concurrency_process`]): the
//! program starts a copy of itself in the role [`ServerRole`], which starts
//! the server, sends back its port, and serves until its parent closes the
//! pipe (or dies), then sends its counters and exits.

use std::io::{self, ErrorKind};
use std::path::Path;
use std::process::ChildStdin;
use std::time::Duration;

use concurrency_process::{Channel, ChildGuard, Role, role_command, write_frame};
use serde::{Deserialize, Serialize};

use crate::fds;
use crate::server::{Server, ServerConfig, StatsSnapshot};

/// How the server process is to serve: the default pages, with this
/// latency per answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServeJob {
    /// The latency of every answer, in microseconds.
    pub latency_micros: u64,
}

/// What the server process says: first where it listens, at the end what
/// it served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServeReply {
    /// Listening on `127.0.0.1:port`.
    Listening {
        /// The port, chosen by the system.
        port: u16,
    },
    /// Stopped, after its input closed: everything it counted.
    Stopped(StatsSnapshot),
}

// ANCHOR: role
/// The role of the server process: one [`ServeJob`] in; a
/// [`ServeReply::Listening`] out; serving until the input ends; a
/// [`ServeReply::Stopped`] out.
#[derive(Debug)]
pub struct ServerRole;

impl Role for ServerRole {
    const NAME: &'static str = "io-bound-server";
    type Job = ServeJob;
    type Reply = ServeReply;

    fn serve(job: ServeJob, channel: &mut Channel<'_, ServeReply>) -> io::Result<()> {
        // A thousand connections are a thousand descriptors on this side too.
        let _ = fds::raise_limit();
        let config = ServerConfig {
            latency: Duration::from_micros(job.latency_micros),
            ..ServerConfig::default()
        };
        let server = Server::start(config, 0)?;
        channel.send(&ServeReply::Listening {
            port: server.addr().port(),
        })?;
        // The parent sends nothing more: the end of the input is the signal
        // to stop. Anything else on the pipe is a parent that went wrong.
        match channel.receive::<()>() {
            Err(err) if err.kind() == ErrorKind::UnexpectedEof => {}
            Err(err) => return Err(err),
            Ok(()) => {
                return Err(io::Error::other(
                    "the parent sent a frame; a server process expects none",
                ));
            }
        }
        let stats = server.stats();
        server.shutdown();
        channel.send(&ServeReply::Stopped(stats))
    }
}
// ANCHOR_END: role

/// A server running in a child process; dropping it kills and reaps the
/// child, [`stop`](Self::stop) stops it gently and returns its counters.
#[derive(Debug)]
pub struct ServerProcess {
    child: ChildGuard,
    /// The pipe whose end tells the server to stop.
    input: Option<ChildStdin>,
    pid: u32,
    port: u16,
}

impl ServerProcess {
    /// Starts `exe` (a program whose `main` serves [`crate::ROLES`]) as a
    /// server with `job`'s latency, and waits until it listens.
    pub fn start(exe: &Path, job: ServeJob) -> io::Result<ServerProcess> {
        let mut child = ChildGuard::with_capacity(1);
        let spawned = child.spawn(&mut role_command::<ServerRole>(exe))?;
        let pid = spawned.id();
        let mut input = spawned
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("the server process has no input pipe"))?;
        write_frame(&mut input, &job)?;
        match child.read_frame::<ServeReply>(0) {
            Ok(ServeReply::Listening { port }) => Ok(ServerProcess {
                child,
                input: Some(input),
                pid,
                port,
            }),
            Ok(other) => Err(io::Error::other(format!(
                "the server process answered {other:?} instead of its port"
            ))),
            Err(err) => {
                drop(input);
                let status = child.wait(0);
                Err(io::Error::other(format!(
                    "the server process (pid {pid}) did not start: {} ({err})",
                    concurrency_process::describe_exit(&status)
                )))
            }
        }
    }

    /// `http://127.0.0.1:PORT`, the base URL of every page.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Closes the server's input, which stops it; returns what it served,
    /// after the process has exited and been reaped.
    pub fn stop(mut self) -> Result<StatsSnapshot, String> {
        drop(self.input.take());
        let reply = self.child.read_frame::<ServeReply>(0);
        let status = self.child.wait(0);
        match (reply, &status) {
            (Ok(ServeReply::Stopped(stats)), Ok(exit)) if exit.success() => Ok(stats),
            (Ok(other), _) => Err(format!(
                "the server process answered {other:?} at the end, and {}",
                concurrency_process::describe_exit(&status)
            )),
            (Err(err), _) => Err(format!(
                "the server process {} ({err})",
                concurrency_process::describe_exit(&status)
            )),
        }
    }
}
