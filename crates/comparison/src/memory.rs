//! Peak memory, measured rather than guessed.
//!
//! Linux keeps, for every process, the largest resident set size it ever
//! had: the `VmHWM` line ("high water mark") of `/proc/<pid>/status`. It only
//! grows, so a process that has measured one run would carry that run's peak
//! into the next: that is why every row of the comparison runs in a fresh
//! child process (see [`crate::measure_in_child`]) and reads its own mark at
//! the end of its one run.
//!
//! A worker process has its own mark, which its parent's does not include.
//! The pool of `CHUNKS_IN_POOL` keeps its processes alive after a run, so the
//! row reads their marks before it stops them, and the peak it reports is
//! the sum: the parent's peak plus every worker's peak. That is an upper
//! bound of what the run held at any one moment (the peaks need not coincide),
//! which is the safe side for a claim such as "under 256 MB".
//!
//! Other systems have no `/proc`; there the column says `n/a`.

use serde::{Deserialize, Serialize};

// ANCHOR: peak_rss
/// The peak resident set size of process `pid` in bytes, from the `VmHWM`
/// line of `/proc/<pid>/status`; `None` where there is no `/proc` (not
/// Linux) or the process is gone.
pub fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_hwm(&status)
}
// ANCHOR_END: peak_rss

/// The `VmHWM:   1234 kB` line of a `/proc/<pid>/status` text, in bytes.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut fields = line.split_whitespace().skip(1);
    let value: u64 = fields.next()?.parse().ok()?;
    match fields.next()? {
        "kB" => value.checked_mul(1024),
        _ => None,
    }
}

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
    fn reads_the_high_water_mark_in_bytes() {
        let status = "Name:\tx\nVmPeak:\t  9000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(2048 * 1024));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\tlots kB\n"), None);
    }

    #[test]
    fn our_own_peak_is_there_on_linux() {
        if cfg!(target_os = "linux") {
            let peak = peak_rss(std::process::id()).expect("Linux has /proc/self/status");
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
