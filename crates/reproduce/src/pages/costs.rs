//! What a worker costs, for the multiprocess page: starting and stopping
//! `k` processes, threads and async tasks (the chapter's `--costs`), and one
//! round trip to a worker process (the SHARED runner's price per number),
//! in interleaved rounds.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chapter_multiprocess::costs::{round_trip, start_stop_processes, start_stop_tasks, start_stop_threads};
use chapter_multiprocess::process::WorkerProcess;
use concurrency_core::{Align, Table};

use super::anchored;
use crate::Settings;
use crate::measure::Stat;

/// How many workers each row starts and stops.
const COUNTS: [usize; 3] = [1, 10, 100];

/// Round trips timed per round; the cell is the time of one.
const TRIPS: u32 = 1_000;

/// The section `### What a worker costs`, with the tables anchored as
/// `costs` and `round_trip`.
pub(crate) fn section(settings: &Settings) -> Result<String, String> {
    let rounds = settings.rounds();
    // samples[i] = [processes, threads, tasks] of COUNTS[i], one per round.
    let mut samples = vec![[const { Vec::new() }; 3]; COUNTS.len()];
    let mut trips = Vec::new();
    for _ in 0..rounds {
        for (i, &k) in COUNTS.iter().enumerate() {
            let error = |e| format!("starting and stopping {k} workers failed: {e}");
            samples[i][0].push(start_stop_processes(&settings.exe, k).map_err(error)?.as_secs_f64());
            samples[i][1].push(start_stop_threads(k).map_err(error)?.as_secs_f64());
            samples[i][2].push(start_stop_tasks(k).map_err(error)?.as_secs_f64());
        }
        trips.push(mean_round_trip(settings)?.as_secs_f64());
    }
    let mut table = Table::new([
        ("Started and stopped", Align::Right),
        ("Processes", Align::Right),
        ("Threads", Align::Right),
        ("Async tasks (tokio, one thread)", Align::Right),
        ("Process / thread", Align::Right),
        ("Thread / task", Align::Right),
    ]);
    for (&k, [processes, threads, tasks]) in COUNTS.iter().zip(&samples) {
        let cell = |values: &[f64]| Stat::of(values).map_or("-".to_owned(), |s| s.secs_cell());
        let ratio = |a: &[f64], b: &[f64]| {
            let ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
            Stat::of(&ratios).map_or("-".to_owned(), |s| {
                let decimals = if s.median < 10.0 { 1 } else { 0 };
                format!("x{:.decimals$}", s.median)
            })
        };
        table.push_row([
            k.to_string(),
            cell(processes),
            cell(threads),
            cell(tasks),
            ratio(processes, threads),
            ratio(threads, tasks),
        ]);
    }
    let mut trip = Table::new([("Round trip", Align::Left), ("Time of one", Align::Right)]);
    trip.push_row([
        "one number to a worker process and its answer back".to_owned(),
        Stat::of(&trips).map_or("-".to_owned(), |s| s.secs_cell()),
    ]);
    let mut text = String::new();
    let _ = write!(
        text,
        "\n### What a worker costs\n\nStarting and stopping `k` workers that do nothing (the chapter's `--costs`): \
         worker processes (started, hello received, input closed, reaped), threads (spawned and joined) and tokio \
         tasks on a current-thread runtime (spawned and awaited), in {rounds} interleaved rounds; the ratios are \
         medians of the per-round ratios.\n\n{}\nThe price SHARED pays per number: a request on a worker process's \
         pipe and its reply, the mean of {TRIPS} in a row, in each of the same rounds.\n\n{}",
        anchored("costs", table),
        anchored("round_trip", trip),
    );
    Ok(text)
}

/// The mean time of one request and its reply, over [`TRIPS`] of them to
/// one worker process, which is started before the clock and stopped after.
fn mean_round_trip(settings: &Settings) -> Result<Duration, String> {
    let mut worker = WorkerProcess::start(&settings.exe, 1, None).map_err(|e| format!("no worker process: {e}"))?;
    let start = Instant::now();
    for n in 1..=u64::from(TRIPS) {
        round_trip(&mut worker, n).map_err(|e| format!("a round trip to the worker failed: {e}"))?;
    }
    let elapsed = start.elapsed();
    worker.stop().map_err(|e| format!("cannot stop the worker: {e}"))?;
    Ok(elapsed / TRIPS)
}
