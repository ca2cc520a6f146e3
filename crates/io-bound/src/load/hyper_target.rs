//! The `hyper` client of a load run: what a load tester does, as wrk does
//! in C. Each task opens one connection with hyper's low-level client and
//! sends its requests on it one after the other, with nothing between the
//! task and the connection; a new connection only after a failure.

use concurrency_core::RunError;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;

use crate::client::Failure;

/// Where the `hyper` client connects and what it asks for.
pub(super) struct HyperTarget {
    /// `host:port`, for the connection.
    address: String,
    /// The path and query, for the request line.
    path: Uri,
    /// The `Host` header HTTP/1.1 requires.
    host: String,
}

impl HyperTarget {
    pub(super) fn of(url: &reqwest::Url) -> Result<HyperTarget, RunError> {
        let bad = |what: &str| RunError::Io {
            context: format!("{url} has no {what}"),
            source: std::io::Error::from(std::io::ErrorKind::InvalidInput),
        };
        let host = url.host_str().ok_or_else(|| bad("host"))?;
        let port = url.port_or_known_default().ok_or_else(|| bad("port"))?;
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        Ok(HyperTarget {
            address: format!("{host}:{port}"),
            path: path.parse().map_err(|_| bad("path hyper can send"))?,
            host: format!("{host}:{port}"),
        })
    }

    /// One GET on `connection`, opened first if there is none (or it has
    /// closed): the body's length, or why there is none.
    pub(super) async fn fetch(&self, connection: &mut Option<SendRequest<Empty<Bytes>>>) -> Result<u64, Failure> {
        if connection.as_ref().is_none_or(SendRequest::is_closed) {
            let stream = tokio::net::TcpStream::connect(&self.address)
                .await
                .map_err(|_| Failure::Connection)?;
            let _ = stream.set_nodelay(true);
            let (sender, driver) = http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|_| Failure::Connection)?;
            // The connection's own task, on this thread's runtime: it reads
            // and writes the socket while `sender` hands it requests.
            tokio::spawn(driver);
            *connection = Some(sender);
        }
        let Some(sender) = connection.as_mut() else {
            return Err(Failure::Other);
        };
        sender.ready().await.map_err(|_| Failure::Connection)?;
        let request = Request::get(self.path.clone())
            .header(hyper::header::HOST, &self.host)
            .body(Empty::new())
            .map_err(|_| Failure::Other)?;
        let response = sender.send_request(request).await.map_err(|_| Failure::Connection)?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|_| Failure::Connection)?;
        if !status.is_success() {
            return Err(Failure::Status(status.as_u16()));
        }
        Ok(body.to_bytes().len() as u64)
    }
}
