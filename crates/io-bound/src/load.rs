//! The `load` subcommand: how many requests a second the async client makes
//! against a server, with a bounded number in flight; run wrk against the
//! same server to see what a dedicated load generator makes.
//!
//! The modes time a fixed plan; a load test asks another question: how fast
//! can one client go when it keeps `in_flight` requests going all the time?
//! This is how wrk and its kin work, and so does [`load`]: `in_flight`
//! tasks, which reuse their connections, each sending its next request as
//! soon as the last one is answered, until `requests` have been sent or
//! `duration_limit` has passed. Both bounds hold: the run stops by itself.
//!
//! On a machine with few cores, client and server share the CPU, so the
//! client's cost per request is the server's loss: `/usr/bin/time` around
//! a run gives the CPU each client spends per request, and a dedicated
//! generator such as wrk spends the least.
//!
//! Two clients can run it ([`LoadClient`]). `reqwest`, the chapter's
//! async client: a pool shared by the tasks, a full `Request` and
//! `Response` per request, headers in a map, a redirect policy and a
//! timeout timer each; the price of a general client. `hyper`: what a load
//! tester does, as wrk does in C: each task opens one connection with
//! hyper's low-level client and sends its requests on it one after the
//! other, with nothing between the task and the connection (a timeout per
//! request still, and a new connection only after a failure).

mod hyper_target;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use concurrency_core::RunError;
use serde::Serialize;

use crate::client::{Failure, Tally, async_client, fetch_async};
use hyper_target::HyperTarget;

/// The client a load run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadClient {
    /// The chapter's async client: reqwest, one pool shared by the tasks.
    Reqwest,
    /// hyper's connection API: one connection per task, kept.
    Hyper,
}

/// What to load, how hard and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadPlan {
    /// The URL every request fetches, path included.
    pub url: String,
    /// How many requests in all (the run stops after them).
    pub requests: u64,
    /// How many requests are in flight at once.
    pub in_flight: usize,
    /// The run sends no request after this long (those in flight finish,
    /// within `timeout`).
    pub duration_limit: Duration,
    /// Timeout of every request.
    pub timeout: Duration,
    /// Threads, each with a tokio runtime of its own (wrk's `-t`).
    pub threads: usize,
    /// Which client sends the requests.
    pub client: LoadClient,
}

/// What a load run came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadReport {
    /// Every request's result.
    pub tally: Tally,
    /// From the first request to the last answer.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub elapsed: Duration,
    /// Whether the duration limit stopped the run before all its requests.
    pub stopped_by_limit: bool,
    /// Median time of an answered request.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub median: Duration,
    /// 99th percentile of the same.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub p99: Duration,
}

impl LoadReport {
    /// Answered requests per second.
    pub fn rate(&self) -> f64 {
        self.tally.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// One line: `100000 requests, 0 errors, 3.21 s: 31150 requests/s; latency median 30.1 ms, p99 45.2 ms`.
    pub fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut line = format!(
            "{} requests, errors {}, {:.2} s: {:.0} requests/s; latency median {:.1} ms, p99 {:.1} ms",
            self.tally.requests(),
            self.tally.describe_errors(),
            self.elapsed.as_secs_f64(),
            self.rate(),
            ms(self.median),
            ms(self.p99),
        );
        if self.stopped_by_limit {
            line.push_str(" (stopped by the duration limit)");
        }
        line
    }
}

