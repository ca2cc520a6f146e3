//! One member of a cluster: `--hostfile hosts.txt --process I`, the command
//! each machine runs (and each child of the local cluster).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use timely::communication::Hooks;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};

use concurrency_core::{panic_message, print_err};

use crate::connect::connect;
use crate::dataflow::{Network, ProcessReport, Stall, run_process_on};
use crate::hostfile::{check_can_listen, read_hostfile};
use crate::share::Kernel;

/// The exit code of a process that lost a peer: the local cluster names the
/// process that ended otherwise, the one that caused it.
pub const PEER_LOST_EXIT: i32 = 3;

/// The exit code of a process whose code panicked.
pub const PANIC_EXIT: i32 = 101;

/// The exit code of a process whose cluster did not connect within
/// `--connect-timeout`.
pub const CONNECT_EXIT: i32 = 4;

/// The exit code of a process whose peers' partial counts did not all
/// arrive within `--progress-timeout` of its own.
pub const STALLED_EXIT: i32 = 5;

/// What a member is asked to do.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// The host file every member reads.
    pub hostfile: &'a Path,
    /// This process's index in it.
    pub process: usize,
    /// How long to wait for the cluster to connect.
    pub connect_timeout: Duration,
    /// How long to wait for the other processes' partial counts once this
    /// process's own are in.
    pub progress_timeout: Duration,
    /// Worker threads in this process.
    pub workers: usize,
    /// The range is `1..=limit`.
    pub limit: u64,
    /// How each worker counts.
    pub kernel: Kernel,
    /// Whether to keep the list of primes.
    pub keep: bool,
}

/// The configuration of member `process` of the cluster in `hostfile`, or
/// why there is none (a bad host file, an index past its end, a port in
/// use): one line, for exit code 2.
pub fn cluster_config(hostfile: &Path, process: usize, workers: usize) -> Result<timely::Config, String> {
    let addresses = read_hostfile(hostfile)?;
    let Some(own) = addresses.get(process) else {
        return Err(format!(
            "--process {process}: {} names only {} processes (0 to {})",
            hostfile.display(),
            addresses.len(),
            addresses.len() - 1
        ));
    };
    check_can_listen(own).map_err(|err| format!("{err} (process {process} in {})", hostfile.display()))?;
    Ok(timely::Config {
        communication: timely::CommunicationConfig::Cluster {
            threads: workers,
            process,
            addresses,
            report: false,
            zerocopy: false,
        },
        worker: timely::WorkerConfig::default(),
    })
}

// ANCHOR: lost_peer
/// Makes any panic end this process at once, with one line. timely does not
/// recover a lost process: when a peer dies, the thread that reads from it
/// panics (`timely communication error: reading data: socket closed`), and
/// the workers would wait for its progress messages for ever. Ending the
/// whole process turns that into an exit code a supervisor can act on.
pub fn exit_on_panic(process: usize) {
    std::panic::set_hook(Box::new(move |info| {
        let message = panic_message(info.payload());
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("a thread");
        if message.starts_with("timely communication error") {
            // The network threads are named `timely:recv-2`, `timely:send-2`.
            let peer = name.rsplit('-').next().unwrap_or("?");
            print_err!("error: process {process} lost process {peer} ({message})");
            std::process::exit(PEER_LOST_EXIT);
        }
        print_err!("error: process {process}: {name} panicked: {message}");
        std::process::exit(PANIC_EXIT);
    }));
}
// ANCHOR_END: lost_peer

/// Runs member `member.process` to the end: joins the cluster (or ends
/// this process with one line and [`CONNECT_EXIT`] if it cannot within
/// `--connect-timeout`), counts its workers' shares, and waits for every
/// partial count (or ends with [`STALLED_EXIT`] past `--progress-timeout`).
pub fn run_member(config: timely::Config, member: &Member<'_>) -> Result<ProcessReport, String> {
    exit_on_panic(member.process);
    let timely::CommunicationConfig::Cluster { threads, addresses, .. } = &config.communication else {
        return Err("a member needs a cluster configuration".to_owned());
    };
    let sockets = connect(addresses, member.process, member.connect_timeout).unwrap_or_else(|err| {
        print_err!("error: {err}");
        std::process::exit(CONNECT_EXIT)
    });
    let hooks = Hooks::default();
    let allocators = ProcessBuilder::new_typed_vector(*threads, hooks.refill.clone(), hooks.spill.clone());
    let (builders, guard) = initialize_networking_from_sockets(allocators, sockets, member.process, *threads, hooks)
        .map_err(|err| format!("cannot start timely's network threads: {err}"))?;
    let network = Network {
        builders: builders.into_iter().map(AllocatorBuilder::Tcp).collect(),
        others: Box::new(guard),
        worker: config.worker.clone(),
    };
    run_process_on(
        network,
        member.process,
        member.limit,
        member.kernel,
        member.keep,
        Some(progress_deadline(member.process, member.progress_timeout)),
    )
}

// ANCHOR: progress_deadline
/// The progress deadline: a peer that is frozen (SIGSTOP), cut off (its
/// link down) or gone without closing its connections never sends its
/// partial count, and timely would wait for it for ever. Once this
/// process's own counts are in, the peers have `timeout` to send theirs;
/// then this process ends with one line naming the ones still silent, and
/// [`STALLED_EXIT`]. (The shares are balanced, so on like machines the
/// members finish close together; give slower peers a longer timeout.)
fn progress_deadline(process: usize, timeout: Duration) -> Stall {
    Stall {
        timeout,
        on_stalled: Arc::new(move |missing: &[usize]| {
            let names: Vec<String> = missing.iter().map(|peer| format!("process {peer}")).collect();
            let secs = timeout.as_secs_f64();
            if names.is_empty() {
                // Every count came, but some peer's word that its stream
                // has closed did not: it stopped just after sending.
                print_err!(
                    "error: process {process} has every partial count, but the cluster made no progress \
                     within {secs:.1} s of its own (--progress-timeout): a peer stopped or was cut off"
                );
            } else {
                print_err!(
                    "error: process {process} has no partial count from {} within {secs:.1} s of its own \
                     (--progress-timeout): stopped, cut off or far slower",
                    names.join(", ")
                );
            }
            std::process::exit(STALLED_EXIT)
        }),
    }
}
// ANCHOR_END: progress_deadline
