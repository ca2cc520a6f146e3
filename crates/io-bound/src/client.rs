//! The requests, the two HTTP clients, and how an answer is counted.
//!
//! Two clients, because the lesson needs both kinds:
//!
//! - [`ureq`], a blocking client: `get(url).call()` returns when the page has
//!   arrived. Its `Agent` keeps a pool of open connections, as Python's
//!   `requests.Session` does; a fresh agent per request is `requests.get`.
//! - [`reqwest`], an async client on tokio: `get(url).send().await` lets the
//!   thread run other tasks while the page travels, as `aiohttp` does.
//!
//! Both are built without TLS (plain `http://` only) and without proxies
//! (a proxy from the environment would send loopback traffic elsewhere),
//! with a timeout on every request and no automatic retry, so a failure is
//! counted once, where it happened.

use std::io;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The requests of a run: `repeat` times each path, in the tutorial's order
/// (`[site_a, site_b] * 80`), each with a timeout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// `http://host:port`, no trailing slash.
    pub base: String,
    /// The paths, each starting with `/`.
    pub paths: Vec<String>,
    /// How many times each path is fetched (the tutorial's 80).
    pub repeat: u64,
    /// The most one request may take, connection and body included.
    pub timeout: Duration,
}

/// The tutorial's number of downloads per site.
pub const REPEAT: u64 = 80;
/// The default timeout per request.
pub const TIMEOUT: Duration = Duration::from_secs(2);

impl Plan {
    /// How many requests: `paths x repeat` (the tutorial's 2 x 80 = 160).
    pub fn requests(&self) -> u64 {
        self.paths.len() as u64 * self.repeat
    }

    /// The path of request `i` (`0..requests()`): the paths alternate.
    pub fn path(&self, i: u64) -> &str {
        // `paths` is never empty for a plan with requests (the CLI refuses
        // an empty list); `get` keeps even a hand-made empty plan panic-free.
        self.paths
            .get((i % self.paths.len().max(1) as u64) as usize)
            .map_or("/", String::as_str)
    }

    /// The URL of request `i`. The request number travels in the query, so
    /// the embedded server can decide its fault (any other server ignores it).
    pub fn url(&self, i: u64) -> String {
        format!("{}{}?n={i}", self.base, self.path(i))
    }
}

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// The server answered with a status other than 2xx.
    Status(u16),
    /// No complete answer within the timeout.
    Timeout,
    /// The connection could not be made, or closed before the answer
    /// (refused, reset, dropped).
    Connection,
    /// Anything else the client reported.
    Other,
}

/// What a mode's requests came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Pages received whole with a 2xx status.
    pub ok: u64,
    /// Their body bytes.
    pub bytes: u64,
    /// Answers with another status (the server's 500s).
    pub status: u64,
    /// Requests that ran out of time.
    pub timeouts: u64,
    /// Connections refused, reset or dropped.
    pub connection: u64,
    /// Other failures.
    pub other: u64,
}

impl Tally {
    /// Counts one request's result: its body length, or why it failed.
    pub fn record(&mut self, result: Result<u64, Failure>) {
        match result {
            Ok(bytes) => {
                self.ok += 1;
                self.bytes += bytes;
            }
            Err(Failure::Status(_)) => self.status += 1,
            Err(Failure::Timeout) => self.timeouts += 1,
            Err(Failure::Connection) => self.connection += 1,
            Err(Failure::Other) => self.other += 1,
        }
    }

    /// Adds another tally (one thread's, one process's) to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.ok += other.ok;
        self.bytes += other.bytes;
        self.status += other.status;
        self.timeouts += other.timeouts;
        self.connection += other.connection;
        self.other += other.other;
    }

    /// Every failed request.
    pub fn errors(&self) -> u64 {
        self.status + self.timeouts + self.connection + self.other
    }

    /// Every request, answered or not.
    pub fn requests(&self) -> u64 {
        self.ok + self.errors()
    }

    /// The failures in words: `0`, or `3: 2 status, 1 timeout`.
    pub fn describe_errors(&self) -> String {
        let parts: Vec<String> = [
            (self.status, "status"),
            (self.timeouts, "timeout"),
            (self.connection, "conn"),
            (self.other, "other"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        if parts.is_empty() {
            "0".into()
        } else {
            format!("{}: {}", self.errors(), parts.join(", "))
        }
    }
}

// ANCHOR: base_url
/// Checks a `--url` on the command line, before anything runs (clap calls it
/// as the option's value parser, so a bad one is exit code 2 with this
/// reason): `http://` (the clients are built without TLS), a host, a port
/// from 1 to 65535, no space or control character, and no query or fragment
/// (each request appends its path and `?n=`). Returns the base without its
/// trailing `/`, ready for a path.
///
/// The `url` crate (reqwest's `Url`) does the parsing; the space is checked
/// first because `url` would quietly percent-encode it.
pub fn parse_base_url(text: &str) -> Result<String, String> {
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{c:?} is not allowed in a URL (a space is written %20)"));
    }
    let url = reqwest::Url::parse(text).map_err(|err| format!("not a URL: {err}"))?;
    if url.scheme() != "http" {
        return Err("it must start with http:// (the clients are built without TLS)".to_owned());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_owned());
    }
    if url.port() == Some(0) {
        return Err("port 0 cannot be connected to".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("a base URL takes no query or fragment (each request adds its path and ?n=)".to_owned());
    }
    Ok(text.trim_end_matches('/').to_owned())
}
// ANCHOR_END: base_url

