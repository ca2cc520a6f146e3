//! Chapter 6: the figures of a comparison table.
//!
//! Task: the comparison reports, for each runner, the median of its timed
//! runs, its speedup over the synchronous baseline and its parallel
//! efficiency (speedup per worker). Write the three.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::{efficiency, median, speedup};

    #[test]
    fn the_median_is_the_middle_of_the_sorted_times() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut [7.0]), 7.0);
    }

    #[test]
    fn speedup_and_efficiency() {
        assert_eq!(speedup(8.0, 2.0), 4.0);
        assert_eq!(efficiency(4.0, 8), 0.5);
    }
}
