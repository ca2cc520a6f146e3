//! The solution.

// ANCHOR: solution
/// A set of numbers, searched by binary search.
pub struct Index {
    numbers: Vec<u64>,
}

impl Index {
    /// Builds the index.
    pub fn new(mut numbers: Vec<u64>) -> Self {
        numbers.sort_unstable(); // O(n log n) once, then O(log n) per search
        numbers.dedup();
        Self { numbers }
    }

    /// Whether `needle` is in the index.
    pub fn contains(&self, needle: u64) -> bool {
        self.numbers.binary_search(&needle).is_ok()
    }
}
// ANCHOR_END: solution
