//! The parent's bookkeeping: which work is waiting, which is out with a
//! worker, and what comes back when a worker dies.
//!
//! Each worker process gets a thread in the parent that talks to it (the
//! threads only wait on pipes; the work happens in the processes). A thread
//! takes a task, sends it, and waits for the acknowledgement. Only an
//! acknowledged task counts. When the pipe breaks instead, the task goes
//! back on the board for another worker, and whatever the dead worker did
//! for it is forgotten: so no number is lost, and none is counted twice.
//!
//! A worker that stops answering without dying is made into a dead one: a
//! watchdog thread kills it once it misses its deadline (see
//! [`crate::liveness`]), and from there on it is handled as any death.

use std::collections::VecDeque;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use concurrency_core::print_err;
use concurrency_core::{Job, NumberQueue, RunError, WorkerReport};
use concurrency_process::describe_exit;

use crate::liveness::Board as Liveness;
use crate::process::{WorkerProcess, park_if_stopping};
use crate::protocol::{Reply, Request};

/// A piece of work for one worker process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// One number: one round trip.
    Number(u64),
    /// A contiguous chunk.
    Range(RangeInclusive<u64>),
}

impl Task {
    fn request(&self, delay: Duration) -> Request {
        match self {
            Task::Number(n) => Request::Number { n: *n, delay },
            Task::Range(range) => Request::Range {
                first: *range.start(),
                last: *range.end(),
                delay,
            },
        }
    }

    /// The task cut into at most `parts` contiguous pieces of nearly equal
    /// size. A chunk given back by a dead worker is split among the workers
    /// left: redone whole by one of them, it would double the run's time
    /// (a SIMPLE chunk is a whole worker's share).
    pub fn split(self, parts: usize) -> Vec<Task> {
        let Task::Range(range) = self else {
            return vec![self];
        };
        let (first, last) = (*range.start(), *range.end());
        let len = last - first + 1;
        let parts = (parts.max(1) as u64).min(len);
        let (base, extra) = (len / parts, len % parts);
        let mut start = first;
        (0..parts)
            .map(|i| {
                let size = base + u64::from(i < extra);
                let piece = Task::Range(start..=start + (size - 1));
                start += size;
                piece
            })
            .collect()
    }

    fn numbers(&self) -> RangeInclusive<u64> {
        match self {
            Task::Number(n) => *n..=*n,
            Task::Range(range) => range.clone(),
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Task::Number(n) => write!(f, "number {n}"),
            Task::Range(range) => write!(f, "numbers {}..={}", range.start(), range.end()),
        }
    }
}

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

/// Where the tasks come from.
pub enum Source {
    /// One number at a time from the parent's queue.
    Numbers(NumberQueue),
    /// Tasks taken in order by whichever worker asks.
    Tasks(VecDeque<Task>),
}

/// The board every talking thread reads, behind one lock.
struct Board {
    /// SIMPLE: each worker's own chunk, given before anything else.
    own: Vec<Option<Task>>,
    source: Source,
    /// Tasks given back by dead workers: served first.
    retry: VecDeque<Task>,
    /// Tasks sent and not yet acknowledged or given back.
    out: usize,
}

impl Board {
    fn next(&mut self, index: usize) -> Option<Task> {
        if let Some(own) = self.own.get_mut(index).and_then(Option::take) {
            return Some(own);
        }
        if let Some(task) = self.retry.pop_front() {
            return Some(task);
        }
        match &mut self.source {
            Source::Numbers(queue) => queue.pop().map(Task::Number),
            Source::Tasks(tasks) => tasks.pop_front(),
        }
    }

    fn unfinished(&self) -> usize {
        let waiting = match &self.source {
            Source::Numbers(queue) => queue.remaining() as usize,
            Source::Tasks(tasks) => tasks.len(),
        };
        waiting + self.retry.len() + self.own.iter().flatten().count()
    }
}

