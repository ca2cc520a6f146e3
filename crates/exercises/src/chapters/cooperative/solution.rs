//! The solution.

// ANCHOR: solution
/// Every worker checks one number per turn, in turn; the numbers each
/// worker checked.
pub fn round_robin(numbers: &[u64], workers: usize) -> Vec<Vec<u64>> {
    let mut checked = vec![Vec::new(); workers.max(1)];
    let mut queue = numbers.iter().copied();
    // The turn moves on after every number: one step of each worker.
    'turns: loop {
        for worker in checked.iter_mut() {
            let Some(n) = queue.next() else { break 'turns };
            worker.push(n);
        }
    }
    checked
}
// ANCHOR_END: solution
