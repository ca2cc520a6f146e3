//! The starter: the data is written, the flag never raised or read.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Four numbers and a flag that says they are ready.
#[derive(Default)]
pub struct Mailbox {
    data: [AtomicU64; 4],
    ready: AtomicBool,
}

impl Mailbox {
    /// An empty mailbox.
    pub fn new() -> Self {
        Self::default()
    }

    // ANCHOR: starter
    /// Writes the message, then raises the flag (call once).
    pub fn publish(&self, message: [u64; 4]) {
        for (slot, value) in self.data.iter().zip(message) {
            slot.store(value, Ordering::Relaxed);
        }
        // Raise `self.ready`: with which ordering?
    }

    /// The message, if the flag is up.
    pub fn take(&self) -> Option<[u64; 4]> {
        // Read the flag (which ordering?), and the data only if it is up.
        None
    }
    // ANCHOR_END: starter
}
