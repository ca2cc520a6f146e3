//! What the operating system can tell about this machine and its processes:
//! the one place that asks it.
//!
//! Three kept crates answer, each where it is good:
//!
//! - [sysinfo](https://docs.rs/sysinfo) for the machine (CPU model, memory,
//!   OS, cores): it knows how to ask Linux, macOS, Windows and the BSDs;
//! - [procfs](https://docs.rs/procfs) for processes on Linux, where `/proc`
//!   holds what no portable interface gives: the peak memory of *another*
//!   live process (`VmHWM`), a zombie's state, a process's threads by name;
//! - [nix](https://docs.rs/nix)'s `getrusage` for this process's own peak
//!   memory where there is no `/proc`.
//!
//! Every function answers `None` (or `false`, or nothing) where the platform
//! has no answer; callers print `n/a`. Nothing here panics.

/// The CPU's model name (`Intel(R) Xeon(R) ...`), or `None` where the
/// system does not say.
pub fn cpu_model() -> Option<String> {
    let mut system = sysinfo::System::new();
    system.refresh_cpu_list(sysinfo::CpuRefreshKind::nothing());
    let brand = system.cpus().first()?.brand().trim();
    (!brand.is_empty()).then(|| brand.to_owned())
}

/// Total memory in bytes, or `None` where the system does not say.
pub fn total_memory() -> Option<u64> {
    let mut system = sysinfo::System::new();
    system.refresh_memory();
    Some(system.total_memory()).filter(|&bytes| bytes > 0)
}

/// The physical cores (logical processors count hyper-threads twice).
pub fn physical_cores() -> Option<usize> {
    sysinfo::System::physical_core_count()
}

/// The operating system with its version, as `Linux (Debian GNU/Linux 12)`
/// or `macOS 15.1 Sequoia`.
pub fn os_version() -> Option<String> {
    sysinfo::System::long_os_version()
}

/// The kernel's version, as `6.1.0-18-amd64`.
pub fn kernel_version() -> Option<String> {
    sysinfo::System::kernel_version()
}

// ANCHOR: peak_rss
/// The peak resident set size of process `pid` in bytes: the most physical
/// memory it ever held at once.
///
/// On Linux this is the `VmHWM` line ("high water mark") of
/// `/proc/<pid>/status`, which any live process has, our workers included.
/// Elsewhere only this process can be asked, through `getrusage`. Its
/// `ru_maxrss` is not the Linux answer because on Linux it survives `exec`:
/// a freshly started child reports at least what its parent held when it
/// started it. `None` where the platform has no answer or the process is
/// gone.
pub fn peak_rss(pid: u32) -> Option<u64> {
    linux::peak_rss(pid).or_else(|| (pid == std::process::id()).then(own_peak_rss).flatten())
}
// ANCHOR_END: peak_rss

/// This process's peak resident set size in bytes, from `getrusage`
/// (`ru_maxrss`, which macOS counts in bytes and the others in kibibytes).
#[cfg(unix)]
pub fn own_peak_rss() -> Option<u64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let max_rss = u64::try_from(getrusage(UsageWho::RUSAGE_SELF).ok()?.max_rss()).ok()?;
    if cfg!(target_vendor = "apple") {
        Some(max_rss)
    } else {
        max_rss.checked_mul(1024)
    }
}

/// This process's peak resident set size: not known on this platform.
#[cfg(not(unix))]
pub fn own_peak_rss() -> Option<u64> {
    None
}

/// `true` while process `pid` exists in any state, zombies included: a
/// zombie is a child nobody reaped, exactly what a test must not leave
/// behind. Linux only; elsewhere always `false`.
pub fn process_exists(pid: u32) -> bool {
    linux::process(pid).is_some()
}

/// A process as its parent sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessState {
    /// The state letter: `R` running, `S` sleeping, `Z` zombie, ...
    pub state: char,
    /// The parent's pid.
    pub parent: u32,
}

/// The state and the parent of process `pid` (Linux only).
pub fn process_state(pid: u32) -> Option<ProcessState> {
    linux::process_state(pid)
}

/// The processes whose parent is `parent` (Linux only; elsewhere none).
pub fn children_of(parent: u32) -> Vec<u32> {
    linux::children_of(parent)
}

/// The names of the threads of process `pid` (`main`, `tokio-runtime-w`,
/// ...; the kernel keeps 15 bytes of each). Linux only; elsewhere none.
pub fn thread_names(pid: u32) -> Vec<String> {
    linux::thread_names(pid)
}

