//! One member of a cluster: `--hostfile hosts.txt --process I`, the command
//! each machine runs (and each child of the local cluster).

use std::path::Path;

use concurrency_core::{panic_message, print_err};

use crate::dataflow::{ProcessReport, run_process};
use crate::hostfile::{check_can_listen, read_hostfile};
use crate::share::Kernel;

/// The exit code of a process that lost a peer: the local cluster names the
/// process that ended otherwise, the one that caused it.
pub const PEER_LOST_EXIT: i32 = 3;

/// The exit code of a process whose code panicked.
pub const PANIC_EXIT: i32 = 101;

/// What a member is asked to do.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// The host file every member reads.
    pub hostfile: &'a Path,
    /// This process's index in it.
    pub process: usize,
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

/// Runs member `member.process` to the end: joins the cluster, counts its
/// workers' shares, and waits for every partial count.
pub fn run_member(config: timely::Config, member: &Member<'_>) -> Result<ProcessReport, String> {
    exit_on_panic(member.process);
    run_process(config, member.process, member.limit, member.kernel, member.keep)
}
