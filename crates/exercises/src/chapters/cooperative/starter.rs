//! The starter: the first worker never yields.

// ANCHOR: starter
/// Every worker checks one number per turn, in turn; the numbers each
/// worker checked.
pub fn round_robin(numbers: &[u64], workers: usize) -> Vec<Vec<u64>> {
    let mut checked = vec![Vec::new(); workers.max(1)];
    let mut queue = numbers.iter().copied();
    // Worker 0 keeps the turn until the queue is empty: hand the turn to
    // the next worker after every number.
    for n in queue.by_ref() {
        checked[0].push(n);
    }
    checked
}
// ANCHOR_END: starter
