//! The starter: `pop` gives up when the queue is empty.

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

    // ANCHOR: starter
    /// The next item; waits while the queue is empty and open; `None` once
    /// it is closed and empty.
    pub fn pop(&self) -> Option<u64> {
        // Wrong: an empty queue is not a finished one. Wait on
        // `self.changed` until there is an item or the queue is closed.
        self.state.lock().unwrap().items.pop_front()
    }
    // ANCHOR_END: starter
}
