//! wrk, the dedicated HTTP load generator, run and read: the yardstick for
//! [`load`](crate::load::load).
//!
//! wrk (written in C, on an event loop per thread, as `load` runs a tokio
//! runtime per thread) keeps `connections` open and sends the next request
//! on each as soon as the last one is answered, for a fixed duration. It
//! does the least work a client can per request, so its rate is what the
//! server can give on this machine when the client costs next to nothing.
//! It is a Debian package (`apt install wrk`), not a crate: [`run`] starts
//! the program and reads its report, and [`available`] says whether it is
//! there at all.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::client::Tally;
use crate::load::LoadReport;

/// What wrk is to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrkPlan {
    /// The URL every request fetches.
    pub url: String,
    /// Connections kept open, each with one request in flight (`-c`).
    pub connections: usize,
    /// Threads (`-t`).
    pub threads: usize,
    /// How long it sends requests (`-d`, in whole seconds, at least 1);
    /// wrk has no request count.
    pub duration: Duration,
    /// A request unanswered this long counts as a timeout (`--timeout`, in
    /// whole seconds, at least 1).
    pub timeout: Duration,
}

/// Whether a `wrk` program is on the `PATH`.
pub fn available() -> bool {
    // `wrk -v` prints its version and exits 1: starting it is the test.
    Command::new("wrk")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs wrk with `plan` and reads its report. wrk stops by itself after
/// `plan.duration`. Its requests answered with another status than 2xx or
/// 3xx are counted as status errors, its socket errors as connection
/// errors or timeouts; it does not report body bytes, so the tally's
/// `bytes` stays 0.
pub fn run(plan: &WrkPlan) -> Result<LoadReport, String> {
    // wrk's times are whole numbers with a unit of s, m or h.
    let output = Command::new("wrk")
        .arg(format!("-t{}", plan.threads.clamp(1, plan.connections.max(1))))
        .arg(format!("-c{}", plan.connections))
        .arg(format!("-d{}s", plan.duration.as_secs().max(1)))
        .arg("--timeout")
        .arg(format!("{}s", plan.timeout.as_secs().max(1)))
        .arg("--latency")
        .arg(&plan.url)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run wrk: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        // wrk prints its usage on standard output, other errors on standard error.
        let why = format!("{}{text}", String::from_utf8_lossy(&output.stderr));
        return Err(format!(
            "wrk failed ({}): {}",
            output.status,
            why.trim().lines().next().unwrap_or("no message")
        ));
    }
    parse(&text).ok_or_else(|| format!("cannot read wrk's report:\n{text}"))
}

/// Reads wrk's report (`--latency`): requests, duration, errors and the
/// latency percentiles. `None` if a line it always prints is missing.
pub fn parse(report: &str) -> Option<LoadReport> {
    let mut requests = None;
    let mut elapsed = None;
    let (mut median, mut p99) = (None, None);
    let mut tally = Tally::default();
    for line in report.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            // "178796 requests in 3.06s, 64.28MB read"
            [count, "requests", "in", time, ..] => {
                requests = count.parse::<u64>().ok();
                elapsed = duration(time.trim_end_matches(','));
            }
            ["50%", time] => median = duration(time),
            ["99%", time] => p99 = duration(time),
            // "Socket errors: connect 0, read 12, write 0, timeout 3"
            ["Socket", "errors:", rest @ ..] => {
                for pair in rest.chunks(2) {
                    let [kind, count] = pair else { continue };
                    let count: u64 = count.trim_end_matches(',').parse().ok()?;
                    match *kind {
                        "timeout" => tally.timeouts += count,
                        _ => tally.connection += count,
                    }
                }
            }
            // "Non-2xx or 3xx responses: 5"
            ["Non-2xx", "or", "3xx", "responses:", count] => tally.status = count.parse().ok()?,
            _ => {}
        }
    }
    // wrk counts every request that got an answer, whatever its status.
    tally.ok = requests?.checked_sub(tally.status)?;
    let elapsed = elapsed?;
    Some(LoadReport {
        tally,
        elapsed,
        stopped_by_limit: false,
        median: median?,
        p99: p99?,
    })
}

