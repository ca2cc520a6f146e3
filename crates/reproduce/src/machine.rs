//! Which machine the figures come from: every results file starts with it,
//! because a timing means nothing without the machine that produced it.

use std::fmt;

use concurrency_core::system;

/// The machine, the toolchains and the moment of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// The CPU's model name, or the architecture.
    pub cpu: String,
    /// Logical processors this process may use.
    pub logical: usize,
    /// Physical cores, or `None` where the system does not say.
    pub physical: Option<usize>,
    /// Total memory, or `unknown`.
    pub memory: String,
    /// The operating system and kernel.
    pub os: String,
    /// The compiler that built this program.
    pub rustc: String,
    /// `release`, or `debug` (whose figures are not worth quoting).
    pub profile: &'static str,
    /// The Python that ran the baselines, or why there is none.
    pub python: String,
    /// When the run started, UTC.
    pub date: String,
}

impl Machine {
    /// This machine, now. `python` is the Python version line (or a note).
    pub fn here(python: String) -> Machine {
        Machine {
            cpu: system::cpu_model().unwrap_or_else(|| std::env::consts::ARCH.to_owned()),
            logical: concurrency_core::cores(),
            physical: system::physical_cores(),
            memory: system::total_memory().map_or_else(|| "unknown".to_owned(), gib),
            os: os_name(),
            rustc: env!("REPRODUCE_RUSTC_VERSION").to_owned(),
            profile: if cfg!(debug_assertions) { "debug" } else { "release" },
            python,
            date: utc_now(),
        }
    }
}

/// The header of every results file: a small Markdown table.
impl fmt::Display for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| Machine | |")?;
        writeln!(f, "| --- | --- |")?;
        writeln!(f, "| CPU | {} |", self.cpu)?;
        let physical = self
            .physical
            .map_or_else(|| "n/a".to_owned(), |cores| cores.to_string());
        writeln!(f, "| Logical / physical cores | {} / {physical} |", self.logical)?;
        writeln!(f, "| Memory | {} |", self.memory)?;
        writeln!(f, "| OS | {} |", self.os)?;
        writeln!(f, "| rustc | {} ({} build) |", self.rustc, self.profile)?;
        writeln!(f, "| Python | {} |", self.python)?;
        write!(f, "| Date | {} |", self.date)
    }
}

/// Bytes as gibibytes with one decimal: `23.5 GiB`.
fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

/// The operating system, its kernel and the architecture:
/// `Linux (Debian GNU/Linux 12), kernel 6.1.0, x86_64`.
fn os_name() -> String {
    let arch = std::env::consts::ARCH;
    let name = system::os_version().unwrap_or_else(|| std::env::consts::OS.to_owned());
    match system::kernel_version() {
        Some(kernel) => format!("{name}, kernel {}, {arch}", kernel.trim()),
        None => format!("{name}, {arch}"),
    }
}

/// Now, as `2025-06-01 14:03 UTC`.
pub fn utc_now() -> String {
    format_utc(jiff::Timestamp::now())
}

/// A moment as a UTC date and time, to the minute.
fn format_utc(moment: jiff::Timestamp) -> String {
    moment.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_right_across_leap_years() {
        let at = |secs| format_utc(jiff::Timestamp::from_second(secs).expect("in range"));
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(at(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(at(1_709_210_096), "2024-02-29 12:34 UTC");
        assert_eq!(at(1_735_689_599), "2024-12-31 23:59 UTC");
    }

    #[test]
    fn memory_reads_in_gibibytes() {
        assert_eq!(gib(47 << 29), "23.5 GiB");
    }

    #[test]
    fn the_header_names_everything_the_issue_asks_for() {
        let header = Machine::here("Python 3.x".to_owned()).to_string();
        for row in [
            "CPU",
            "Logical / physical cores",
            "Memory",
            "OS",
            "rustc",
            "Python",
            "Date",
        ] {
            assert!(header.contains(&format!("| {row} |")), "{row}: {header}");
        }
        assert!(
            !header.contains("| rustc | unknown"),
            "build.rs found the compiler: {header}"
        );
    }
}
