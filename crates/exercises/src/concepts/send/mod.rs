//! Share data with threads: `Rc` is not `Send`, `Arc` is.
//!
//! Task: sum `values` on `threads` threads, each summing every
//! `threads`-th value, all reading the same vector (no copy per thread).
//! The first try, with `Rc`, does not compile: the book shows the error
//! (`tests/compile_fail/rc_into_thread.rs`).

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer;

    #[test]
    fn the_threads_sum_every_value_once() {
        let values: Vec<u64> = (1..=10_000).collect();
        assert_eq!(answer::sum_on_threads(values, 4), 10_000 * 10_001 / 2);
    }

    #[test]
    fn more_threads_than_values_still_sum_them_all() {
        assert_eq!(answer::sum_on_threads(vec![5, 7], 8), 12);
    }
}
