//! I/O-bound work: downloads at once, at most `limit` at a time.
//!
//! Task: `download_all` runs `fetch` for every id concurrently, never more
//! than `limit` at once (a `tokio::sync::Semaphore`), and returns the
//! results in id order with the most downloads that were ever in flight.
//! The starter awaits them one after the other.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::download_all;
    use std::time::Duration;

    /// A stand-in for a download: 20 ms of waiting, then the "page".
    async fn fetch(id: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        id * 10
    }

    #[tokio::test]
    async fn downloads_overlap_up_to_the_limit() {
        let (pages, most) = download_all(20, 4, fetch).await;
        assert_eq!(pages, (0..20).map(|id| id * 10).collect::<Vec<_>>());
        assert_eq!(most, 4, "the downloads should overlap, never more than 4 at once");
    }
}
