//! The child's side of "no orphans": a worker whose parent dies exits too.

use std::time::Duration;

/// The environment variable through which a parent tells its child its
/// process id, so that [`exit_when_parent_dies`] knows whom to watch even
/// if the parent died before the child got to look.
/// [`worker_command`](crate::worker_command) sets it.
pub const PARENT_VAR: &str = "CONCURRENCY_PARENT_PID";

/// How often a worker checks that its parent is still alive.
const PARENT_CHECK: Duration = Duration::from_millis(100);

// ANCHOR: exit_when_parent_dies
/// Exits this process when its parent dies, even in the middle of a long
/// computation, when nobody reads standard input. An orphan is adopted by
/// another process, so its parent's id changes: a thread looks ten times a
/// second. (Reading standard input on this thread instead would notice the
/// end of the pipe at once, but would add two thread switches to every
/// request.)
///
/// [`serve_roles`](crate::serve_roles) calls it before any role does its
/// work, so every worker in the workspace has it: a parent killed by a
/// signal it does not handle (`kill -TERM` on its PID alone, or `SIGKILL`)
/// runs no cleanup code, so its children must notice by themselves.
pub fn exit_when_parent_dies() {
    #[cfg(unix)]
    {
        let now = std::os::unix::process::parent_id();
        // The parent we were started by, if it said so: it may have died
        // (and we been adopted) before this line ran.
        let parent = std::env::var(PARENT_VAR)
            .ok()
            .and_then(|pid| pid.parse().ok())
            .unwrap_or(now);
        if now != parent {
            std::process::exit(0);
        }
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(PARENT_CHECK);
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(0);
                }
            }
        });
    }
}
// ANCHOR_END: exit_when_parent_dies
