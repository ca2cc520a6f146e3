//! Peak memory, measured rather than guessed.
//!
//! Every process has a high water mark: the largest resident set size it
//! ever had ([`peak_rss`], from `concurrency_core::system`, which reads
//! Linux's `VmHWM`). It only grows, so a process that has measured one run
//! would carry that run's peak into the next: that is why every row of the
//! comparison runs in a fresh child process (see [`crate::measure_in_child`])
//! and reads its own mark at the end of its one run.
//!
//! A worker process has its own mark, which its parent's does not include.
//! The pool of `CHUNKS_IN_POOL` keeps its processes alive after a run, so the
//! row reads their marks before it stops them, and the peak it reports is
//! the sum: the parent's peak plus every worker's peak. That is an upper
//! bound of what the run held at any one moment (the peaks need not coincide),
//! which is the safe side for a claim such as "under 256 MB". <!-- figure: an example of a claim -->
//!
//! Where the system cannot say (another process's peak outside Linux), the
//! column says `n/a`.

use serde::{Deserialize, Serialize};

pub use concurrency_core::system::peak_rss;

/// The peak memory of one row: its own process and its worker processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeakMemory {
    /// The peak of the process that ran the runner.
    pub main: u64,
    /// The sum of the peaks of its worker processes (0 without any).
    pub workers: u64,
    /// How many worker processes that sum covers.
    pub worker_processes: usize,
}

impl PeakMemory {
    /// Parent and workers together, in bytes.
    pub fn total(&self) -> u64 {
        self.main + self.workers
    }
}

/// Bytes as mebibytes with one decimal: `12.3 MiB`.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_peak_is_there_on_linux() {
        if cfg!(target_os = "linux") {
            let peak = peak_rss(std::process::id()).expect("Linux has VmHWM");
            // A test binary holds at least a megabyte and far less than a terabyte.
            assert!((1 << 20..1 << 40).contains(&peak), "{peak}");
        }
    }

    #[test]
    fn formats_mebibytes() {
        assert_eq!(mib(3 * 1024 * 1024 + 512 * 1024), "3.5 MiB");
        let peak = PeakMemory {
            main: 10,
            workers: 5,
            worker_processes: 2,
        };
        assert_eq!(peak.total(), 15);
    }
}
