//! Search: the data structure first.
//!
//! Task: `Index` answers "is this number in the haystack?" in O(log n) by
//! binary search. The starter searches the numbers as they came: binary
//! search on unsorted data compiles, runs, and gives wrong answers. Fix
//! `Index::new`.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::Index;

    /// A deterministic, unsorted haystack with repeats.
    fn haystack() -> Vec<u64> {
        let mut x = 12345u64;
        (0..2000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % 5000
            })
            .collect()
    }

    #[test]
    fn the_index_finds_what_a_linear_search_finds() {
        let hay = haystack();
        let index = Index::new(hay.clone());
        for needle in 0..5000 {
            assert_eq!(index.contains(needle), hay.contains(&needle), "needle {needle}");
        }
    }
}
