//! The embedded HTTP server: the two "sites" every client mode downloads.
//!
//! The tutorial downloaded two real pages from the internet, 80 times each.
//! A real network makes a lesson irreproducible (and a test suite depend on
//! someone else's server), so this chapter brings its own: a real HTTP/1.1
//! server, hyper on tokio, bound to `127.0.0.1` only. Each page answers after
//! a configurable latency, which plays the part of the internet's round trip:
//! it is what concurrency hides.
//!
//! The server runs on its own thread with its own tokio runtime, so a client
//! mode, blocking or async, can never starve it. It counts what it does
//! ([`ServerStats`]), and those counters are the tests' oracle: connections
//! opened (a session reuses one, no session opens one per request), pages
//! served and bytes sent.
//!
//! Faults are decided per request, from the request's number (`?n=17`,
//! which every client adds) and the shares in [`Faults`], by
//! [`Faults::fault_for`]: the same request always meets the same fault, so a
//! test can compute exactly how many failures each mode must report.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde::{Deserialize, Serialize};
use tokio::net::TcpSocket;
use tokio::sync::{oneshot, watch};

/// One page the server serves: `path` answers `size` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The path, starting with `/`.
    pub path: String,
    /// The body's length in bytes.
    pub size: usize,
}

/// What can go wrong with a request, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fault {
    /// Answered `500 Internal Server Error`.
    ServerError,
    /// Answered only after [`Faults::slow`]: longer than a client's timeout,
    /// the client gives up first.
    Slow,
    /// The connection is closed without an answer.
    Dropped,
}

/// The fault knobs: which share of the requests meets each fault.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Faults {
    /// Share of requests answered 500, in `0.0..=1.0`.
    pub error_share: f64,
    /// Share of requests answered after `slow`.
    pub slow_share: f64,
    /// Share of requests whose connection is dropped.
    pub drop_share: f64,
    /// How long a slow request waits before its answer.
    #[serde(serialize_with = "crate::secs")]
    pub slow: Duration,
}

impl Faults {
    /// No faults at all.
    pub const NONE: Faults = Faults {
        error_share: 0.0,
        slow_share: 0.0,
        drop_share: 0.0,
        slow: Duration::from_secs(10),
    };

    // ANCHOR: fault_for
    /// The fault request number `n` meets, if any. A pure function of `n`
    /// and the shares: a hash of `n` gives a number in `[0, 1)`, and the
    /// shares split that interval (500s first, then slow, then dropped).
    pub fn fault_for(&self, n: u64) -> Option<Fault> {
        let u = unit_interval(n);
        let mut bound = self.error_share;
        if u < bound {
            return Some(Fault::ServerError);
        }
        bound += self.slow_share;
        if u < bound {
            return Some(Fault::Slow);
        }
        bound += self.drop_share;
        (u < bound).then_some(Fault::Dropped)
    }
    // ANCHOR_END: fault_for

    /// Whether any knob is on.
    pub fn any(&self) -> bool {
        self.error_share > 0.0 || self.slow_share > 0.0 || self.drop_share > 0.0
    }
}

/// `n` scrambled (splitmix64's finaliser) into `[0, 1)`, so that neighbouring
/// request numbers meet unrelated faults.
fn unit_interval(n: u64) -> f64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Everything the server needs to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerConfig {
    /// How long every request waits before its answer: the stand-in for the
    /// internet's round trip.
    #[serde(serialize_with = "crate::secs")]
    pub latency: Duration,
    /// The pages served; any other path is a 404.
    pub pages: Vec<Page>,
    /// The fault knobs.
    pub faults: Faults,
}

/// The tutorial's two sites, as paths of the local server: a project's home
/// page (tens of kilobytes) and a one-line page (a few hundred bytes).
pub const LARGE_PAGE: &str = "/jython";
/// The small page's path.
pub const SMALL_PAGE: &str = "/dice";
/// The large page's default size.
pub const LARGE_BYTES: usize = 12_000;
/// The small page's default size.
pub const SMALL_BYTES: usize = 300;
/// The default latency, per request.
pub const LATENCY: Duration = Duration::from_millis(10);

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            latency: LATENCY,
            pages: vec![
                Page {
                    path: LARGE_PAGE.into(),
                    size: LARGE_BYTES,
                },
                Page {
                    path: SMALL_PAGE.into(),
                    size: SMALL_BYTES,
                },
            ],
            faults: Faults::NONE,
        }
    }
}

impl ServerConfig {
    /// The size of the page at `path`, if the server has one.
    pub fn size_of(&self, path: &str) -> Option<usize> {
        self.pages.iter().find(|p| p.path == path).map(|p| p.size)
    }
}

