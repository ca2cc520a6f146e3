//! The solution.

// ANCHOR: solution
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
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = (0..count)
        .map(|id| {
            let (permits, in_flight, most) = (permits.clone(), in_flight.clone(), most.clone());
            let download = fetch(id); // a future: nothing runs until awaited
            tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.expect("the semaphore is never closed");
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                let page = download.await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                page
            }) // the permit is released here, and the next task may start
        })
        .collect();
    let mut pages = Vec::new();
    for task in tasks {
        pages.push(task.await.expect("a download panicked"));
    }
    (pages, most.load(Ordering::SeqCst))
}
// ANCHOR_END: solution
