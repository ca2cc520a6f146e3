//! The solution: `Condvar::wait_while`, which re-checks the condition after
//! every wake-up (spurious ones included).

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// The items, and whether more may come.
#[derive(Default)]
struct State {
    items: VecDeque<u64>,
    closed: bool,
}

/// A queue of numbers shared by producers and consumers.
#[derive(Default)]
pub struct WorkQueue {
    state: Mutex<State>,
    changed: Condvar,
}

impl WorkQueue {
    /// An empty, open queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an item and wakes one waiting consumer.
    pub fn push(&self, item: u64) {
        self.state.lock().unwrap().items.push_back(item);
        self.changed.notify_one();
    }

    /// No more items will come: wakes every waiting consumer.
    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        self.changed.notify_all();
    }

    // ANCHOR: solution
    /// The next item; waits while the queue is empty and open; `None` once
    /// it is closed and empty.
    pub fn pop(&self) -> Option<u64> {
        let state = self.state.lock().unwrap();
        // Releases the lock while asleep, takes it back before returning.
        let mut state = self
            .changed
            .wait_while(state, |s| s.items.is_empty() && !s.closed)
            .unwrap();
        state.items.pop_front() // None only when closed and empty
    }
    // ANCHOR_END: solution
}
