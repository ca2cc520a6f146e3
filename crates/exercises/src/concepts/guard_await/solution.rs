//! The solution: the guard lives in a block that ends before the `.await`.

// ANCHOR: solution
use std::sync::{Arc, Mutex};

/// Pushes every item into `log`, yielding to the runtime after each one.
pub async fn record_all(log: Arc<Mutex<Vec<u64>>>, items: Vec<u64>) {
    for item in items {
        {
            let mut guard = log.lock().expect("a task panicked holding the log");
            guard.push(item);
        } // the guard is dropped here, before the task can be suspended
        tokio::task::yield_now().await;
    }
}
// ANCHOR_END: solution
