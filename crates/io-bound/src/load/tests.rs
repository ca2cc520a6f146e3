//! The load runs, bounded in count and in time, with either client.

use std::time::Duration;

use super::*;
use crate::server::{SMALL_BYTES, SMALL_PAGE, Server, ServerConfig};

#[test]
fn percentiles_of_a_hundred() {
    let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
    assert_eq!(percentile(&values, 0.5), Duration::from_millis(50));
    assert_eq!(percentile(&values, 0.99), Duration::from_millis(99));
    assert_eq!(percentile(&values, 1.0), Duration::from_millis(100));
    assert_eq!(percentile(&[], 0.5), Duration::ZERO);
}

/// Bounded in count: exactly the requests asked for, all answered, by
/// either client.
#[test]
fn a_load_run_sends_exactly_its_requests() {
    sends_exactly_its_requests(LoadClient::Reqwest);
    sends_exactly_its_requests(LoadClient::Hyper);
}

fn sends_exactly_its_requests(client: LoadClient) {
    let server = Server::start(ServerConfig::default(), 0).expect("a loopback server");
    let plan = LoadPlan {
        url: format!("{}{SMALL_PAGE}", server.base_url()),
        requests: 500,
        in_flight: 50,
        duration_limit: Duration::from_secs(600),
        timeout: Duration::from_secs(60),
        threads: 2,
        client,
    };
    let report = load(&plan).expect("the run runs");
    assert_eq!(
        (report.tally.ok, report.tally.errors()),
        (500, 0),
        "{client:?}: {report:?}"
    );
    assert_eq!(report.tally.bytes, 500 * SMALL_BYTES as u64);
    assert!(!report.stopped_by_limit);
    // Every answer waited at least the server's latency.
    assert!(report.median >= ServerConfig::default().latency, "{report:?}");
    assert!(report.p99 >= report.median);
    // Connections are reused: hyper's one per task exactly; reqwest's
    // pool may open a few more when a request finds none idle.
    let connections = server.stats().connections;
    match client {
        LoadClient::Hyper => assert_eq!(connections, 50),
        LoadClient::Reqwest => assert!(connections < 500, "{connections}"),
    }
    server.shutdown();
}

/// Bounded in time: a limit shorter than the requests need stops it.
#[test]
fn a_load_run_stops_at_its_duration_limit() {
    stops_at_its_duration_limit(LoadClient::Reqwest);
    stops_at_its_duration_limit(LoadClient::Hyper);
}

fn stops_at_its_duration_limit(client: LoadClient) {
    let config = ServerConfig {
        latency: Duration::from_millis(50),
        ..ServerConfig::default()
    };
    let server = Server::start(config, 0).expect("a loopback server");
    let plan = LoadPlan {
        url: format!("{}{SMALL_PAGE}", server.base_url()),
        // One task, 50 ms a request: a million would take 14 hours.
        requests: 1_000_000,
        in_flight: 1,
        duration_limit: Duration::from_millis(300),
        timeout: Duration::from_secs(60),
        threads: 1,
        client,
    };
    let report = load(&plan).expect("the run runs");
    assert!(report.stopped_by_limit, "{report:?}");
    assert!(
        report.tally.requests() >= 1 && report.tally.requests() < 1_000,
        "{report:?}"
    );
    assert_eq!(report.tally.errors(), 0, "{report:?}");
    server.shutdown();
}
