//! Which limits a run measures: by default the tutorial's powers of ten,
//! from 10^5 up to `--max-limit`; with `--limit N`, the one row at N. The
//! final chapter measures the same rows.

use clap::Args;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{Defaults, MAX_LIMIT};

/// The tutorial's comparison uses 10 workers for every runner.
pub const DEFAULT_WORKERS: usize = 10;
/// The smallest limit of the default rows (the tutorial's first: 100 000).
pub const FIRST_LIMIT: u64 = 100_000;
/// The largest limit of the default rows: 10^7 takes seconds in Rust, where
/// 10^8 takes minutes per runner on two cores (`--max-limit 100000000`).
pub const DEFAULT_MAX_LIMIT: u64 = 10_000_000;

/// The comparison's defaults for the shared options: rows of limits, 10
/// workers, no forced delay (the tutorial's comparison has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison;

impl Defaults for Comparison {
    /// What `--limit` holds when it is not typed: the largest default row.
    const LIMIT: u64 = DEFAULT_MAX_LIMIT;
    const WORKERS: Option<usize> = Some(DEFAULT_WORKERS);
    const DELAY_MS: u64 = 0;
    const ROWS: bool = true;
}

/// The option that only the chapters with rows have, flattened next to
/// the shared `RunArgs`.
#[derive(Debug, Clone, Args)]
pub struct RowArgs {
    /// Rows at 10^5, 10^6, ... up to N (and N itself).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_LIMIT, conflicts_with = "limit",
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    pub max_limit: u64,
}

impl RowArgs {
    /// The limits to measure: `limit` alone where `--limit` was typed,
    /// otherwise the default rows up to `--max-limit`.
    pub fn limits(&self, limit: u64, limit_typed: bool) -> Vec<u64> {
        if limit_typed {
            vec![limit]
        } else {
            limits_up_to(self.max_limit)
        }
    }
}

/// The default rows' limits: the powers of ten from [`FIRST_LIMIT`] up to
/// `max_limit`, and `max_limit` itself when it is not one of them.
pub fn limits_up_to(max_limit: u64) -> Vec<u64> {
    let mut limits: Vec<u64> = std::iter::successors(Some(FIRST_LIMIT), |l| l.checked_mul(10))
        .take_while(|&l| l <= max_limit)
        .collect();
    if limits.last() != Some(&max_limit) {
        limits.push(max_limit);
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_limits_are_the_tutorials_powers_of_ten() {
        assert_eq!(limits_up_to(DEFAULT_MAX_LIMIT), [100_000, 1_000_000, 10_000_000]);
        assert_eq!(limits_up_to(100_000_000).len(), 4);
        assert_eq!(limits_up_to(2_000_000), [100_000, 1_000_000, 2_000_000]);
        assert_eq!(limits_up_to(1_000), [1_000]);
    }

    #[test]
    fn a_typed_limit_is_one_row() {
        let rows = RowArgs {
            max_limit: DEFAULT_MAX_LIMIT,
        };
        assert_eq!(rows.limits(2_000_000, true), [2_000_000]);
        assert_eq!(rows.limits(DEFAULT_MAX_LIMIT, false).len(), 3);
    }
}
