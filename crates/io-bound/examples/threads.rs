//! The I/O chapter in miniature: downloads from a local server that waits
//! before it answers, one after the other and then a thread per download.
//! The hardened modes the tables measure are in `src/modes.rs`.
//!
//! `cargo run -p chapter-io-bound --example threads`

// ANCHOR: example
use std::io::{Read, Result, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const DOWNLOADS: usize = 20;
const PAGE: usize = 64 * 1024; // bytes in the page

/// The server's side of one connection: wait, send the page, close.
fn answer(mut stream: TcpStream) -> Result<()> {
    thread::sleep(Duration::from_millis(20)); // a distant server's round trip
    stream.write_all(&[b'x'; PAGE])
}

/// The client's side: connect, then read the page until the server closes.
fn download(server: SocketAddr) -> Result<usize> {
    let mut page = Vec::new();
    TcpStream::connect(server)?.read_to_end(&mut page)?; // the thread blocks here
    Ok(page.len())
}

fn main() -> Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?; // port 0: any free port
    let addr = listener.local_addr()?;
    let server = thread::spawn(move || {
        thread::scope(|s| {
            for stream in listener.incoming().take(2 * DOWNLOADS) {
                s.spawn(move || answer(stream?)); // a thread per connection
            }
        }) // the scope joins every answering thread
    });

    let started = Instant::now();
    let mut pages = (0..DOWNLOADS).map(|_| download(addr)).collect::<Result<Vec<_>>>()?;
    println!("one after the other: {:.2?}", started.elapsed());
    let started = Instant::now();
    let threads: Vec<_> = (0..DOWNLOADS).map(|_| thread::spawn(move || download(addr))).collect();
    for thread in threads {
        pages.push(thread.join().expect("a download thread panicked")?);
    }
    println!("a thread each:       {:.2?}", started.elapsed());
    server.join().expect("the server panicked"); // it has served both runs
    assert_eq!(pages, [PAGE; 2 * DOWNLOADS], "every download got the whole page");
    Ok(())
}
// ANCHOR_END: example
