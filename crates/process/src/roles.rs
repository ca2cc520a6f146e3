//! Roles: what a copy of a program does when its parent starts it as a
//! worker.
//!
//! # One mechanism for every worker
//!
//! A chapter that starts worker processes starts *its own program* again
//! (by default [`std::env::current_exe`]), with the environment variable
//! [`ROLE_VAR`] naming what the copy is to do. A role is a small
//! declaration, a type implementing [`Role`]:
//!
//! - its [`NAME`](Role::NAME), the value of [`ROLE_VAR`];
//! - its [`Job`](Role::Job): one typed frame, the first thing on the
//!   worker's standard input;
//! - its [`Reply`](Role::Reply): typed frames on the worker's standard
//!   output;
//! - [`serve`](Role::serve): what the worker does with the job.
//!
//! The program recognises the role before it does anything else, so
//! **every binary that starts workers calls [`serve_roles`] first thing in
//! `main`**, with the roles of the chapters it uses:
//!
//! ```no_run
//! fn main() {
//!     // Returns at once in the parent; in a worker process it serves the
//!     // role its parent named and exits, never returning.
//!     concurrency_process::serve_roles(&[/* chapter_search::ROLES, ... */]);
//!     // ... the program itself: parse options, run the runners ...
//! }
//! ```
//!
//! This is Python's `if __name__ == "__main__":` guard turned around: with
//! the *spawn* start method, Python starts a fresh interpreter that imports
//! the main module, and the guard keeps the children from running the
//! program again. Here the child runs the same `main`, and `serve_roles`
//! is where it turns off into its role.
//!
//! The role is named by [`ROLE_VAR`] alone and the job travels on the pipe,
//! so the order of the roles given to `serve_roles` does not matter, and a
//! worker that starts workers of its own (a comparison row starts a pool)
//! gives each its own role: [`worker_command`](crate::worker_command)
//! never passes one on.
// The example's point is where the call goes: first thing in `main`.
#![allow(clippy::needless_doctest_main)]

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::marker::PhantomData;
use std::os::fd::AsFd;

use concurrency_core::print_err;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::frame::{read_frame, write_frame};
use crate::heartbeat::SharedOutput;
use crate::parent::exit_when_parent_dies;

/// The environment variable that names a worker process's role: its value
/// is a [`Role::NAME`].
pub const ROLE_VAR: &str = "CONCURRENCY_ROLE";

// ANCHOR: role
/// What a worker process does, declared once: the parent starts it with
/// [`ChildGuard::start`](crate::ChildGuard::start) (one job, one reply) or
/// [`role_command`](crate::role_command) (a conversation), and the worker's
/// `main` serves it through [`serve_roles`].
pub trait Role {
    /// The role's name: the value of [`ROLE_VAR`] that selects it. Unique
    /// among the roles one program serves.
    const NAME: &'static str;
    /// What the parent sends: the first frame on the worker's standard input.
    type Job: Serialize + DeserializeOwned;
    /// What the worker sends back: the frames on its standard output.
    type Reply: Serialize + DeserializeOwned;

    /// Does `job`, sending replies on `channel`. A one-shot role sends one
    /// reply and returns; a role that converses reads more frames with
    /// [`Channel::receive`] until its input ends. An error ends the worker:
    /// a broken pipe quietly (its parent is gone, nobody is left to tell),
    /// anything else with one line on standard error and exit code 2.
    fn serve(job: Self::Job, channel: &mut Channel<'_, Self::Reply>) -> io::Result<()>;
}
// ANCHOR_END: role

/// A worker's two pipes, as its role sees them: frames in (after the job)
/// and replies out.
pub struct Channel<'a, Reply> {
    input: &'a mut dyn Read,
    output: &'a mut dyn Write,
    replies: PhantomData<fn(&Reply)>,
}

impl<'a, Reply: Serialize> Channel<'a, Reply> {
    /// A channel over any reader and writer: [`serve_roles`] makes one over
    /// standard input and output; a test makes one over a slice and a `Vec`
    /// and runs a role in its own process.
    pub fn new(input: &'a mut dyn Read, output: &'a mut dyn Write) -> Self {
        Channel {
            input,
            output,
            replies: PhantomData,
        }
    }

    /// Sends one reply, as one frame, at once (nothing waits in a buffer).
    pub fn send(&mut self, reply: &Reply) -> io::Result<()> {
        write_frame(&mut *self.output, reply)
    }

    /// Reads the next frame from the parent. The end of the input between
    /// two frames is [`io::ErrorKind::UnexpectedEof`]: the parent is done
    /// with this worker, or dead.
    pub fn receive<T: DeserializeOwned>(&mut self) -> io::Result<T> {
        read_frame(&mut *self.input)
    }
}