struct Shared {
    board: Mutex<Board>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next task for worker `index`; waits while none is free but some
    /// are out (a worker holding one may die and give it back); `None` once
    /// all the work is acknowledged.
    fn take(&self, index: usize) -> Option<Task> {
        let mut board = self.lock();
        loop {
            if let Some(task) = board.next(index) {
                board.out += 1;
                return Some(task);
            }
            // Done only when nothing is out *and* no worker's own chunk is
            // still waiting (SIMPLE): a late worker may yet take its chunk
            // and die, and then someone must be left to take it over.
            if board.out == 0 && board.own.iter().all(Option::is_none) {
                return None;
            }
            board = self.changed.wait(board).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Moves worker `index`'s own chunk, if it still has one, to the retry
    /// queue: for a slot that has no thread talking to it.
    fn release_own(&self, index: usize) {
        let mut board = self.lock();
        if let Some(task) = board.own.get_mut(index).and_then(Option::take) {
            board.retry.push_back(task);
        }
        drop(board);
        self.changed.notify_all();
    }

    fn acknowledged(&self) {
        self.lock().out -= 1;
        self.changed.notify_all();
    }

    /// Puts a dead worker's task back, cut into `parts` pieces (see
    /// [`Task::split`]).
    fn give_back(&self, task: Task, parts: usize) {
        let mut board = self.lock();
        board.retry.extend(task.split(parts));
        board.out -= 1;
        drop(board);
        self.changed.notify_all();
    }
}

/// What a run of the workers produced.
pub struct Outcome {
    /// One report per worker, in worker order: what it acknowledged.
    pub reports: Vec<WorkerReport>,
    /// The workers that died, in the order they died.
    pub deaths: Vec<WorkerDeath>,
}

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
    let shared = Shared {
        board: Mutex::new(Board {
            own,
            source,
            retry: VecDeque::new(),
            out: 0,
        }),
        changed: Condvar::new(),
    };
    let mut spawn_error = None;
    let results: Vec<(Option<WorkerReport>, Option<WorkerDeath>)> = std::thread::scope(|scope| {
        let liveness = &liveness;
        // Ends the watchdog when this closure ends, even by a panic: the
        // scope waits for every thread, the watchdog included.
        let _finish = liveness.finish_on_drop();
        // The watchdog. Should it fail to start, the run goes on without
        // deadlines, as before they existed, and says so.
        let watchdog = std::thread::Builder::new()
            .name("watchdog".to_owned())
            .spawn_scoped(scope, move || liveness.watch());
        if let Err(err) = &watchdog {
            print_err!("warning: cannot start the watchdog thread ({err}); a silent worker would hang the run");
        }
        let talkers: Vec<_> = slots
            .iter_mut()
            .enumerate()
            .map(|(index, slot)| {
                let shared = &shared;
                std::thread::Builder::new()
                    .name(format!("talk-{}", index + 1))
                    .spawn_scoped(scope, move || talk(index, slot, shared, liveness, job))
            })
            .collect();
        for (index, talker) in talkers.iter().enumerate() {
            if talker.is_err() {
                shared.release_own(index);
            }
        }
        let mut results = Vec::new();
        for talker in talkers {
            match talker {
                // A talker only reads pipes and takes locks; a panic there
                // is a bug in this crate, so it is passed on as it is.
                Ok(handle) => results.push(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
                Err(err) => spawn_error = Some(err),
            }
        }
        results
    });
    if let Some(source) = spawn_error {
        return Err(RunError::Io {
            context: "cannot start a thread to talk to a worker process".to_owned(),
            source,
        });
    }
    let mut outcome = Outcome {
        reports: Vec::new(),
        deaths: Vec::new(),
    };
    for (report, death) in results {
        outcome.reports.extend(report);
        outcome.deaths.extend(death);
    }
    let left = shared.lock().unfinished();
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

/// The thread that talks to one worker process: takes tasks until there are
/// none, and returns what the worker acknowledged, and how it died if it did.
fn talk(
    index: usize,
    slot: &mut Option<WorkerProcess>,
    shared: &Shared,
    liveness: &Liveness,
    job: &Job,
) -> (Option<WorkerReport>, Option<WorkerDeath>) {
    let Some(process) = slot.as_mut() else {
        // An empty slot: a pool worker that died earlier. Pools have no own
        // tasks, but free the slot's anyway so no other thread waits for it.
        shared.release_own(index);
        return (None, None);
    };
    let mut report = process.empty_report();
    while let Some(task) = shared.take(index) {
        match exchange(process, &task, job, |waiting| {
            if waiting {
                liveness.waiting(index);
            } else {
                liveness.answered(index);
            }
        }) {
            Ok(part) => {
                report.primes.extend(part.primes);
                report.processed += part.processed;
                report.busy += part.busy;
                report.thread = part.thread;
                shared.acknowledged();
            }
            Err(err) => {
                // Broken pipe, end of file or nonsense: this worker is done
                // for. Reap it first, so its exit status can be told; then
                // make sure it was not the interrupt's shutdown that ended it
                // (the flag is up before the first worker is killed). A
                // worker the watchdog killed for its silence ends here too.
                let status = process.stop();
                park_if_stopping();
                let missed_deadline = liveness.missed(index);
                let cause = match missed_deadline {
                    Some(deadline) => format!(
                        "it did not answer within {:.1} s and was killed; the process {}",
                        deadline.as_secs_f64(),
                        describe_exit(&status)
                    ),
                    None => format!("{}; the process {}", explain(&err), describe_exit(&status)),
                };
                let death = WorkerDeath {
                    worker: process.name().to_owned(),
                    pid: process.pid(),
                    cause,
                    unfinished: task.clone(),
                    acknowledged: report.processed,
                    missed_deadline,
                };
                *slot = None;
                print_err!("warning: {death}");
                report.died = Some(death.cause.clone());
                // Split among the others (the pool may be smaller now).
                shared.give_back(task, job.workers.saturating_sub(1));
                return (Some(report), Some(death));
            }
        }
    }
    (Some(report), None)
}

/// What a failed read or write on a worker's pipe means.
fn explain(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => "its output pipe closed (end of file)".to_owned(),
        std::io::ErrorKind::BrokenPipe => "its input pipe is broken".to_owned(),
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
) -> std::io::Result<WorkerReport> {
    process.send(&task.request(job.delay))?;
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
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("its answer to {task} does not match the request"),
                    ));
                }
                if let Task::Number(_) = task {
                    job.progress.inc(1);
                }
                return Ok(part);
            }
            Ok(other) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
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
// ANCHOR_END: drive

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_back_chunk_is_split_into_contiguous_pieces() {
        let pieces = Task::Range(1001..=1500).split(3);
        assert_eq!(
            pieces,
            [
                Task::Range(1001..=1167),
                Task::Range(1168..=1334),
                Task::Range(1335..=1500)
            ]
        );
        // Never an empty piece, never more pieces than numbers.
        assert_eq!(Task::Range(5..=6).split(4), [Task::Range(5..=5), Task::Range(6..=6)]);
        assert_eq!(Task::Range(7..=9).split(0), [Task::Range(7..=9)]);
        assert_eq!(Task::Number(42).split(3), [Task::Number(42)]);
    }
}
