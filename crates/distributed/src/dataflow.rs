//! The dataflow itself: every worker counts its share, the partial counts
//! are broadcast so that every worker sums them all, and one process's
//! workers are joined into its [`ProcessReport`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use timely::dataflow::operators::vec::{Broadcast, Map, ToStream};
use timely::dataflow::operators::{Inspect, Probe};

use crate::share::{Kernel, Partial};

/// What one process did: its own workers' share of the work, and the total
/// over all processes as its workers received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessReport {
    /// The process's index in the cluster (`-p`), from 0.
    pub process: usize,
    /// Its operating-system process id.
    pub pid: u32,
    /// Its worker threads.
    pub workers: usize,
    /// The numbers its workers checked.
    pub checked: u64,
    /// The primes its workers found.
    pub primes: u64,
    /// The seconds from joining the cluster to the last worker's end.
    pub secs: f64,
    /// The sum of every worker's partial count, in all processes.
    pub total: u64,
    /// Every prime in the range, in order, when the run asked for the list.
    pub list: Vec<u64>,
}

/// What a member does when its progress deadline passes: called with the
/// indices of the processes whose partial counts are missing.
pub type OnStalled = Arc<dyn Fn(&[usize]) + Send + Sync>;

/// A member's progress deadline: once every partial count of its own
/// process has arrived, how long it waits for the other processes' ones,
/// and what it does when some have not come by then (`on_stalled` gets the
/// indices of the processes whose counts are missing, and must end the
/// process: timely cannot abandon a dataflow half way).
#[derive(Clone)]
pub struct Stall {
    /// How long to wait for the other processes' partial counts.
    pub timeout: Duration,
    /// Called with the processes whose counts are missing (none, when all
    /// came but the dataflow still has not finished); it should end
    /// the process (if it returns, it is called again a moment later).
    pub on_stalled: OnStalled,
}

/// How often a waiting worker looks at its progress deadline.
const TICK: Duration = Duration::from_millis(100);

/// What one worker thread hands back: its own partial and every partial it
/// received (its own included).
struct WorkerResult {
    own: Option<Partial>,
    received: Vec<Partial>,
}

// ANCHOR: dataflow
/// Runs this process's part of the count of the primes in `1..=limit` on
/// timely `config` (one process, or process `process` of a cluster), with
/// `kernel`; `keep` asks for the list of primes. Returns once every worker
/// of every process has seen every partial count, or why not.
pub fn run_process(
    config: timely::Config,
    process: usize,
    limit: u64,
    kernel: Kernel,
    keep: bool,
) -> Result<ProcessReport, String> {
    run_process_on(Network::from_config(config)?, process, limit, kernel, keep, None)
}

/// A process's part of the cluster's network, ready for its workers: one
/// allocator builder per worker thread, what must live as long as they do
/// (the network threads' guard), and the workers' configuration.
pub struct Network {
    /// One per worker thread of this process.
    pub builders: Vec<timely::communication::AllocatorBuilder>,
    /// Kept alive until the workers are done (the network threads).
    pub others: Box<dyn std::any::Any + Send>,
    /// The workers' configuration.
    pub worker: timely::WorkerConfig,
}

impl Network {
    /// The network timely itself builds from `config` (for a cluster it
    /// connects by itself, retrying a peer that is not there for ever).
    pub fn from_config(config: timely::Config) -> Result<Network, String> {
        let (builders, others) = config.communication.try_build()?;
        Ok(Network {
            builders,
            others,
            worker: config.worker,
        })
    }
}