/// A role, ready for [`serve_roles`]: its name and the function that
/// serves it. Made by [`role`].
#[derive(Clone, Copy)]
pub struct RoleEntry {
    name: &'static str,
    serve: fn() -> i32,
}

impl RoleEntry {
    /// The role's [`NAME`](Role::NAME).
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl std::fmt::Debug for RoleEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RoleEntry").field(&self.name).finish()
    }
}

/// The entry of role `R`, for a chapter's list of roles:
/// `pub const ROLES: &[RoleEntry] = &[role::<BatchesWorker>()];`.
pub const fn role<R: Role>() -> RoleEntry {
    RoleEntry {
        name: R::NAME,
        serve: serve_as::<R>,
    }
}

// ANCHOR: serve_roles
/// Serves a role and exits, if this process was started as a worker
/// ([`ROLE_VAR`] is set); returns at once otherwise. Call it first thing in
/// `main` of every binary that starts workers, with the `ROLES` of each
/// chapter it uses. The order does not matter; a role listed twice is
/// harmless.
///
/// A role this program does not serve is one line on standard error and
/// exit code 2: the parent sees a worker that failed, named.
pub fn serve_roles(roles: &[&[RoleEntry]]) {
    let Some(name) = std::env::var_os(ROLE_VAR) else {
        return;
    };
    let mut known = roles.iter().flat_map(|list| list.iter());
    let code = match known.clone().find(|entry| name == entry.name) {
        Some(entry) => (entry.serve)(),
        None => {
            let names: Vec<&str> = known.by_ref().map(RoleEntry::name).collect();
            print_err!(
                "error: {ROLE_VAR}={name:?} is not a role of this program (it serves: {})",
                names.join(", ")
            );
            2
        }
    };
    std::process::exit(code)
}

/// The life of a worker in role `R`: watch the parent, read the job, serve
/// it. Returns the exit code.
fn serve_as<R: Role>() -> i32 {
    // A parent killed by a signal runs no cleanup: do not work on for it.
    exit_when_parent_dies();
    // Standard output is the reply pipe. Rust's `stdout()` is line-buffered
    // (it would flush at every byte 10 of our binary frames), so we write
    // to our own handle on the same file descriptor.
    // It is shared with the heartbeat thread, if the parent asked for beats.
    let mut output = match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => SharedOutput::new(File::from(fd)),
        Err(err) => {
            print_err!("error: {}: cannot use standard output: {err}", R::NAME);
            return 2;
        }
    };
    let mut input = BufReader::new(io::stdin().lock());
    let job: R::Job = match read_frame(&mut input) {
        Ok(job) => job,
        Err(err) => {
            print_err!(
                "error: {ROLE_VAR}={} is set but no job arrived on standard input ({err})",
                R::NAME
            );
            return 2;
        }
    };
    match R::serve(job, &mut Channel::new(&mut input, &mut output)) {
        Ok(()) => 0,
        // The parent is gone: nobody to tell.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => 1,
        Err(err) => {
            print_err!("error: {}: {err}", R::NAME);
            2
        }
    }
}
// ANCHOR_END: serve_roles

#[cfg(test)]
mod tests {
    use super::*;

    /// Adds up the numbers it receives after the job (the first number),
    /// replying with the running total each time.
    struct Adder;

    impl Role for Adder {
        const NAME: &'static str = "adder";
        type Job = u64;
        type Reply = u64;
        fn serve(mut total: u64, channel: &mut Channel<'_, u64>) -> io::Result<()> {
            loop {
                match channel.receive::<u64>() {
                    Ok(n) => {
                        total += n;
                        channel.send(&total)?;
                    }
                    Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
                    Err(err) => return Err(err),
                }
            }
        }
    }

    #[test]
    fn a_role_runs_in_process_over_any_channel() {
        let mut requests = Vec::new();
        for n in [1u64, 2, 3] {
            write_frame(&mut requests, &n).expect("a Vec accepts writes");
        }
        let (mut input, mut output) = (requests.as_slice(), Vec::new());
        Adder::serve(10, &mut Channel::new(&mut input, &mut output)).expect("served");
        let mut replies = output.as_slice();
        let totals: Vec<u64> = (0..3).map(|_| read_frame(&mut replies).expect("a reply")).collect();
        assert_eq!(totals, [11, 13, 16]);
    }

    #[test]
    fn entries_keep_their_names() {
        const ROLES: &[RoleEntry] = &[role::<Adder>()];
        assert_eq!(ROLES[0].name(), "adder");
        assert_eq!(format!("{:?}", ROLES[0]), "RoleEntry(\"adder\")");
    }
}