/// What the server counted. Every counter only grows; take two
/// [`snapshot`](ServerStats::snapshot)s and subtract to see what one mode did.
#[derive(Debug, Default)]
pub struct ServerStats {
    connections: AtomicU64,
    requests: AtomicU64,
    ok: AtomicU64,
    ok_bytes: AtomicU64,
    server_errors: AtomicU64,
    slow: AtomicU64,
    dropped: AtomicU64,
    not_found: AtomicU64,
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

/// The error a handler returns to make hyper close the connection without
/// an answer: hyper drops a connection whose service fails.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for DropConnection {}

/// What every handler shares.
struct State {
    latency: Duration,
    faults: Faults,
    bodies: HashMap<String, Bytes>,
    stats: Arc<ServerStats>,
    /// Flips to `true` at shutdown, so slow answers stop waiting.
    stopping: watch::Receiver<bool>,
}

/// A page body of `size` bytes: HTML-looking text, the same every time.
fn body_of(path: &str, size: usize) -> Bytes {
    let line = format!("<p>{path}: a page of the io-bound chapter's local server.</p>\n");
    Bytes::from(line.bytes().cycle().take(size).collect::<Vec<u8>>())
}

/// The request number a client put in the query (`?n=17`), if any.
fn request_number(req: &Request<Incoming>) -> Option<u64> {
    let query = req.uri().query()?;
    query.split('&').find_map(|pair| pair.strip_prefix("n=")?.parse().ok())
}

// ANCHOR: handler
async fn handle(req: Request<Incoming>, state: Arc<State>) -> Result<Response<Full<Bytes>>, DropConnection> {
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

/// A running server. [`shutdown`](Server::shutdown) (or dropping it) stops
/// it gracefully and joins its thread.
pub struct Server {
    addr: SocketAddr,
    config: ServerConfig,
    stats: Arc<ServerStats>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// How long shutdown waits for connections still busy before cutting them.
const GRACE: Duration = Duration::from_secs(2);
/// The listen backlog: room for the load test's thousand simultaneous
/// connections (the usual default, 128, would make some wait a second for a
/// SYN retry).
const BACKLOG: u32 = 4096;

impl Server {
    /// Starts a server on `127.0.0.1:port` (0: any free port) in a thread
    /// of its own. Loopback only: nothing this chapter does leaves the
    /// machine.
    pub fn start(config: ServerConfig, port: u16) -> io::Result<Server> {
        let addr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port));
        let stats = Arc::new(ServerStats::default());
        let (stop, stopped) = oneshot::channel();
        let (bound, bound_rx) = mpsc::channel();
        let thread_stats = Arc::clone(&stats);
        let thread_config = config.clone();
        let thread = std::thread::Builder::new()
            .name("io-bound-server".into())
            .spawn(move || serve(thread_config, addr, thread_stats, stopped, bound))?;
        match bound_rx.recv() {
            Ok(Ok(addr)) => Ok(Server {
                addr,
                config,
                stats,
                stop: Some(stop),
                thread: Some(thread),
            }),
            Ok(Err(err)) => {
                let _ = thread.join();
                Err(err)
            }
            Err(_) => {
                let _ = thread.join();
                Err(io::Error::other("the server thread ended before binding"))
            }
        }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL of every page.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What it serves, and how.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Its counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.stats.snapshot()
    }

    /// Stops accepting, lets the requests in flight finish (slow ones are
    /// cut short), and joins the server's thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// The server thread: a tokio runtime of two threads, the accept loop, and
/// the graceful shutdown.
fn serve(
    config: ServerConfig,
    addr: SocketAddr,
    stats: Arc<ServerStats>,
    stopped: oneshot::Receiver<()>,
    bound: mpsc::Sender<io::Result<SocketAddr>>,
) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("io-bound-server-rt")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            let _ = bound.send(Err(err));
            return;
        }
    };
    runtime.block_on(async move {
        let listener = match TcpSocket::new_v4().and_then(|socket| {
            socket.set_reuseaddr(true)?;
            socket.bind(addr)?;
            socket.listen(BACKLOG)
        }) {
            Ok(listener) => listener,
            Err(err) => {
                let _ = bound.send(Err(err));
                return;
            }
        };
        if bound.send(listener.local_addr()).is_err() {
            return;
        }
        let (stop_slow, stopping) = watch::channel(false);
        let bodies = config
            .pages
            .iter()
            .map(|p| (p.path.clone(), body_of(&p.path, p.size)))
            .collect();
        let state = Arc::new(State {
            latency: config.latency,
            faults: config.faults,
            bodies,
            stats: Arc::clone(&stats),
            stopping,
        });
        // ANCHOR: accept_loop
        let graceful = GracefulShutdown::new();
        let mut stopped = stopped;
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _peer)) => {
                        stats.connections.fetch_add(1, Ordering::SeqCst);
                        let _ = stream.set_nodelay(true);
                        let state = Arc::clone(&state);
                        let service = service_fn(move |req| handle(req, Arc::clone(&state)));
                        let connection = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .serve_connection(TokioIo::new(stream), service);
                        // A failed connection (a dropped one, a client that
                        // hung up) ends that connection, never the server.
                        let connection = graceful.watch(connection);
                        tokio::spawn(async move { let _ = connection.await; });
                    }
                    // Out of file descriptors, say: wait and go on, as a
                    // server should, rather than die.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
                _ = &mut stopped => break,
            }
        }
        drop(listener);
        let _ = stop_slow.send(true);
        let _ = tokio::time::timeout(GRACE, graceful.shutdown()).await;
        // ANCHOR_END: accept_loop
    });
    // Dropping the runtime cancels whatever the grace period did not end.
    drop(runtime);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_follow_the_shares() {
        let faults = Faults {
            error_share: 0.1,
            slow_share: 0.2,
            drop_share: 0.3,
            slow: Duration::from_secs(1),
        };
        let mut seen = [0u32; 4];
        for n in 0..100_000 {
            let slot = match faults.fault_for(n) {
                Some(Fault::ServerError) => 0,
                Some(Fault::Slow) => 1,
                Some(Fault::Dropped) => 2,
                None => 3,
            };
            seen[slot] += 1;
        }
        for (count, share) in seen.iter().zip([0.1, 0.2, 0.3, 0.4]) {
            let observed = f64::from(*count) / 100_000.0;
            assert!((observed - share).abs() < 0.01, "{seen:?}");
        }
        assert_eq!(Faults::NONE.fault_for(7), None);
        // Pure: the same request meets the same fault.
        assert_eq!(faults.fault_for(42), faults.fault_for(42));
    }

    #[test]
    fn bodies_have_the_configured_size() {
        assert_eq!(body_of("/jython", 12_000).len(), 12_000);
        assert_eq!(body_of("/dice", 0).len(), 0);
    }
}
