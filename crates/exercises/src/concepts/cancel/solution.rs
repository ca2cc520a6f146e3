//! The solution: `tokio::select!` against a sleep, and against the
//! shutdown signal.

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// A stand-in for a download that takes `delay_ms`: returns `delay_ms`.
pub async fn download(delay_ms: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    delay_ms
}

// ANCHOR: solution
/// Every download at once, each cancelled after `timeout` (`None`).
pub async fn fetch_all(delays_ms: Vec<u64>, timeout: Duration) -> Vec<Option<u64>> {
    let tasks: Vec<_> = delays_ms
        .into_iter()
        .map(|delay| {
            tokio::spawn(async move {
                tokio::select! {
                    bytes = download(delay) => Some(bytes),
                    // The losing branch's future is dropped: that is the
                    // cancellation.
                    () = tokio::time::sleep(timeout) => None,
                }
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("a download task panicked"));
    }
    results
}

/// Handles jobs until `shutdown` fires; returns the jobs handled.
pub async fn serve(mut jobs: mpsc::Receiver<u64>, mut shutdown: oneshot::Receiver<()>) -> Vec<u64> {
    let mut handled = Vec::new();
    loop {
        tokio::select! {
            // `recv` is cancel safe: if shutdown wins, no job is lost in it.
            job = jobs.recv() => match job {
                Some(job) => handled.push(job), // the work, outside select!
                None => break,                  // every sender is gone
            },
            _ = &mut shutdown => break,
        }
    }
    handled
}
// ANCHOR_END: solution
