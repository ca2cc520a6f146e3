//! Cancellation: `select!` with a timeout, and a graceful shutdown.
//!
//! Task 1: `fetch_all` starts every download at once and gives each
//! `timeout`; one that is not done by then is cancelled (its future is
//! dropped) and reported as `None`. Task 2: `serve` handles jobs until a
//! shutdown signal arrives, then stops taking new ones and returns what it
//! handled, even though the job channel is still open. The job in hand is
//! never cancelled: it runs outside the `select!`.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::{fetch_all, serve};
    use std::time::Duration;
    use tokio::sync::{mpsc, oneshot};

    #[tokio::test]
    async fn a_slow_download_is_cancelled_at_the_timeout() {
        let results = fetch_all(vec![10, 1_000, 20], Duration::from_millis(200)).await;
        assert_eq!(results, vec![Some(10), None, Some(20)]);
    }

    #[tokio::test]
    async fn shutdown_stops_the_server_while_jobs_may_still_come() {
        let (jobs, job_rx) = mpsc::channel(8);
        let (stop, stop_rx) = oneshot::channel();
        let server = tokio::spawn(serve(job_rx, stop_rx));
        for job in 1..=3 {
            jobs.send(job).await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.send(()).unwrap();
        let handled = tokio::time::timeout(Duration::from_secs(2), server)
            .await
            .expect("the server ignored the shutdown")
            .unwrap();
        assert_eq!(handled, vec![1, 2, 3]);
        drop(jobs); // the channel stayed open until here
    }
}
