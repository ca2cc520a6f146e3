//! The starter: binary search on unsorted numbers.

// ANCHOR: starter
/// A set of numbers, searched by binary search.
pub struct Index {
    numbers: Vec<u64>,
}

impl Index {
    /// Builds the index.
    pub fn new(numbers: Vec<u64>) -> Self {
        // Binary search needs sorted input.
        Self { numbers }
    }

    /// Whether `needle` is in the index.
    pub fn contains(&self, needle: u64) -> bool {
        self.numbers.binary_search(&needle).is_ok()
    }
}
// ANCHOR_END: starter
