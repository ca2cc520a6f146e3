//! The io-bound page's load row: requests per second with a thousand in
//! flight, the chapter's async client against wrk on the same server.
//!
//! The server runs in a process of its own
//! ([`chapter_io_bound::server_process`]), so each client is measured
//! alone, and both load the very same server. The chapter's `load` runs
//! with both of its clients (reqwest, the client of the chapter's async
//! modes; hyper's connection API, what a load generator does) for a fixed
//! number of requests; wrk, which has no request count, for a fixed time.
//! The rows run in interleaved rounds like every other table, and each
//! Rust row's share of wrk's rate is the median of the per-round ratios.

use std::fmt::Write as _;
use std::time::Duration;

use chapter_io_bound::load::{LoadClient, LoadPlan, LoadReport, load};
use chapter_io_bound::server::{LATENCY, SMALL_PAGE};
use chapter_io_bound::server_process::{ServeJob, ServerProcess};
use chapter_io_bound::wrk::{self, WrkPlan};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::{Measured, Rounds, Sample, Stat, paired_ratios};
use crate::pages::failures;

/// The load's size: requests for the chapter's client, connections in
/// flight, and how long wrk runs. The full run's is the issue's: 100,000
/// requests, 1,000 in flight.
struct Size {
    requests: u64,
    in_flight: usize,
    wrk_secs: u64,
}

const FULL: Size = Size {
    requests: 100_000,
    in_flight: 1_000,
    wrk_secs: 5,
};

const QUICK: Size = Size {
    requests: 10_000,
    in_flight: 100,
    wrk_secs: 1,
};

/// Timeout of every request, both clients.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The Rust clients, in the order of their rows.
const CLIENTS: [(LoadClient, &str); 2] = [
    (
        LoadClient::Reqwest,
        "`load --client reqwest` (the chapter's async client)",
    ),
    (LoadClient::Hyper, "`load --client hyper` (a connection per task)"),
];

