//! Worker processes, as small as they can be: the chapter binary starts
//! itself again with [`WORKER_VAR`] set to its share of the work; the child
//! searches its batches, prints one number (what it found) and exits. No
//! pool, no protocol: one job per process, its answer on standard output,
//! its exit status saying whether it went well.
//!
//! The parent waits for every child it started, failed or not, so none is
//! left behind as a zombie; and a child whose parent dies (killed by a
//! signal, with no chance to clean up) exits by itself within a tenth of a
//! second, so none runs on as an orphan.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Child, ExitCode, Stdio};

use chapter_multiprocess::process::worker_command;
use concurrency_core::RunError;
use concurrency_core::print_err;

use crate::batches::{Plan, Share, search_batches};

/// The environment variable that turns the chapter binary into a worker:
/// `seed,size,max_needle,first_batch,end_batch` (end excluded).
pub const WORKER_VAR: &str = "CHAPTER_SEARCH_WORKER";

// ANCHOR: run_if_worker
/// Call first thing in `main`: in a worker process, does the work and
/// returns the exit code; in the parent (no [`WORKER_VAR`]), returns `None`.
pub fn run_if_worker() -> Option<ExitCode> {
    let spec = std::env::var_os(WORKER_VAR)?;
    let Some((seed, size, max_needle, first, end)) = parse_spec(&spec) else {
        print_err!("error: {WORKER_VAR}={spec:?} is not seed,size,max_needle,first,end");
        return Some(ExitCode::from(2));
    };
    // A parent killed by a signal runs no cleanup: do not search on for it.
    chapter_multiprocess::worker::exit_when_parent_dies();
    // A process shares no memory with its parent: it builds its own copy.
    let haystack: Vec<u32> = (0..size).collect();
    let found = search_batches(&haystack, seed, max_needle, first..end);
    // If the parent has gone, there is no one to tell: fail quietly.
    match writeln!(std::io::stdout(), "{found}") {
        Ok(()) => Some(ExitCode::SUCCESS),
        Err(_) => Some(ExitCode::FAILURE),
    }
}
// ANCHOR_END: run_if_worker

fn parse_spec(spec: &OsStr) -> Option<(u64, u32, u32, u64, u64)> {
    let text = spec.to_str()?;
    let mut parts = text.split(',');
    let mut next = || parts.next().map(str::trim);
    let seed = next()?.parse().ok()?;
    let size = next()?.parse().ok()?;
    let max_needle = next()?.parse().ok()?;
    let first = next()?.parse().ok()?;
    let end = next()?.parse().ok()?;
    (next().is_none() && first <= end).then_some((seed, size, max_needle, first, end))
}

// ANCHOR: in_processes
/// Starts one process per worker, all at once, then collects them in order.
pub(crate) fn in_processes(exe: &Path, plan: &Plan) -> Result<Vec<Share>, RunError> {
    let mut children: Vec<(String, Child)> = Vec::new();
    for (i, batches) in plan.shares().into_iter().enumerate() {
        let name = format!("Worker-{}", i + 1);
        let spec = format!(
            "{},{},{},{},{}",
            plan.seed, plan.size, plan.max_needle, batches.start, batches.end
        );
        let started = worker_command(exe)
            .env(WORKER_VAR, spec)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn();
        match started {
            Ok(child) => children.push((name, child)),
            Err(source) => {
                // Do not leave the ones already started running on their own.
                for (_, mut child) in children {
                    let _ = child.kill();
                    let _ = child.wait();
                }
                return Err(RunError::Io {
                    context: format!("cannot start {name} from {}", exe.display()),
                    source,
                });
            }
        }
    }
    // Wait for every child, even after one has failed: each is reaped.
    let results: Vec<Result<Share, RunError>> = children
        .into_iter()
        .zip(plan.shares())
        .map(|((worker, child), batches)| collect(worker, child, batches))
        .collect();
    results.into_iter().collect()
}

fn collect(worker: String, child: Child, batches: std::ops::Range<u64>) -> Result<Share, RunError> {
    let pid = child.id();
    // Reads the child's output to the end, then waits for it: reaped.
    let output = child.wait_with_output().map_err(|source| RunError::Io {
        context: format!("cannot wait for {worker} (pid {pid})"),
        source,
    })?;
    let failed = |reason: String| RunError::WorkerFailed {
        worker: format!("{worker} (pid {pid})"),
        reason,
    };
    if !output.status.success() {
        return Err(failed(format!("its process ended with {}", output.status)));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let found = text
        .trim()
        .parse()
        .map_err(|_| failed(format!("it answered {text:?}, not a count")))?;
    Ok(Share {
        worker,
        pid,
        thread: "?".to_owned(),
        batches,
        found,
    })
}
// ANCHOR_END: in_processes

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_or_are_refused() {
        assert_eq!(
            parse_spec(OsStr::new("42,1000000,1000000,3,6")),
            Some((42, 1_000_000, 1_000_000, 3, 6))
        );
        for bad in ["", "1,2,3,4", "1,2,3,4,5,6", "a,2,3,4,5", "1,2,3,5,4", "1,-2,3,4,5"] {
            assert_eq!(parse_spec(OsStr::new(bad)), None, "{bad}");
        }
    }

    #[test]
    fn a_program_that_is_not_a_worker_fails_by_name() {
        // `true` exits 0 and prints nothing: not a count.
        let plan = Plan {
            seed: 1,
            size: 10,
            max_needle: 20,
            batches: 2,
            workers: 2,
        };
        let Ok(exe) = which("true") else {
            eprintln!("skipped: no true(1) in /bin or /usr/bin to play a program that is not a worker");
            return;
        };
        let err = in_processes(&exe, &plan).expect_err("no count printed");
        assert!(err.to_string().contains("Worker-1 (pid "), "{err}");
        let missing = in_processes(Path::new("/no/such/program"), &plan).expect_err("cannot start");
        assert!(missing.to_string().contains("cannot start Worker-1"), "{missing}");
    }

    fn which(program: &str) -> Result<std::path::PathBuf, ()> {
        ["/bin", "/usr/bin"]
            .iter()
            .map(|dir| Path::new(dir).join(program))
            .find(|p| p.exists())
            .ok_or(())
    }
}
