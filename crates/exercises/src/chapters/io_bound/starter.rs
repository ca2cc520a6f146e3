//! The starter: one download at a time.
#![allow(unused_variables, unused_imports)]

// ANCHOR: starter
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// Fetches ids `0..count`, at most `limit` at once: the pages in id order,
/// and the most fetches ever in flight.
pub async fn download_all<F, Fut>(count: u64, limit: usize, fetch: F) -> (Vec<u64>, usize)
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = u64> + Send + 'static,
{
    let (in_flight, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut pages = Vec::new();
    for id in 0..count {
        // One at a time. Spawn a task per id that first acquires a permit
        // of a `Semaphore::new(limit)` (`acquire_owned`), then fetches.
        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        most.fetch_max(now, Ordering::SeqCst);
        pages.push(fetch(id).await);
        in_flight.fetch_sub(1, Ordering::SeqCst);
    }
    (pages, most.load(Ordering::SeqCst))
}
// ANCHOR_END: starter
