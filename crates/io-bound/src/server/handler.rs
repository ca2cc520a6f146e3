//! One request's answer: the page after the latency, or the fault its
//! number meets. Every handler counts what it does in the server's
//! [`ServerStats`].

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use tokio::sync::watch;

use super::{Fault, Faults, ServerStats};

/// The error a handler returns to make hyper close the connection without
/// an answer: hyper drops a connection whose service fails.
#[derive(Debug)]
pub(super) struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for DropConnection {}

/// What every handler shares.
pub(super) struct State {
    pub(super) latency: Duration,
    pub(super) faults: Faults,
    pub(super) bodies: HashMap<String, Bytes>,
    pub(super) stats: Arc<ServerStats>,
    /// Flips to `true` at shutdown, so slow answers stop waiting.
    pub(super) stopping: watch::Receiver<bool>,
}

/// A page body of `size` bytes: HTML-looking text, the same every time.
pub(super) fn body_of(path: &str, size: usize) -> Bytes {
    let line = format!("<p>{path}: a page of the io-bound chapter's local server.</p>\n");
    Bytes::from(line.bytes().cycle().take(size).collect::<Vec<u8>>())
}

/// The request number a client put in the query (`?n=17`), if any.
fn request_number(req: &Request<Incoming>) -> Option<u64> {
    let query = req.uri().query()?;
    query.split('&').find_map(|pair| pair.strip_prefix("n=")?.parse().ok())
}

// ANCHOR: handler
pub(super) async fn handle(req: Request<Incoming>, state: Arc<State>) -> Result<Response<Full<Bytes>>, DropConnection> {
    let stats = &state.stats;
    let number = stats.requests.fetch_add(1, Ordering::SeqCst);
    let Some(body) = state.bodies.get(req.uri().path()).cloned() else {
        stats.not_found.fetch_add(1, Ordering::SeqCst);
        return Ok(respond(StatusCode::NOT_FOUND, Bytes::from_static(b"no such page\n")));
    };
    // The round trip to a far-away site: an async sleep, so the server
    // itself waits on thousands of requests with two threads.
    tokio::time::sleep(state.latency).await;
    match state.faults.fault_for(request_number(&req).unwrap_or(number)) {
        None => {
            stats.ok.fetch_add(1, Ordering::SeqCst);
            stats.ok_bytes.fetch_add(body.len() as u64, Ordering::SeqCst);
            Ok(respond(StatusCode::OK, body))
        }
        Some(Fault::ServerError) => {
            stats.server_errors.fetch_add(1, Ordering::SeqCst);
            Ok(respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                Bytes::from_static(b"fault\n"),
            ))
        }
        Some(Fault::Slow) => {
            stats.slow.fetch_add(1, Ordering::SeqCst);
            let mut stopping = state.stopping.clone();
            tokio::select! {
                _ = tokio::time::sleep(state.faults.slow) => {}
                _ = stopping.wait_for(|&stop| stop) => {}
            }
            Ok(respond(StatusCode::OK, body))
        }
        Some(Fault::Dropped) => {
            stats.dropped.fetch_add(1, Ordering::SeqCst);
            Err(DropConnection)
        }
    }
}
// ANCHOR_END: handler

fn respond(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_configured_size() {
        assert_eq!(body_of("/jython", 12_000).len(), 12_000);
        assert_eq!(body_of("/dice", 0).len(), 0);
    }
}