/// Writes the section `### Load: requests per second` into `body`.
/// Returns whether every Rust run got every page and the server's counters
/// agree with the clients'; wrk's errors are shown, not judged.
pub(super) fn section(body: &mut String, settings: &Settings, progress: &mut dyn FnMut(&str)) -> bool {
    let size = if settings.quick { QUICK } else { FULL };
    let rounds = settings.rounds();
    let threads = concurrency_core::cores();
    let _ = write!(body, "\n### Load: requests per second\n\n");
    let job = ServeJob {
        latency_micros: LATENCY.as_micros() as u64,
    };
    let server = match ServerProcess::start(&settings.exe, job) {
        Ok(server) => server,
        Err(err) => {
            let _ = writeln!(body, "**The load row failed:** cannot start the server process: {err}.");
            return false;
        }
    };
    let url = format!("{}{SMALL_PAGE}", server.base_url());
    let has_wrk = wrk::available();

    let mut rows: Rounds<'_, LoadReport> = Rounds::new();
    for (client, name) in CLIENTS {
        let plan = LoadPlan {
            url: url.clone(),
            requests: size.requests,
            in_flight: size.in_flight,
            duration_limit: Duration::from_secs(120),
            timeout: TIMEOUT,
            threads,
            client,
        };
        rows.add(name, move || {
            let report = load(&plan).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: report.elapsed.as_secs_f64(),
                report,
            })
        });
    }
    if has_wrk {
        let plan = WrkPlan {
            url: url.clone(),
            connections: size.in_flight,
            threads,
            duration: Duration::from_secs(size.wrk_secs),
            timeout: TIMEOUT,
        };
        rows.add("wrk", move || {
            let report = wrk::run(&plan)?;
            Ok(Sample {
                secs: report.elapsed.as_secs_f64(),
                report,
            })
        });
    }
    let measured = rows.run(rounds, progress);
    let served = server.stop();

    let _ = write!(
        body,
        "The small page (`{SMALL_PAGE}`) of the chapter's server, in a process of its own on 127.0.0.1 with \
         {} ms latency per answer, loaded by one client at a time with {} requests in flight and {threads} client \
         threads: the chapter's `load` sends {} requests, wrk (which has no request count) runs for {} s; \
         {rounds} interleaved rounds. Client and server share this machine's cores, so a client's own CPU time \
         per request is taken from the server. The rate is answered requests per second; the share of wrk's rate \
         is the median of the per-round ratios.\n\n",
        LATENCY.as_millis(),
        size.in_flight,
        size.requests,
        size.wrk_secs,
    );
    let wrk_row = measured.iter().find(|m| m.label == "wrk");
    let mut table = Table::new([
        ("Client", Align::Left),
        ("Answered", Align::Right),
        ("Errors", Align::Left),
        ("Requests/s", Align::Right),
        ("Latency median", Align::Right),
        ("p99", Align::Right),
        ("Share of wrk's rate", Align::Right),
    ]);
    let mut rust_exact = true;
    for m in &measured {
        let Some(first) = m.reports().next() else {
            table.push_row([m.label.clone(), "-".into(), "failed".into()]);
            rust_exact &= m.label == "wrk";
            continue;
        };
        if m.label != "wrk" {
            rust_exact &= m.error.is_none()
                && m.reports()
                    .all(|r| r.tally.ok == size.requests && r.tally.errors() == 0 && !r.stopped_by_limit);
        }
        let errors: u64 = m.reports().map(|r| r.tally.errors()).sum();
        let share = match wrk_row {
            // `paired_ratios(a, b)` is a / b round by round: this row's rate over wrk's.
            Some(w) if m.label != "wrk" => Stat::of(&paired_ratios(&rates(m), &rates(w))).map(|s| s.ratio_cell()),
            _ => None,
        };
        table.push_row([
            m.label.clone(),
            answered(m, first),
            if errors == 0 {
                "0".to_owned()
            } else {
                format!("{errors} in {} runs", m.runs.len())
            },
            Stat::of(&rates(m).iter().map(|(_, r)| *r).collect::<Vec<_>>()).map_or("-".into(), rate_cell),
            millis(m, |r| r.median),
            millis(m, |r| r.p99),
            if m.label == "wrk" {
                "baseline".to_owned()
            } else {
                share.unwrap_or_else(|| "-".to_owned())
            },
        ]);
    }
    let _ = writeln!(
        body,
        "{}\n{}",
        super::super::anchored("load", table),
        failures(&measured)
    );
    if !has_wrk {
        let _ = writeln!(
            body,
            "**wrk skipped:** it is not installed here (`sudo apt-get install wrk`; `just bench-all` tries that first).\n"
        );
    }
    // The server answered everything the clients counted, and more when
    // wrk stopped with requests in flight (answered, but not counted).
    let counted: u64 = measured.iter().flat_map(|m| m.reports()).map(|r| r.tally.ok).sum();
    let agree = match &served {
        Ok(stats) => {
            let _ = writeln!(
                body,
                "The server process answered {} pages over {} connections; the clients counted {counted} answers.\n",
                stats.ok, stats.connections
            );
            stats.ok >= counted
        }
        Err(err) => {
            let _ = writeln!(body, "**The server process did not stop cleanly:** {err}.\n");
            false
        }
    };
    if rust_exact {
        let _ = writeln!(
            body,
            "**Every run of the chapter's client exact**: all {} requests answered, no error.",
            size.requests
        );
    }
    rust_exact && agree
}

/// `(round, requests per second)` of every run of a row.
fn rates(m: &Measured<LoadReport>) -> Vec<(usize, f64)> {
    m.runs.iter().map(|(round, s)| (*round, s.report.rate())).collect()
}

/// How many answers a run got: `100000 a run` when every run got the
/// same, `the median 61234 a run` when they differ (wrk's runs are timed).
fn answered(m: &Measured<LoadReport>, first: &LoadReport) -> String {
    if m.reports().all(|r| r.tally.ok == first.tally.ok) {
        return format!("{} a run", first.tally.ok);
    }
    let counts: Vec<f64> = m.reports().map(|r| r.tally.ok as f64).collect();
    Stat::of(&counts).map_or("-".into(), |s| format!("median {:.0} a run", s.median))
}

/// `25100 (23900–26000)`.
fn rate_cell(stat: Stat) -> String {
    if stat.runs == 1 {
        return format!("{:.0} (1 run)", stat.median);
    }
    format!("{:.0} ({:.0}–{:.0})", stat.median, stat.min, stat.max)
}

/// The median over the runs of a latency, in milliseconds.
fn millis(m: &Measured<LoadReport>, of: fn(&LoadReport) -> Duration) -> String {
    let values: Vec<f64> = m.reports().map(|r| of(r).as_secs_f64() * 1e3).collect();
    Stat::of(&values).map_or("-".into(), |s| format!("{:.1} ms", s.median))
}
