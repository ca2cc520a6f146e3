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
//!
//! This file holds the [`Server`] and its accept loop; beside it,
//! `server/config.rs` (the pages and the knobs), `server/faults.rs` (which
//! request meets which fault), `server/stats.rs` (the counters) and
//! `server/handler.rs` (one request's answer).

mod config;
mod faults;
mod handler;
mod stats;

pub use config::{LARGE_BYTES, LARGE_PAGE, LATENCY, Page, SMALL_BYTES, SMALL_PAGE, ServerConfig};
pub use faults::{Fault, Faults};
pub use stats::{ServerStats, StatsSnapshot};

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpSocket;
use tokio::sync::{oneshot, watch};

use handler::{State, body_of, handle};

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
