//! The solution: a `Release` store of the flag, an `Acquire` load of it.

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

    // ANCHOR: solution
    /// Writes the message, then raises the flag (call once).
    pub fn publish(&self, message: [u64; 4]) {
        for (slot, value) in self.data.iter().zip(message) {
            slot.store(value, Ordering::Relaxed);
        }
        // Release: every write above happens-before any Acquire load that
        // reads this `true`.
        self.ready.store(true, Ordering::Release);
    }

    /// The message, if the flag is up.
    pub fn take(&self) -> Option<[u64; 4]> {
        if !self.ready.load(Ordering::Acquire) {
            return None;
        }
        // After the Acquire load saw `true`, the Relaxed loads see the
        // values published before the Release store.
        Some(self.data.each_ref().map(|slot| slot.load(Ordering::Relaxed)))
    }
    // ANCHOR_END: solution
}
