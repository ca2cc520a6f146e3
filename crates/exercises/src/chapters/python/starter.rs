//! The starter: an `as` cast.

/// Why a Python integer is no limit.
#[derive(Debug, PartialEq, Eq)]
pub enum LimitError {
    /// Below zero (Python: `ValueError`).
    Negative(i128),
    /// Above `u64::MAX` (Python: `OverflowError`).
    TooLarge(i128),
}

// ANCHOR: starter
/// The integer Python passed, as a limit.
pub fn to_limit(value: i128) -> Result<u64, LimitError> {
    // `as` keeps the low 64 bits: -1 becomes u64::MAX, 2^64 becomes 0.
    // Use `u64::try_from`, and tell the two failures apart.
    Ok(value as u64)
}
// ANCHOR_END: starter
