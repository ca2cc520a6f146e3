//! Which machine the figures come from: every results file starts with it,
//! because a timing means nothing without the machine that produced it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// The machine, the toolchains and the moment of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// The CPU's model name (`/proc/cpuinfo`), or the architecture.
    pub cpu: String,
    /// Logical processors this process may use.
    pub logical: usize,
    /// Physical cores.
    pub physical: usize,
    /// Total memory, as `/proc/meminfo` says, or `unknown`.
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
            cpu: cpu_model().unwrap_or_else(|| std::env::consts::ARCH.to_owned()),
            logical: std::thread::available_parallelism().map_or(1, usize::from),
            physical: num_cpus::get_physical(),
            memory: total_memory().unwrap_or_else(|| "unknown".to_owned()),
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
        writeln!(f, "| Logical / physical cores | {} / {} |", self.logical, self.physical)?;
        writeln!(f, "| Memory | {} |", self.memory)?;
        writeln!(f, "| OS | {} |", self.os)?;
        writeln!(f, "| rustc | {} ({} build) |", self.rustc, self.profile)?;
        writeln!(f, "| Python | {} |", self.python)?;
        write!(f, "| Date | {} |", self.date)
    }
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_owned())
}

fn total_memory() -> Option<String> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} GiB", kib / (1024.0 * 1024.0)))
}

fn os_name() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("PRETTY_NAME="))?;
        Some(line.trim_start_matches("PRETTY_NAME=").trim_matches('"').to_owned())
    });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok();
    let arch = std::env::consts::ARCH;
    match (pretty, kernel) {
        (Some(name), Some(kernel)) => format!("{name} (kernel {}, {arch})", kernel.trim()),
        (Some(name), None) => format!("{name} ({arch})"),
        _ => format!("{} ({arch})", std::env::consts::OS),
    }
}

/// Now, as `2025-06-01 14:03 UTC`.
pub fn utc_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// Seconds since 1970 as a UTC date and time. The calendar arithmetic is
/// Howard Hinnant's `civil_from_days`: no date crate for one line of text.
fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3_600, (secs % 3_600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_right_across_leap_years() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_709_210_096), "2024-02-29 12:34 UTC");
        assert_eq!(format_utc(1_735_689_599), "2024-12-31 23:59 UTC");
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
