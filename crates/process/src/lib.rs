//! # Worker processes, for every chapter that uses them
//!
//! Five chapters start processes: the multiprocess chapter's pool of prime
//! workers, the fully-loaded chapter's one process per task, the
//! comparison's one process per measured row, the io-bound chapter's
//! downloaders and the search chapter's batch workers. They all do it the
//! same way, the way Python's *spawn* start method does: the program starts
//! a fresh copy of itself and tells the copy what to be. That machinery is
//! not any one chapter's lesson, so it lives here, and each chapter declares
//! its worker in a few lines.
//!
//! ## The pieces
//!
//! - **Roles** ([`roles`]): one environment variable, [`ROLE_VAR`], names
//!   what a copy is to do; the job goes in as one typed frame on its
//!   standard input; the replies come back as typed frames on its standard
//!   output. A chapter declares a [`Role`] (a name, a job type, a reply
//!   type, a `serve` function) and lists it in its `ROLES`; a binary's
//!   `main` calls [`serve_roles`] once, first thing.
//! - **Frames** ([`frame`]): a length, then the postcard encoding of a serde
//!   value: [`write_frame`], [`read_frame`].
//! - **Starting and reaping** ([`child`]): [`worker_command`] (which tells
//!   the child its parent's id), [`role_command`], and the [`ChildGuard`],
//!   which sends one-shot children their jobs, collects their replies,
//!   names a child that dies (within a tick, [`TICK`]) and kills and reaps
//!   whatever is left when it is dropped.
//! - **No hang** ([`heartbeat`], [`liveness`]): a one-shot child beats on
//!   a thread of its own while it works, and the guard kills, reaps and
//!   names a child whose beats stop (`kill -STOP`) for the deadline that a
//!   chapter's `--worker-timeout` sets ([`set_deadline`], 5 s by default).
//!   The multiprocess chapter's pool times each reply instead, on the
//!   shared [`liveness`] board.
//! - **No orphans** ([`parent`]): [`exit_when_parent_dies`], which every
//!   role runs before its work: a worker whose parent was killed notices
//!   (it looks ten times a second) and exits by itself.
//! - **Testing** ([`testing`]): [`signal_a_worker`](testing::signal_a_worker)
//!   freezes or kills one worker of a chapter binary, for the tests that
//!   check that nothing hangs.
//! - **Saying how a process ended** ([`describe_exit`]): `exited with code
//!   3`, `was killed by signal 6 (SIGABRT)`.
//!
//! ## One job in, one reply out
//!
//! ```no_run
//! use std::io;
//! use std::path::Path;
//!
//! use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
//!
//! /// Squares a number in a process of its own.
//! struct Square;
//!
//! impl Role for Square {
//!     const NAME: &'static str = "square";
//!     type Job = u64;
//!     type Reply = u64;
//!     fn serve(n: u64, channel: &mut Channel<'_, u64>) -> io::Result<()> {
//!         channel.send(&(n * n))
//!     }
//! }
//!
//! pub const ROLES: &[RoleEntry] = &[role::<Square>()];
//!
//! fn main() -> io::Result<()> {
//!     concurrency_process::serve_roles(&[ROLES]);
//!     let exe = std::env::current_exe()?;
//!     let mut children = ChildGuard::default();
//!     for n in 1..=3 {
//!         children.start::<Square>(&exe, &n)?; // all three run at once
//!     }
//!     for index in 0..3 {
//!         // A child that dies or freezes meanwhile, whichever it is, is the error.
//!         let square = children.collect::<Square>(index).map_err(io::Error::other)?;
//!         println!("{square}");
//!     }
//!     Ok(())
//! }
//! ```
//!
//! The multiprocess chapter's workers converse instead: the job names the
//! worker, and then requests and replies go back and forth until the parent
//! closes the pipe; its `WorkerProcess` starts them with [`role_command`].
// The example's point is where the call goes: first thing in `main`.
#![allow(clippy::needless_doctest_main)]

pub mod child;
pub mod frame;
pub mod heartbeat;
pub mod liveness;
pub mod parent;
pub mod roles;
pub mod testing;

pub use child::{ChildFailure, ChildGuard, TICK, describe_exit, role_command, worker_command};
pub use frame::{MAX_FRAME, read_frame, write_beat, write_frame};
pub use heartbeat::{DEFAULT_DEADLINE, HEARTBEAT_VAR, parse_deadline, set_deadline};
pub use parent::{PARENT_VAR, exit_when_parent_dies};
pub use roles::{Channel, ROLE_VAR, Role, RoleEntry, role, serve_roles};