// ANCHOR: blocking_client
/// A blocking client: a ureq `Agent`, Python's `requests.Session`. Clones
/// share one connection pool.
pub fn blocking_agent(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        // No proxy: ureq would otherwise take one from the environment.
        .proxy(None)
        .http_status_as_error(true)
        .build();
    ureq::Agent::new_with_config(config)
}

/// One blocking GET: the body's length, or why there is none.
pub fn fetch_blocking(agent: &ureq::Agent, url: &str) -> Result<u64, Failure> {
    let mut response = agent.get(url).call().map_err(|err| classify_ureq(&err))?;
    let body = response.body_mut().read_to_vec().map_err(|err| classify_ureq(&err))?;
    Ok(body.len() as u64)
}
// ANCHOR_END: blocking_client

fn classify_ureq(err: &ureq::Error) -> Failure {
    match err {
        ureq::Error::StatusCode(code) => Failure::Status(*code),
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::Io(io) => classify_io(io),
        ureq::Error::ConnectionFailed | ureq::Error::Protocol(_) => Failure::Connection,
        _ => Failure::Other,
    }
}

fn classify_io(err: &io::Error) -> Failure {
    match err.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Failure::Timeout,
        _ => Failure::Connection,
    }
}

// ANCHOR: async_client
/// An async client: reqwest on tokio, `aiohttp.ClientSession`'s
/// counterpart. Clones share one connection pool; with `reuse: false` there
/// is none, and every request opens and closes its own connection.
pub fn async_client(timeout: Duration, reuse: bool) -> Result<reqwest::Client, reqwest::Error> {
    let builder = reqwest::Client::builder()
        .timeout(timeout)
        .no_proxy()
        // One attempt per request, so every failure is counted.
        .retry(reqwest::retry::never());
    let builder = if reuse {
        builder
    } else {
        // `0` idle connections per host switches hyper's pool off, and
        // `Connection: close` tells the server so (HTTP/1.1 asks a client
        // that will not reuse a connection to say it), which then closes its
        // end as soon as the answer is sent instead of waiting for another
        // request: its descriptor is free by the time the client's is.
        let close = reqwest::header::HeaderValue::from_static("close");
        builder
            .pool_max_idle_per_host(0)
            .default_headers([(reqwest::header::CONNECTION, close)].into_iter().collect())
    };
    builder.build()
}

/// One async GET: the body's length, or why there is none.
pub async fn fetch_async(client: &reqwest::Client, url: impl reqwest::IntoUrl) -> Result<u64, Failure> {
    let response = client.get(url).send().await.map_err(|err| classify_reqwest(&err))?;
    let status = response.status();
    if !status.is_success() {
        return Err(Failure::Status(status.as_u16()));
    }
    let body = response.bytes().await.map_err(|err| classify_reqwest(&err))?;
    Ok(body.len() as u64)
}
// ANCHOR_END: async_client

fn classify_reqwest(err: &reqwest::Error) -> Failure {
    if err.is_timeout() {
        Failure::Timeout
    } else if let Some(status) = err.status() {
        Failure::Status(status.as_u16())
    } else if err.is_connect() || err.is_request() || err.is_body() {
        Failure::Connection
    } else {
        Failure::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_is_checked_whole_and_loses_its_trailing_slash() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        assert_eq!(
            parse_base_url("http://localhost/pages").as_deref(),
            Ok("http://localhost/pages")
        );
        for bad in [
            "http://127.0.0.1:99999",
            "http://127.0.0.1:abc",
            "http://",
            "http://127.0.0.1/a b",
            "https://127.0.0.1",
            "127.0.0.1:8080",
            "http://127.0.0.1:0",
            "http://127.0.0.1/#top",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_plan_alternates_the_paths_like_the_tutorial() {
        let plan = Plan {
            base: "http://127.0.0.1:1".into(),
            paths: vec!["/jython".into(), "/dice".into()],
            repeat: REPEAT,
            timeout: TIMEOUT,
        };
        assert_eq!(plan.requests(), 160);
        assert_eq!(plan.url(0), "http://127.0.0.1:1/jython?n=0");
        assert_eq!(plan.url(1), "http://127.0.0.1:1/dice?n=1");
        assert_eq!(plan.path(159), "/dice");
    }

    #[test]
    fn a_tally_counts_each_kind_of_failure() {
        let mut tally = Tally::default();
        tally.record(Ok(10));
        tally.record(Ok(5));
        tally.record(Err(Failure::Status(500)));
        tally.record(Err(Failure::Timeout));
        tally.record(Err(Failure::Timeout));
        assert_eq!((tally.ok, tally.bytes, tally.errors(), tally.requests()), (2, 15, 3, 5));
        assert_eq!(tally.describe_errors(), "3: 1 status, 2 timeout");
        let mut total = Tally::default();
        total.merge(&tally);
        total.merge(&tally);
        assert_eq!(total.requests(), 10);
        assert_eq!(Tally::default().describe_errors(), "0");
    }
}
