//! The I/O chapter in miniature, async: the downloads of the `threads`
//! example, one after the other and then a tokio task per download, every
//! task on one thread. The hardened modes the tables measure are in `src/modes.rs`.
//!
//! `cargo run -p chapter-io-bound --example tasks`

// ANCHOR: example
use std::io::Result;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const DOWNLOADS: usize = 20;
const PAGE: usize = 64 * 1024; // bytes in the page

/// The server's side of one connection: wait, send the page, close.
async fn answer(mut stream: TcpStream) -> Result<()> {
    // This task waits; meanwhile the thread runs the others.
    tokio::time::sleep(Duration::from_millis(20)).await;
    stream.write_all(&[b'x'; PAGE]).await
}

/// The client's side: connect, then read the page until the server closes.
async fn download(server: SocketAddr) -> Result<usize> {
    let mut page = Vec::new();
    TcpStream::connect(server).await?.read_to_end(&mut page).await?;
    Ok(page.len())
}

#[tokio::main(flavor = "current_thread")] // one thread runs every task
async fn main() -> Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?; // port 0: any free port
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let mut answers = JoinSet::new(); // for exactly the connections below
        for _ in 0..2 * DOWNLOADS {
            answers.spawn(answer(listener.accept().await?.0));
        }
        answers.join_all().await.into_iter().collect::<Result<()>>()
    });

    let started = Instant::now();
    let mut pages = Vec::new();
    for _ in 0..DOWNLOADS {
        pages.push(download(addr).await?); // waits for this page before the next
    }
    println!("one after the other: {:.2?}", started.elapsed());
    let started = Instant::now();
    // A task per download, every one started before any is awaited.
    let tasks: JoinSet<_> = (0..DOWNLOADS).map(|_| download(addr)).collect();
    for page in tasks.join_all().await {
        pages.push(page?);
    }
    println!("a task each:         {:.2?}", started.elapsed());
    server.await.expect("the server task panicked")?; // every page sent
    assert_eq!(pages, [PAGE; 2 * DOWNLOADS], "every download got the whole page");
    Ok(())
}
// ANCHOR_END: example
