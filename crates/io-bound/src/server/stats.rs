//! What the server counts: connections, requests, pages and bytes, and
//! each fault met. The counters are the tests' oracle: a session reuses one
//! connection, no session opens one per request.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What the server counted. Every counter only grows; take two
/// [`snapshot`](ServerStats::snapshot)s and subtract to see what one mode did.
#[derive(Debug, Default)]
pub struct ServerStats {
    pub(super) connections: AtomicU64,
    pub(super) requests: AtomicU64,
    pub(super) ok: AtomicU64,
    pub(super) ok_bytes: AtomicU64,
    pub(super) server_errors: AtomicU64,
    pub(super) slow: AtomicU64,
    pub(super) dropped: AtomicU64,
    pub(super) not_found: AtomicU64,
}

/// The server's counters at one moment.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsSnapshot {
    /// TCP connections accepted.
    pub connections: u64,
    /// Requests received.
    pub requests: u64,
    /// Pages answered normally (200, no fault).
    pub ok: u64,
    /// Body bytes of those pages.
    pub ok_bytes: u64,
    /// Requests answered 500 on purpose.
    pub server_errors: u64,
    /// Requests answered slowly on purpose.
    pub slow: u64,
    /// Connections dropped on purpose.
    pub dropped: u64,
    /// Requests for a path the server does not have.
    pub not_found: u64,
}

impl ServerStats {
    /// The counters now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::SeqCst);
        StatsSnapshot {
            connections: get(&self.connections),
            requests: get(&self.requests),
            ok: get(&self.ok),
            ok_bytes: get(&self.ok_bytes),
            server_errors: get(&self.server_errors),
            slow: get(&self.slow),
            dropped: get(&self.dropped),
            not_found: get(&self.not_found),
        }
    }
}

impl std::ops::Sub for StatsSnapshot {
    type Output = StatsSnapshot;
    fn sub(self, before: StatsSnapshot) -> StatsSnapshot {
        StatsSnapshot {
            connections: self.connections - before.connections,
            requests: self.requests - before.requests,
            ok: self.ok - before.ok,
            ok_bytes: self.ok_bytes - before.ok_bytes,
            server_errors: self.server_errors - before.server_errors,
            slow: self.slow - before.slow,
            dropped: self.dropped - before.dropped,
            not_found: self.not_found - before.not_found,
        }
    }
}