/// [`run_process`] on a network already made (a member makes its own
/// connections, with a deadline), with an optional progress deadline
/// ([`Stall`]).
pub fn run_process_on(
    network: Network,
    process: usize,
    limit: u64,
    kernel: Kernel,
    keep: bool,
    stall: Option<Stall>,
) -> Result<ProcessReport, String> {
    let start = Instant::now();
    let threads = network.builders.len().max(1);
    let guards = timely::execute::execute_from(network.builders, network.others, network.worker, move |worker| {
        let (index, peers) = (worker.index(), worker.peers());
        let result = Rc::new(RefCell::new(WorkerResult {
            own: None,
            received: Vec::new(),
        }));
        let (mine, seen) = (Rc::clone(&result), Rc::clone(&result));
        let probe = worker.dataflow::<(), _, _>(move |scope| {
            // One record per worker: its share. No data crosses the network
            // until the counts do.
            let (probe, _) = Some(kernel.share(limit, index, peers))
                .to_stream(scope)
                .map(move |share| kernel.count(share, keep))
                .inspect(move |partial| mine.borrow_mut().own = Some(partial.clone()))
                // Every worker, in every process, gets every partial count.
                .broadcast()
                .inspect(move |partial| seen.borrow_mut().received.push(partial.clone()))
                .probe();
            probe
        });
        // Progress tracking says when no more partials can arrive: the
        // probe's frontier is empty once every worker's stream has closed.
        // A peer that is frozen or cut off never closes its stream: the
        // first worker of each process watches the progress deadline.
        let watch = stall.clone().filter(|_| index % threads == 0);
        let mut heard_own_at: Option<Instant> = None;
        while !probe.done() {
            worker.step_or_park(Some(TICK));
            if let Some(stall) = &watch {
                let heard: Vec<usize> = result.borrow().received.iter().map(|partial| partial.worker).collect();
                let silent = |p: usize| (p * threads..(p + 1) * threads).any(|w| !heard.contains(&w));
                if silent(index / threads) {
                    continue;
                }
                let since = *heard_own_at.get_or_insert_with(Instant::now);
                if since.elapsed() >= stall.timeout {
                    // Empty when every count came but not every peer's
                    // progress (it stopped just after sending its count).
                    let missing: Vec<usize> = (0..peers / threads).filter(|&p| silent(p)).collect();
                    (stall.on_stalled)(&missing);
                }
            }
        }
        result.replace(WorkerResult {
            own: None,
            received: Vec::new(),
        })
    })?;
    let mut report = ProcessReport {
        process,
        pid: std::process::id(),
        workers: 0,
        checked: 0,
        primes: 0,
        secs: 0.0,
        total: 0,
        list: Vec::new(),
    };
    let mut totals = Vec::new();
    for joined in guards.join() {
        let WorkerResult { own, mut received } =
            joined.map_err(|panic| format!("a worker thread panicked: {panic}"))?;
        let own = own.ok_or("a worker ended without counting its share")?;
        report.workers += 1;
        report.checked += own.checked;
        report.primes += own.primes;
        totals.push(received.iter().map(|partial| partial.primes).sum::<u64>());
        if keep && report.list.is_empty() {
            received.sort_by_key(|partial| partial.worker);
            report.list = received.into_iter().flat_map(|partial| partial.list).collect();
            report.list.sort_unstable();
        }
    }
    report.secs = start.elapsed().as_secs_f64();
    report.total = totals.first().copied().unwrap_or(0);
    if totals.iter().any(|&total| total != report.total) {
        return Err(format!(
            "the workers of process {process} disagree on the total: {totals:?}"
        ));
    }
    Ok(report)
}
// ANCHOR_END: dataflow

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::known_prime_count;

    #[test]
    fn one_process_with_several_workers_is_exact() {
        for workers in [1, 3] {
            let report = run_process(
                timely::Config::process(workers),
                0,
                100_000,
                Kernel::TrialDivision,
                false,
            )
            .unwrap();
            assert_eq!(report.workers, workers);
            assert_eq!(report.checked, 100_000);
            assert_eq!(Some(report.primes), known_prime_count(100_000));
            assert_eq!(report.total, report.primes);
        }
    }

    #[test]
    fn the_list_of_primes_at_small_n() {
        let report = run_process(timely::Config::process(2), 0, 30, Kernel::TrialDivision, true).unwrap();
        assert_eq!(report.list, vec![2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    }
}
