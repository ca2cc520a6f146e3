// A `std::sync::MutexGuard` held across an `.await` in a future given to
// `tokio::spawn`: the guard is not `Send`, so neither is the future.
use std::sync::{Arc, Mutex};

async fn record_all(log: Arc<Mutex<Vec<u64>>>, items: Vec<u64>) {
    let mut guard = log.lock().unwrap();
    for item in items {
        guard.push(item);
        tokio::task::yield_now().await;
    }
}

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(record_all(Arc::clone(&log), vec![1, 2, 3])).await.unwrap();
}