/// How many files one process may have open at most, whatever its hard
/// limit says (`nr_open` on Linux); `None` where the system does not say.
pub fn max_open_files() -> Option<u64> {
    linux::max_open_files()
}

#[cfg(target_os = "linux")]
mod linux {
    use procfs::process::Process;

    use super::ProcessState;

    pub fn process(pid: u32) -> Option<Process> {
        Process::new(i32::try_from(pid).ok()?).ok()
    }

    pub fn peak_rss(pid: u32) -> Option<u64> {
        process(pid)?.status().ok()?.vmhwm?.checked_mul(1024)
    }

    pub fn process_state(pid: u32) -> Option<ProcessState> {
        let stat = process(pid)?.stat().ok()?;
        let parent = u32::try_from(stat.ppid).ok()?;
        Some(ProcessState {
            state: stat.state,
            parent,
        })
    }

    pub fn children_of(parent: u32) -> Vec<u32> {
        let Ok(all) = procfs::process::all_processes() else {
            return Vec::new();
        };
        all.flatten()
            .filter_map(|process| process.stat().ok())
            .filter(|stat| u32::try_from(stat.ppid).is_ok_and(|ppid| ppid == parent))
            .filter_map(|stat| u32::try_from(stat.pid).ok())
            .collect()
    }

    pub fn thread_names(pid: u32) -> Vec<String> {
        let Some(Ok(tasks)) = process(pid).map(|process| process.tasks()) else {
            return Vec::new();
        };
        tasks
            .flatten()
            .filter_map(|task| Some(task.stat().ok()?.comm))
            .collect()
    }

    pub fn max_open_files() -> Option<u64> {
        // One number in a file: procfs has no function for this one.
        std::fs::read_to_string("/proc/sys/fs/nr_open")
            .ok()?
            .trim()
            .parse()
            .ok()
    }
}

/// Where there is no `/proc`, the process facts have no answer.
#[cfg(not(target_os = "linux"))]
mod linux {
    use super::ProcessState;

    pub fn process(_pid: u32) -> Option<()> {
        None
    }

    pub fn peak_rss(_pid: u32) -> Option<u64> {
        None
    }

    pub fn process_state(_pid: u32) -> Option<ProcessState> {
        None
    }

    pub fn children_of(_parent: u32) -> Vec<u32> {
        Vec::new()
    }

    pub fn thread_names(_pid: u32) -> Vec<String> {
        Vec::new()
    }

    pub fn max_open_files() -> Option<u64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test binary holds at least a megabyte and far less than a terabyte.
    const SANE_PEAK: std::ops::Range<u64> = 1 << 20..1 << 40;

    #[test]
    fn our_own_peak_is_known_where_it_can_be() {
        let me = std::process::id();
        if cfg!(unix) {
            let own = own_peak_rss().expect("getrusage answers on Unix");
            assert!(SANE_PEAK.contains(&own), "{own}");
        }
        if cfg!(target_os = "linux") {
            let peak = peak_rss(me).expect("Linux has VmHWM");
            assert!(SANE_PEAK.contains(&peak), "{peak}");
        }
    }

    #[test]
    fn a_gone_process_has_no_peak_and_does_not_exist() {
        // Reaped: the pid names nobody (pids are reused only after wrapping).
        let mut child = std::process::Command::new("true").spawn().expect("true runs");
        let pid = child.id();
        child.wait().expect("reap it");
        assert_eq!(peak_rss(pid), None);
        assert!(!process_exists(pid));
        assert_eq!(process_state(pid), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_knows_our_family_and_our_threads() {
        let me = std::process::id();
        assert!(process_exists(me));
        let state = process_state(me).expect("our own stat");
        assert_ne!(state.state, 'Z', "we are alive");
        assert!(
            children_of(state.parent).contains(&me),
            "our parent's children include us"
        );

        std::thread::Builder::new()
            .name("system-test".into())
            .spawn(move || {
                assert!(thread_names(me).iter().any(|name| name == "system-test"));
            })
            .expect("a thread starts")
            .join()
            .expect("the thread found itself");

        let nr_open = max_open_files().expect("Linux says nr_open");
        assert!(nr_open >= 1024, "{nr_open}");
    }

    #[test]
    fn the_machine_is_described() {
        // Every platform sysinfo knows names its memory; a machine has some.
        if cfg!(any(target_os = "linux", target_os = "macos", windows)) {
            let bytes = total_memory().expect("the total memory");
            assert!(bytes >= 1 << 26, "{bytes}");
            assert!(physical_cores().is_some_and(|cores| cores >= 1));
            assert!(os_version().is_some_and(|os| !os.is_empty()));
        }
    }
}
