//! The solution.

/// Why a Python integer is no limit.
#[derive(Debug, PartialEq, Eq)]
pub enum LimitError {
    /// Below zero (Python: `ValueError`).
    Negative(i128),
    /// Above `u64::MAX` (Python: `OverflowError`).
    TooLarge(i128),
}

// ANCHOR: solution
/// The integer Python passed, as a limit.
pub fn to_limit(value: i128) -> Result<u64, LimitError> {
    u64::try_from(value).map_err(|_| {
        if value < 0 {
            LimitError::Negative(value)
        } else {
            LimitError::TooLarge(value)
        }
    })
}
// ANCHOR_END: solution
