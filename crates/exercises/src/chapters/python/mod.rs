//! Calling Rust from Python: checked conversions at the boundary.
//!
//! A Python `int` has no size limit; the extension's functions take a
//! `u64`. Task: `to_limit` turns the integer Python passed (here an
//! `i128`, wide enough for the test) into a `u64`, refusing a negative
//! value and one too large with the error each deserves (PyO3 would raise
//! `ValueError` and `OverflowError` for them). The starter's `as` cast
//! never fails: it wraps.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer::{LimitError, to_limit};

    #[test]
    fn a_limit_in_range_passes_unchanged() {
        assert_eq!(to_limit(1_000), Ok(1_000));
        assert_eq!(to_limit(u64::MAX as i128), Ok(u64::MAX));
    }

    #[test]
    fn a_negative_or_too_large_limit_is_refused() {
        assert_eq!(to_limit(-1), Err(LimitError::Negative(-1)));
        assert_eq!(to_limit(1 << 64), Err(LimitError::TooLarge(1 << 64)));
    }
}
