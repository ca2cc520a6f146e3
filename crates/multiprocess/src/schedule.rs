//! One run on a team of worker processes: a thread per worker talks to it,
//! and what comes back when a worker dies.
//!
//! Each worker process gets a thread in the parent that talks to it (the
//! threads only wait on pipes; the work happens in the processes). A thread
//! takes a task from the [`Board`](crate::board), sends it, and waits for
//! the acknowledgement. Only an acknowledged task counts. When the pipe
//! breaks instead, the task goes back on the board for another worker.
//!
//! A worker that stops answering without dying is made into a dead one: a
//! watchdog thread kills it once it misses its deadline (see
//! [`crate::liveness`]), and from there on it is handled as any death.

use std::fmt;
use std::io;
use std::time::Duration;

use concurrency_core::print_err;
use concurrency_core::{Job, RunError, WorkerReport};
use concurrency_process::describe_exit;

use crate::board::{Board, Source};
use crate::liveness::Board as Liveness;
use crate::process::WorkerProcess;
use crate::protocol::Reply;
use crate::signals::park_if_stopping;
use crate::task::Task;

/// A worker process that died during a run, and what it left undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerDeath {
    /// `Worker-{number}`.
    pub worker: String,
    /// Its process id.
    pub pid: u32,
    /// What the parent saw: the broken pipe and the exit status.
    pub cause: String,
    /// The task it held, given to another worker.
    pub unfinished: Task,
    /// How many numbers it had checked and acknowledged before; they stay
    /// counted, in its report.
    pub acknowledged: u64,
    /// `Some(deadline)` when it did not die by itself: it did not answer
    /// within `deadline`, and the parent killed it.
    pub missed_deadline: Option<Duration>,
}

impl fmt::Display for WorkerDeath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.missed_deadline {
            Some(deadline) => write!(
                f,
                "{} (pid {}) did not answer within {:.1} s: killed; its numbers run again \
                 (it had {} numbers acknowledged; its unfinished {} went back to the queue)",
                self.worker,
                self.pid,
                deadline.as_secs_f64(),
                self.acknowledged,
                self.unfinished
            ),
            None => write!(
                f,
                "{} (pid {}) died: {}; it had {} numbers acknowledged; its unfinished {} \
                 went back to the queue for another worker",
                self.worker, self.pid, self.cause, self.acknowledged, self.unfinished
            ),
        }
    }
}

/// What a run of the workers produced.
pub struct Outcome {
    /// One report per worker, in worker order: what it acknowledged.
    pub reports: Vec<WorkerReport>,
    /// The workers that died, in the order they died.
    pub deaths: Vec<WorkerDeath>,
}

/// What one talking thread brings back: its worker's report (none for an
/// empty slot) and its death, if it died.
type Talked = (Option<WorkerReport>, Option<WorkerDeath>);

// ANCHOR: drive
/// Runs `job` on the worker processes in `slots`: `own` gives each worker
/// its first task (SIMPLE), then everyone takes from `source`. A worker that
/// dies, or misses its deadline for a reply (`worker_timeout`, or the rule
/// of [`crate::liveness::deadline`] when `None`), is stopped, reaped and its
/// slot emptied; its task goes to another.
pub fn drive(
    slots: &mut [Option<WorkerProcess>],
    own: Vec<Option<Task>>,
    source: Source,
    job: &Job,
    worker_timeout: Option<Duration>,
) -> Result<Outcome, RunError> {
    let pids = slots.iter().map(|slot| slot.as_ref().map_or(0, WorkerProcess::pid));
    let liveness = Liveness::new(pids.collect::<Vec<_>>(), worker_timeout, job.delay);
    let board = Board::new(own, source);
    let talked = talk_to_all(slots, &board, &liveness, job).map_err(|source| RunError::Io {
        context: "cannot start a thread to talk to a worker process".to_owned(),
        source,
    })?;
    let mut outcome = Outcome {
        reports: Vec::new(),
        deaths: Vec::new(),
    };
    for (report, death) in talked {
        outcome.reports.extend(report);
        outcome.deaths.extend(death);
    }
    let left = board.unfinished();
    if left > 0 {
        let dead: Vec<&str> = outcome.deaths.iter().map(|d| d.worker.as_str()).collect();
        return Err(RunError::WorkerFailed {
            worker: if dead.is_empty() {
                "every worker".to_owned()
            } else {
                dead.join(", ")
            },
            reason: format!("no worker process was left to finish the work: {left} task(s) never done"),
        });
    }
    Ok(outcome)
}
// ANCHOR_END: drive

