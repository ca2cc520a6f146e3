//! The starter: no timeout, no shutdown.
#![allow(unused_variables, unused_mut)]

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// A stand-in for a download that takes `delay_ms`: returns `delay_ms`.
pub async fn download(delay_ms: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    delay_ms
}

// ANCHOR: starter
/// Every download at once, each cancelled after `timeout` (`None`).
pub async fn fetch_all(delays_ms: Vec<u64>, timeout: Duration) -> Vec<Option<u64>> {
    let mut results = Vec::new();
    for delay in delays_ms {
        // One after the other, and each as long as it takes. Spawn them
        // all, and race each against `tokio::time::sleep(timeout)` with
        // `tokio::select!`.
        results.push(Some(download(delay).await));
    }
    results
}

/// Handles jobs until `shutdown` fires; returns the jobs handled.
pub async fn serve(mut jobs: mpsc::Receiver<u64>, mut shutdown: oneshot::Receiver<()>) -> Vec<u64> {
    let mut handled = Vec::new();
    // Waits for the channel to close, which may never happen: also
    // listen to `shutdown`.
    while let Some(job) = jobs.recv().await {
        handled.push(job);
    }
    handled
}
// ANCHOR_END: starter