/// wrk's durations: `812.00us`, `15.37ms`, `3.06s`, `1.02m`.
fn duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let secs = match unit {
        "us" => value / 1e6,
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{SMALL_PAGE, Server, ServerConfig};

    /// A report wrk 4.1 printed against the chapter's server.
    const REPORT: &str = "Running 3s test @ http://127.0.0.1:42793/dice
  2 threads and 1000 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    16.96ms    7.23ms 124.43ms   94.20%
    Req/Sec    29.90k     4.55k   35.29k    85.00%
  Latency Distribution
     50%   15.37ms
     75%   18.01ms
     90%   21.64ms
     99%   43.93ms
  178796 requests in 3.06s, 64.28MB read
Requests/sec:  58515.89
Transfer/sec:     21.04MB
";

    #[test]
    fn a_clean_report_is_read() {
        let report = parse(REPORT).expect("a whole report");
        assert_eq!(report.tally.ok, 178_796);
        assert_eq!(report.tally.errors(), 0);
        assert_eq!(report.elapsed, Duration::from_millis(3060));
        assert_eq!(report.median, Duration::from_micros(15_370));
        assert_eq!(report.p99, Duration::from_micros(43_930));
        // The rate from the rounded counts is within 0.5 % of the one wrk
        // printed from its exact clock.
        assert!((report.rate() / 58_515.89 - 1.0).abs() < 0.005, "{}", report.rate());
    }

    #[test]
    fn errors_are_counted_by_kind() {
        let with_errors = REPORT.replace(
            "Requests/sec",
            "  Socket errors: connect 2, read 12, write 1, timeout 3\n  Non-2xx or 3xx responses: 5\nRequests/sec",
        );
        let report = parse(&with_errors).expect("a whole report");
        assert_eq!(report.tally.connection, 15);
        assert_eq!(report.tally.timeouts, 3);
        assert_eq!(report.tally.status, 5);
        assert_eq!(report.tally.ok, 178_796 - 5);
    }

    #[test]
    fn a_report_without_its_counts_is_refused() {
        assert!(parse("").is_none());
        assert!(parse(&REPORT.replace("178796 requests in 3.06s, 64.28MB read", "")).is_none());
        assert!(parse(&REPORT.replace("     99%   43.93ms\n", "")).is_none());
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration("812.00us"), Some(Duration::from_micros(812)));
        assert_eq!(duration("1.50s"), Some(Duration::from_millis(1500)));
        assert_eq!(duration("2.00m"), Some(Duration::from_secs(120)));
        assert_eq!(duration("12"), None);
        assert_eq!(duration("3parsecs"), None);
    }

    /// wrk against the chapter's server, where wrk is installed: every
    /// answer a page, no error. Without wrk the test says it skipped.
    #[test]
    fn wrk_loads_the_chapter_server() {
        if !available() {
            eprintln!("skipped: wrk is not installed (apt install wrk)");
            return;
        }
        let server = Server::start(ServerConfig::default(), 0).expect("a loopback server");
        let plan = WrkPlan {
            url: format!("{}{SMALL_PAGE}", server.base_url()),
            connections: 20,
            threads: 1,
            duration: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
        };
        let report = run(&plan).expect("wrk runs");
        let served = server.stats();
        server.shutdown();
        assert!(report.tally.ok > 0, "{report:?}");
        assert_eq!(report.tally.errors(), 0, "{report:?}");
        // wrk counts what it received; the server answered at least that.
        assert!(served.ok >= report.tally.ok, "{served:?} {report:?}");
        assert!(report.median >= ServerConfig::default().latency, "{report:?}");
    }
}
