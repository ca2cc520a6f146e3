//! What a mode came to: the [`Outcome`] of each, checked against what the
//! embedded server's configuration says it must be ([`expected_tally`]),
//! and the table and the verdict that print them.

use std::time::Duration;

use concurrency_core::{Align, Table, format_secs};
use serde::Serialize;

use crate::client::{Failure, Plan, Tally};
use crate::mode::Mode;
use crate::server::{Fault, ServerConfig, StatsSnapshot};

// ANCHOR: expected
/// What a plan must come to against a server configured with `config`:
/// request by request, the page's size, or the failure its fault causes. A
/// slow answer is a timeout when latency plus delay pass the client's
/// timeout; a path the server does not have is a 404.
pub fn expected_tally(plan: &Plan, config: &ServerConfig) -> Tally {
    let mut tally = Tally::default();
    let late = |extra: Duration| config.latency + extra >= plan.timeout;
    for i in 0..plan.requests() {
        let result = match (config.size_of(plan.path(i)), config.faults.fault_for(i)) {
            (None, _) => Err(Failure::Status(404)),
            (Some(_), _) if late(Duration::ZERO) => Err(Failure::Timeout),
            (Some(size), None) => Ok(size as u64),
            (Some(_), Some(Fault::ServerError)) => Err(Failure::Status(500)),
            (Some(_), Some(Fault::Slow)) if late(config.faults.slow) => Err(Failure::Timeout),
            (Some(size), Some(Fault::Slow)) => Ok(size as u64),
            (Some(_), Some(Fault::Dropped)) => Err(Failure::Connection),
        };
        tally.record(result);
    }
    tally
}
// ANCHOR_END: expected

/// What a mode did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Work {
    /// Downloads: the tally, what was expected (when the target is the
    /// embedded server), and the server's view of the same run.
    Fetched {
        /// What the client counted.
        tally: Tally,
        /// What it should have counted.
        expected: Option<Tally>,
        /// What the server counted meanwhile.
        server: Option<StatsSnapshot>,
    },
    /// Sums: how many, and how many equal the closed form.
    Computed {
        /// How many sums.
        count: u64,
        /// How many are exact.
        exact: u64,
    },
}

/// One row of the table: a mode, what it did, how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The mode.
    pub mode: Mode,
    /// What it did.
    pub work: Work,
    /// Wall-clock time.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub elapsed: Duration,
}

/// Whether an outcome is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Exactly the expected pages, bytes and failures (or exact sums).
    Exact,
    /// Something else.
    Wrong,
    /// No oracle: a server other than the embedded one.
    Unchecked,
}

impl Outcome {
    /// Compares what was done with what was expected.
    pub fn check(&self) -> Check {
        match &self.work {
            Work::Fetched { expected: None, .. } => Check::Unchecked,
            Work::Fetched {
                tally,
                expected: Some(expected),
                server,
            } => {
                // The server must have sent exactly the bytes the client
                // received, give or take slow answers (which it does not
                // count as normal pages) that arrived in time.
                let server_agrees =
                    server.is_none_or(|s| s.ok_bytes == tally.bytes || (s.slow > 0 && s.ok_bytes <= tally.bytes));
                if tally == expected && server_agrees {
                    Check::Exact
                } else {
                    Check::Wrong
                }
            }
            Work::Computed { count, exact } if count == exact => Check::Exact,
            Work::Computed { .. } => Check::Wrong,
        }
    }

    /// Requests answered (or sums computed), and out of how many.
    pub fn done(&self) -> (u64, u64) {
        match &self.work {
            Work::Fetched { tally, .. } => (tally.ok, tally.requests()),
            Work::Computed { count, exact } => (*exact, *count),
        }
    }
}

/// The table of every outcome: the work done, its failures, the time, the
/// rate, the speedup over the baseline (`sync-session` for downloads,
/// `cpu-sequential` for sums) and the check.
pub fn summary(outcomes: &[Outcome]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Done", Align::Right),
        ("Errors", Align::Left),
        ("Bytes", Align::Right),
        ("Connections", Align::Right),
        ("Elapsed", Align::Right),
        ("Per second", Align::Right),
        ("Speedup", Align::Right),
        ("Check", Align::Center),
    ]);
    let baseline = |cpu: bool| {
        let preferred = if cpu { Mode::CpuSequential } else { Mode::SyncSession };
        let same_kind = || outcomes.iter().find(|o| o.mode.is_cpu() == cpu);
        outcomes.iter().find(|o| o.mode == preferred).or_else(same_kind)
    };
    for outcome in outcomes {
        let (done, total) = outcome.done();
        let seconds = outcome.elapsed.as_secs_f64().max(1e-9);
        let speedup = baseline(outcome.mode.is_cpu()).map_or(1.0, |b| b.elapsed.as_secs_f64() / seconds);
        let (errors, bytes, connections) = match &outcome.work {
            Work::Fetched { tally, server, .. } => (
                tally.describe_errors(),
                tally.bytes.to_string(),
                server.map_or_else(|| "-".into(), |s| s.connections.to_string()),
            ),
            Work::Computed { .. } => ("-".into(), "-".into(), "-".into()),
        };
        let check = match outcome.check() {
            Check::Exact => "exact",
            Check::Wrong => "WRONG",
            Check::Unchecked => "unchecked",
        };
        table.push_row([
            outcome.mode.name(),
            format!("{done} of {total}"),
            errors,
            bytes,
            connections,
            format_secs(outcome.elapsed),
            format!("{:.1}", done as f64 / seconds),
            format!("x{speedup:.2}"),
            check.into(),
        ]);
    }
    table
}

/// The last line of a run: `13 of 13 modes exact`, or what was wrong.
pub fn verdict(outcomes: &[Outcome]) -> String {
    let exact = outcomes.iter().filter(|o| o.check() == Check::Exact).count();
    let wrong: Vec<String> = outcomes
        .iter()
        .filter(|o| o.check() == Check::Wrong)
        .map(|o| o.mode.name())
        .collect();
    let unchecked = outcomes.len() - exact - wrong.len();
    let mut line = format!("{exact} of {} modes exact", outcomes.len());
    if !wrong.is_empty() {
        line.push_str(&format!("; WRONG: {}", wrong.join(", ")));
    }
    if unchecked > 0 {
        line.push_str(&format!("; {unchecked} unchecked (not the embedded server)"));
    }
    line
}

/// The reason to fail a run in which some download mode got no page at all:
/// every one of its requests failed. Such a run exits 1 even when nothing
/// can check it (`--url`): a table of errors is not a result. `None` when
/// every download mode got something.
pub fn all_failed(outcomes: &[Outcome], base: &str) -> Option<String> {
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|outcome| match &outcome.work {
            Work::Fetched { tally, .. } if tally.requests() > 0 && tally.ok == 0 => {
                Some(format!("{} (errors {})", outcome.mode.name(), tally.describe_errors()))
            }
            _ => None,
        })
        .collect();
    (!failed.is_empty()).then(|| format!("every request to {base} failed in {}", failed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client;
    use crate::server;

    #[test]
    fn the_default_plan_expects_the_tutorials_160_pages() {
        let plan = Plan {
            base: "http://x".into(),
            paths: vec![server::LARGE_PAGE.into(), server::SMALL_PAGE.into()],
            repeat: client::REPEAT,
            timeout: Duration::from_secs(2),
        };
        let expected = expected_tally(&plan, &ServerConfig::default());
        assert_eq!(expected.ok, 160);
        assert_eq!(expected.bytes, 80 * (server::LARGE_BYTES + server::SMALL_BYTES) as u64);
    }
}
