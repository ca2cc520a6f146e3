//! What a process costs: the time to start and stop `k` worker processes,
//! next to `k` threads and `k` async tasks doing the same nothing.
//!
//! A process is a new address space, a new program loaded by the kernel and
//! its own start-up (here: the Rust runtime, then the hello on the pipe). A
//! thread shares all of that and gets just a stack. A task is a small struct
//! on the heap of one thread. The table this module prints shows roughly
//! how many orders of magnitude lie between them on the reader's machine.

use std::io;
use std::path::Path;
use std::time::Duration;

use concurrency_core::{Align, RunError, Table, median, time_it};

use crate::process::WorkerProcess;
use crate::protocol::{Reply, Request};

/// What starting and stopping `k` of each kind took (the median of a few
/// tries).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StartStopCost {
    /// How many were started and stopped.
    pub k: usize,
    /// `k` worker processes: started, hello received, input closed, reaped.
    pub processes: Duration,
    /// `k` threads: spawned and joined.
    pub threads: Duration,
    /// `k` tokio tasks on a current-thread runtime: spawned and awaited.
    pub tasks: Duration,
}

// ANCHOR: start_stop
/// Starts `k` worker processes from `exe`, waits for each hello, then stops
/// and reaps them all.
pub fn start_stop_processes(exe: &Path, k: usize) -> Result<Duration, RunError> {
    let (result, elapsed) = time_it(|| -> Result<(), RunError> {
        let mut team = WorkerProcess::start_team(exe, k, None)?;
        for process in &mut team {
            process.stop().map_err(|source| RunError::Io {
                context: format!("cannot stop {}", process.name()),
                source,
            })?;
        }
        Ok(())
    });
    result.map(|()| elapsed)
}

/// Spawns `k` threads that do nothing, and joins them.
pub fn start_stop_threads(k: usize) -> Result<Duration, RunError> {
    let (result, elapsed) = time_it(|| -> Result<(), RunError> {
        let threads = (0..k)
            .map(|_| std::thread::Builder::new().spawn(|| ()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| RunError::Io {
                context: "cannot start a thread".to_owned(),
                source,
            })?;
        for thread in threads {
            // `|| ()` cannot panic.
            let _ = thread.join();
        }
        Ok(())
    });
    result.map(|()| elapsed)
}

/// Spawns `k` tokio tasks that do nothing on a current-thread runtime, and
/// awaits them. The runtime is built before the clock starts: a program
/// builds it once, not per task.
pub fn start_stop_tasks(k: usize) -> Result<Duration, RunError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|source| RunError::Io {
            context: "cannot build a tokio runtime".to_owned(),
            source,
        })?;
    let ((), elapsed) = time_it(|| {
        runtime.block_on(async {
            let tasks: Vec<_> = (0..k).map(|_| tokio::spawn(async {})).collect();
            for task in tasks {
                let _ = task.await; // an empty task cannot fail
            }
        })
    });
    Ok(elapsed)
}
// ANCHOR_END: start_stop

/// One request to `worker` (the number `n`, no delay) and its reply: what
/// the SHARED runner pays per number on top of the work.
pub fn round_trip(worker: &mut WorkerProcess, n: u64) -> io::Result<()> {
    let request = Request::Number {
        n,
        delay: Duration::ZERO,
        timeline: false,
    };
    worker.send(&request)?;
    match worker.recv()? {
        Reply::Done(_) => Ok(()),
        other => Err(io::Error::other(format!("the worker answered {other:?}"))),
    }
}

/// Measures all three for `k`, each `tries` times, and keeps the medians.
pub fn measure(exe: &Path, k: usize, tries: usize) -> Result<StartStopCost, RunError> {
    let tries = tries.max(1);
    let mut processes = Vec::with_capacity(tries);
    let mut threads = Vec::with_capacity(tries);
    let mut tasks = Vec::with_capacity(tries);
    for _ in 0..tries {
        processes.push(start_stop_processes(exe, k)?);
        threads.push(start_stop_threads(k)?);
        tasks.push(start_stop_tasks(k)?);
    }
    Ok(StartStopCost {
        k,
        processes: median(processes).unwrap_or_default(),
        threads: median(threads).unwrap_or_default(),
        tasks: median(tasks).unwrap_or_default(),
    })
}

/// The costs as a table: one row per `k`.
pub fn table(costs: &[StartStopCost]) -> Table {
    let mut table = Table::new([
        ("Started and stopped", Align::Right),
        ("Processes", Align::Right),
        ("Threads", Align::Right),
        ("Async tasks", Align::Right),
        ("Process / thread", Align::Right),
        ("Thread / task", Align::Right),
    ]);
    for cost in costs {
        table.push_row([
            cost.k.to_string(),
            short(cost.processes),
            short(cost.threads),
            short(cost.tasks),
            ratio(cost.processes, cost.threads),
            ratio(cost.threads, cost.tasks),
        ]);
    }
    table
}

/// `12.3 µs`, `4.56 ms`: start-up times are far below the tutorial's
/// seconds.
pub fn short(d: Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.2} ms", micros / 1000.0)
    }
}

fn ratio(a: Duration, b: Duration) -> String {
    if b.is_zero() {
        return "-".to_owned();
    }
    format!("x{:.0}", a.as_secs_f64() / b.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_and_tasks_start_and_stop() {
        assert!(start_stop_threads(10).is_ok());
        assert!(start_stop_tasks(1000).is_ok());
    }

    #[test]
    fn durations_print_in_the_unit_that_fits() {
        assert_eq!(short(Duration::from_nanos(12_345)), "12.3 µs");
        assert_eq!(short(Duration::from_micros(4_560)), "4.56 ms");
        assert_eq!(ratio(Duration::from_millis(1), Duration::from_micros(20)), "x50");
        assert_eq!(
            median([Duration::from_millis(3), Duration::ZERO, Duration::from_millis(1)]),
            Some(Duration::from_millis(1))
        );
    }
}