/// The value at `share` (0.5: the median) of sorted `values`; zero for none.
pub fn percentile(sorted: &[Duration], share: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

// ANCHOR: load
/// Runs `plan`: `threads` threads, each with a single-threaded tokio
/// runtime and a pooled client of its own (wrk's event loop per thread),
/// share `in_flight` tasks and one counter of requests; each task takes the
/// next number, sends, waits for the answer, and goes again, until the
/// numbers or the time run out.
///
/// Why a runtime per thread rather than one runtime of `threads` threads:
/// hyper runs each connection as a task of its own, which a request talks
/// to over a channel; on a work-stealing runtime the two often sit on
/// different threads, and every request then pays for waking the other
/// thread. Kept on one thread, a connection and its requests never cross.
pub fn load(plan: &LoadPlan) -> Result<LoadReport, RunError> {
    // Parsed once, checked before any thread starts.
    let url = reqwest::Url::parse(&plan.url).map_err(|err| RunError::Io {
        context: format!("{} is not a URL", plan.url),
        source: std::io::Error::other(err.to_string()),
    })?;
    let threads = plan.threads.clamp(1, plan.in_flight.max(1));
    let sent = AtomicU64::new(0);
    let started = Instant::now();
    let deadline = started + plan.duration_limit;
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                // The tasks split as evenly as they go: 1000 on 3 threads is 334, 333, 333.
                let tasks = plan.in_flight.max(1) / threads + usize::from(t < plan.in_flight.max(1) % threads);
                let (url, sent) = (&url, &sent);
                std::thread::Builder::new()
                    .name(format!("load-{t}"))
                    .spawn_scoped(scope, move || load_on_this_thread(plan, url, tasks, sent, deadline))
            })
            .collect();
        handles
            .into_iter()
            .map(|spawned| {
                let handle = spawned.map_err(|source| RunError::Io {
                    context: "cannot start a load thread".into(),
                    source,
                })?;
                handle.join().map_err(|_| RunError::WorkerFailed {
                    worker: "a load thread".into(),
                    reason: "it panicked".into(),
                })?
            })
            .collect::<Vec<_>>()
    });
    let elapsed = started.elapsed();
    let mut tally = Tally::default();
    let mut latencies = Vec::new();
    for result in results {
        let (part, times) = result?;
        tally.merge(&part);
        latencies.extend(times);
    }
    latencies.sort_unstable();
    Ok(LoadReport {
        tally,
        elapsed,
        stopped_by_limit: tally.requests() < plan.requests,
        median: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    })
}

/// One thread's share of [`load`]: `tasks` tasks on a runtime of its own.
fn load_on_this_thread(
    plan: &LoadPlan,
    url: &reqwest::Url,
    tasks: usize,
    sent: &AtomicU64,
    deadline: Instant,
) -> Result<(Tally, Vec<Duration>), RunError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| RunError::Io {
            context: "cannot build a tokio runtime".into(),
            source,
        })?;
    // Only the client the plan names is built: reqwest's pool, or the
    // address hyper's connections go to.
    let client = match plan.client {
        LoadClient::Reqwest => Some(async_client(plan.timeout, true).map_err(|err| RunError::Io {
            context: "cannot build the HTTP client".into(),
            source: std::io::Error::other(err),
        })?),
        LoadClient::Hyper => None,
    };
    let target = match plan.client {
        LoadClient::Hyper => Some(HyperTarget::of(url)?),
        LoadClient::Reqwest => None,
    };
    let requests = plan.requests;
    runtime.block_on(async {
        // Each task borrows what it needs: the futures live no longer than
        // this block, so no clone per task and no `Arc`.
        let one_task = || async {
            let mut tally = Tally::default();
            let mut latencies = Vec::new();
            let mut connection = None;
            while sent.fetch_add(1, Ordering::Relaxed) < requests && Instant::now() < deadline {
                let begun = Instant::now();
                let result = match (&client, &target) {
                    (Some(client), _) => fetch_async(client, url.clone()).await,
                    (None, Some(target)) => {
                        let fetched = tokio::time::timeout(plan.timeout, target.fetch(&mut connection)).await;
                        let result = fetched.unwrap_or(Err(Failure::Timeout));
                        if result.is_err() {
                            // A connection that failed once is not trusted again.
                            connection = None;
                        }
                        result
                    }
                    (None, None) => Err(Failure::Other),
                };
                if result.is_ok() {
                    latencies.push(begun.elapsed());
                }
                tally.record(result);
            }
            (tally, latencies)
        };
        let mut tally = Tally::default();
        let mut latencies = Vec::new();
        for (part, times) in futures::future::join_all((0..tasks).map(|_| one_task())).await {
            tally.merge(&part);
            latencies.extend(times);
        }
        Ok((tally, latencies))
    })
}
// ANCHOR_END: load
