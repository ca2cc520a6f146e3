//! The connect deadline: a member makes its cluster's TCP connections
//! itself, quietly and within `--connect-timeout`, and hands them to timely.
//!
//! timely's own start-up connects to the processes before this one and
//! waits for those after it, and it retries a refused connection for ever,
//! printing `retrying` (and `awaiting connections`) on standard output once
//! a second: it cannot tell a peer that is slow to start from one that will
//! never come (timely issue 148). Making the connections here, with the
//! same shape (connect to the lower indices, accept the higher ones, each
//! connection opened by the connector's index), gives the run a deadline
//! and names exactly the peers that did not connect.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// How long between two attempts at a peer that is not there yet. Members
/// started together often dial a peer a moment before it listens; every
/// member waits for the last connection, so this pause is paid by the whole
/// cluster (at 100 ms, it was most of a short run's start).
const RETRY: Duration = Duration::from_millis(20);

/// How often a member looks for peers that have connected to it: shorter
/// still, for the same reason (a refused dial costs a packet; a look at
/// the listener costs nothing).
const LOOK: Duration = Duration::from_millis(2);

/// The longest one connection attempt may take (a host that drops packets
/// answers nothing at all).
const ATTEMPT: Duration = Duration::from_secs(1);

// ANCHOR: connect
/// Connects member `process` to every other member at `addresses` within
/// `timeout`: one socket per process, `None` for itself, in index order
/// (what `initialize_networking_from_sockets` takes); or one line naming
/// the peers that did not connect by then, and why, where it is known.
pub fn connect(addresses: &[String], process: usize, timeout: Duration) -> Result<Vec<Option<TcpStream>>, String> {
    let start = Instant::now();
    let listener = TcpListener::bind(&addresses[process])
        .and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
        .map_err(|err| format!("process {process} cannot listen on {}: {err}", addresses[process]))?;
    let mut sockets: Vec<Option<TcpStream>> = addresses.iter().map(|_| None).collect();
    let mut why: Vec<String> = addresses.iter().map(|_| "it never connected".to_owned()).collect();
    let mut dialled: Option<Instant> = None;
    loop {
        let dial_now = dialled.is_none_or(|at| at.elapsed() >= RETRY);
        if dial_now {
            dialled = Some(Instant::now());
        }
        for peer in 0..process {
            if dial_now && sockets[peer].is_none() {
                match dial(&addresses[peer], process) {
                    Ok(stream) => sockets[peer] = Some(stream),
                    Err(err) => why[peer] = err,
                }
            }
        }
        // Every peer after this one that has connected since the last look.
        while let Ok((stream, _)) = listener.accept() {
            if let Some((peer, stream)) = greeted(stream, process, addresses.len())
                && sockets[peer].is_none()
            {
                sockets[peer] = Some(stream);
            }
        }
        let missing: Vec<usize> = (0..addresses.len())
            .filter(|&peer| peer != process && sockets[peer].is_none())
            .collect();
        if missing.is_empty() {
            return Ok(sockets);
        }
        if start.elapsed() >= timeout {
            let names: Vec<String> = missing
                .iter()
                .map(|&peer| format!("process {peer} at {} ({})", addresses[peer], why[peer]))
                .collect();
            return Err(format!(
                "process {process} could not connect to {} within {:.1} s (--connect-timeout)",
                names.join(", "),
                timeout.as_secs_f64()
            ));
        }
        std::thread::sleep(LOOK);
    }
}
// ANCHOR_END: connect

/// One attempt at the peer at `address`: connect, and say who we are.
fn dial(address: &str, process: usize) -> Result<TcpStream, String> {
    let mut why = format!("{address} resolves to no address");
    for socket in address.to_socket_addrs().map_err(|err| err.to_string())? {
        match TcpStream::connect_timeout(&socket, ATTEMPT) {
            Ok(mut stream) => {
                stream
                    .set_nodelay(true)
                    .and_then(|()| stream.write_all(&(process as u64).to_le_bytes()))
                    .map_err(|err| err.to_string())?;
                return Ok(stream);
            }
            Err(err) => why = err.to_string(),
        }
    }
    Err(why)
}

/// The index a new connection says it comes from, if it is a peer after
/// `process` (anything else that connects, a port scanner say, is dropped).
fn greeted(mut stream: TcpStream, process: usize, processes: usize) -> Option<(usize, TcpStream)> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(ATTEMPT)).ok()?;
    let mut index = [0u8; 8];
    stream.read_exact(&mut index).ok()?;
    stream.set_read_timeout(None).ok()?;
    stream.set_nodelay(true).ok()?;
    let peer = usize::try_from(u64::from_le_bytes(index)).ok()?;
    (process < peer && peer < processes).then_some((peer, stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free(count: usize) -> Vec<String> {
        crate::cluster::free_addresses(count).unwrap()
    }

    #[test]
    fn three_members_connect_to_one_another() {
        let addresses = free(3);
        let sockets: Vec<_> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..3)
                .map(|process| {
                    let addresses = &addresses;
                    scope.spawn(move || connect(addresses, process, Duration::from_secs(20)))
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().unwrap().unwrap())
                .collect()
        });
        for (process, sockets) in sockets.iter().enumerate() {
            for (peer, socket) in sockets.iter().enumerate() {
                assert_eq!(socket.is_some(), peer != process);
            }
        }
    }

    #[test]
    fn a_peer_that_never_comes_is_named() {
        let addresses = free(3);
        // Process 1 waits for process 2 and cannot reach process 0.
        let err = connect(&addresses, 1, Duration::from_millis(300)).unwrap_err();
        assert!(err.starts_with("process 1 could not connect to process 0 at "), "{err}");
        assert!(
            err.contains(&format!("process 2 at {} (it never connected)", addresses[2])),
            "{err}"
        );
    }
}