/// One thread per slot talks to its worker ([`talk`]), one watchdog keeps
/// the deadlines; all of them are joined before this returns.
fn talk_to_all(
    slots: &mut [Option<WorkerProcess>],
    board: &Board,
    liveness: &Liveness,
    job: &Job,
) -> io::Result<Vec<Talked>> {
    std::thread::scope(|scope| {
        // Ends the watchdog when this closure ends, even by a panic: the
        // scope waits for every thread, the watchdog included.
        let _finish = liveness.finish_on_drop();
        // Should the watchdog fail to start, the run goes on without
        // deadlines, as before they existed, and says so.
        let watchdog = std::thread::Builder::new()
            .name("watchdog".to_owned())
            .spawn_scoped(scope, move || crate::liveness::watch(liveness));
        if let Err(err) = &watchdog {
            print_err!("warning: cannot start the watchdog thread ({err}); a silent worker would hang the run");
        }
        let talkers: Vec<_> = slots
            .iter_mut()
            .enumerate()
            .map(|(index, slot)| {
                std::thread::Builder::new()
                    .name(format!("talk-{}", index + 1))
                    .spawn_scoped(scope, move || talk(index, slot, board, liveness, job))
            })
            .collect();
        // A slot whose thread did not start: its own chunk goes to the others.
        for (index, talker) in talkers.iter().enumerate() {
            if talker.is_err() {
                board.release_own(index);
            }
        }
        let (mut talked, mut spawn_error) = (Vec::new(), None);
        for talker in talkers {
            match talker {
                // A talker only reads pipes and takes locks; a panic there
                // is a bug in this crate, so it is passed on as it is.
                Ok(handle) => talked.push(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
                Err(err) => spawn_error = Some(err),
            }
        }
        spawn_error.map_or(Ok(talked), Err)
    })
}

// ANCHOR: talk
/// The thread that talks to one worker process: takes tasks until there are
/// none, and returns what the worker acknowledged, and how it died if it did.
fn talk(index: usize, slot: &mut Option<WorkerProcess>, board: &Board, liveness: &Liveness, job: &Job) -> Talked {
    let Some(process) = slot.as_mut() else {
        // An empty slot: a pool worker that died earlier. Pools have no own
        // tasks, but free the slot's anyway so no other thread waits for it.
        board.release_own(index);
        return (None, None);
    };
    let mut report = process.empty_report();
    while let Some(task) = board.take(index) {
        let clock = |waiting| {
            if waiting {
                liveness.waiting(index);
            } else {
                liveness.answered(index);
            }
        };
        match exchange(process, &task, job, clock) {
            Ok(part) => {
                report.primes.extend(part.primes);
                report.processed += part.processed;
                report.busy += part.busy;
                report.spans.extend(part.spans);
                report.thread = part.thread;
                board.acknowledged();
            }
            Err(err) => {
                let death = bury(process, task.clone(), &err, report.processed, || liveness.missed(index));
                *slot = None;
                print_err!("warning: {death}");
                report.died = Some(death.cause.clone());
                // Split among the others (the pool may be smaller now).
                board.give_back(task, job.workers.saturating_sub(1));
                return (Some(report), Some(death));
            }
        }
    }
    (Some(report), None)
}
// ANCHOR_END: talk

/// A worker whose pipe failed with `err` while it held `unfinished`: it is
/// done for. Reaps it first, so its exit status can be told; then makes sure
/// it was not the interrupt's shutdown that ended it (the flag is up before
/// the first worker is killed). A worker the watchdog killed for its
/// silence ends here too: `missed` says which deadline it missed.
fn bury(
    process: &mut WorkerProcess,
    unfinished: Task,
    err: &io::Error,
    acknowledged: u64,
    missed: impl FnOnce() -> Option<Duration>,
) -> WorkerDeath {
    let status = process.stop();
    park_if_stopping();
    let missed_deadline = missed();
    let cause = match missed_deadline {
        Some(deadline) => format!(
            "it did not answer within {:.1} s and was killed; the process {}",
            deadline.as_secs_f64(),
            describe_exit(&status)
        ),
        None => format!("{}; the process {}", explain(err), describe_exit(&status)),
    };
    WorkerDeath {
        worker: process.name().to_owned(),
        pid: process.pid(),
        cause,
        unfinished,
        acknowledged,
        missed_deadline,
    }
}

/// What a failed read or write on a worker's pipe means.
fn explain(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::UnexpectedEof => "its output pipe closed (end of file)".to_owned(),
        io::ErrorKind::BrokenPipe => "its input pipe is broken".to_owned(),
        _ => err.to_string(),
    }
}

/// Sends one task and waits for its acknowledgement, which must be the
/// work of this worker on exactly these numbers. `waiting(true)` is called
/// before each wait for a reply and `waiting(false)` after it: the
/// deadline's clock (see [`crate::liveness`]).
fn exchange(
    process: &mut WorkerProcess,
    task: &Task,
    job: &Job,
    mut waiting: impl FnMut(bool),
) -> io::Result<WorkerReport> {
    process.send(&task.request(job.delay, job.timeline))?;
    let mut counted = 0;
    loop {
        waiting(true);
        let reply = process.recv();
        waiting(false);
        match reply {
            Ok(Reply::Progress { checked }) => {
                job.progress.inc(checked);
                counted += checked;
            }
            Ok(Reply::Done(part)) => {
                let numbers = task.numbers();
                let expected = numbers.end() - numbers.start() + 1;
                let foreign = part.primes.iter().any(|p| !numbers.contains(p));
                if part.name != process.name() || part.pid != process.pid() || part.processed != expected || foreign {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("its answer to {task} does not match the request"),
                    ));
                }
                if let Task::Number(_) = task {
                    job.progress.inc(1);
                }
                return Ok(part);
            }
            Ok(other) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unexpected message {other:?}"),
                ));
            }
            Err(err) => {
                // The numbers it said it checked will be checked again by
                // another worker: take them off the bar.
                job.progress.dec(counted);
                return Err(err);
            }
        }
    }
}
