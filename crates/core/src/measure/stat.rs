//! The median of the rounds, their spread, and the cells that show them.

use super::median;

/// The median of a set of values and its spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    /// The middle value; for an even count, the upper of the middle two
    /// (see [`median`]), so that it is a value that was measured.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// How many values: a single run has no spread to show.
    pub runs: usize,
}

impl Stat {
    /// The statistics of `values`, or `None` when there are none. Values
    /// that are not finite are left out.
    pub fn of(values: &[f64]) -> Option<Stat> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let median = median(finite.iter().copied())?;
        let (min, max) = finite.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        Some(Stat {
            median,
            min,
            max,
            runs: finite.len(),
        })
    }

    /// The width of the spread: `max - min`.
    pub fn spread(&self) -> f64 {
        self.max - self.min
    }

    /// A time for a table cell, with three significant digits:
    /// `median s (fastest–slowest)`, in milliseconds below a tenth of a
    /// second and in microseconds below a millisecond; `median s (1 run)`
    /// when there is a single run.
    pub fn secs_cell(&self) -> String {
        let (scale, unit) = if self.median < 1e-3 {
            (1e6, "µs")
        } else if self.median < 0.1 {
            (1e3, "ms")
        } else {
            (1.0, "s")
        };
        let decimals = decimals_for(self.median * scale);
        let median = format!("{:.decimals$} {unit}", self.median * scale);
        if self.runs == 1 {
            return format!("{median} (1 run)");
        }
        format!(
            "{median} ({:.decimals$}–{:.decimals$})",
            self.min * scale,
            self.max * scale
        )
    }

    /// A ratio for a table cell: `x1.95 (1.90–2.01)`, or `x1.95 (1 run)`.
    pub fn ratio_cell(&self) -> String {
        if self.runs == 1 {
            return format!("x{:.2} (1 run)", self.median);
        }
        format!("x{:.2} ({:.2}–{:.2})", self.median, self.min, self.max)
    }
}

/// A time alone, as [`Stat::secs_cell`] writes its median: `0.795 s`,
/// `5.62 ms`, `17.9 µs`.
pub fn secs_brief(secs: f64) -> String {
    Stat {
        median: secs,
        min: secs,
        max: secs,
        runs: 1,
    }
    .secs_cell()
    .trim_end_matches(" (1 run)")
    .to_owned()
}

/// Decimals that give three significant digits for `x` (at most 6).
fn decimals_for(x: f64) -> usize {
    if x <= 0.0 || !x.is_finite() {
        return 3;
    }
    (2 - x.log10().floor() as i64).clamp(0, 6) as usize
}

/// The per-round ratios `baseline / row` over the rounds both took part in:
/// `baseline` and `row` are `(round, seconds)` pairs.
pub fn paired_ratios(baseline: &[(usize, f64)], row: &[(usize, f64)]) -> Vec<f64> {
    row.iter()
        .filter(|(_, secs)| *secs > 0.0)
        .filter_map(|&(round, secs)| {
            let base = baseline.iter().find(|(r, _)| *r == round)?.1;
            Some(base / secs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(values: &[f64]) -> Stat {
        Stat::of(values).expect("values")
    }

    #[test]
    fn the_median_is_a_measured_value_and_ignores_what_is_not_finite() {
        assert_eq!(stat(&[3.0, 1.0, 2.0]).median, 2.0);
        assert_eq!(stat(&[4.0, 1.0, 3.0, 2.0]).median, 3.0);
        let s = stat(&[1.0, f64::NAN, 2.0, f64::INFINITY]);
        assert_eq!((s.median, s.min, s.max, s.runs), (2.0, 1.0, 2.0, 2));
        assert_eq!(Stat::of(&[]), None);
        assert_eq!(Stat::of(&[f64::NAN]), None);
    }

    #[test]
    fn the_spread_is_min_to_max() {
        let s = stat(&[0.823, 0.795, 0.781, 0.80, 0.79]);
        assert_eq!((s.min, s.median, s.max), (0.781, 0.795, 0.823));
        assert!((s.spread() - 0.042).abs() < 1e-12);
        assert_eq!(s.secs_cell(), "0.795 s (0.781–0.823)");
        assert_eq!(stat(&[0.00521, 0.0051, 0.0054]).secs_cell(), "5.21 ms (5.10–5.40)");
        assert_eq!(
            stat(&[0.0000309, 0.0000119, 0.00016]).secs_cell(),
            "30.9 µs (11.9–160.0)"
        );
        assert_eq!(stat(&[3.21]).secs_cell(), "3.21 s (1 run)");
        assert_eq!(stat(&[93.72]).ratio_cell(), "x93.72 (1 run)");
        assert_eq!(stat(&[12.34, 12.1, 12.6]).secs_cell(), "12.3 s (12.1–12.6)");
        assert_eq!(stat(&[1.95, 1.9, 2.01]).ratio_cell(), "x1.95 (1.90–2.01)");
    }

    #[test]
    fn a_paired_speedup_is_not_the_ratio_of_medians() {
        // The machine slows down in rounds 2 and 3, for both rows alike:
        // each round the row is exactly twice as fast as the baseline.
        let baseline = [(0, 1.0), (1, 3.0), (2, 5.0)];
        let row = [(0, 0.5), (1, 1.5), (2, 2.5)];
        let paired = median(paired_ratios(&baseline, &row)).expect("ratios");
        assert_eq!(paired, 2.0);
        // The row also ran in a round the baseline missed (a fast moment):
        // the ratio of medians is off, the paired ratios still say 2.
        let baseline = [(0, 1.0), (1, 4.0), (2, 6.0)];
        let row = [(0, 0.5), (1, 2.0), (2, 3.0), (3, 0.1), (4, 0.1)];
        let ratio_of_medians = 4.0 / median([0.5_f64, 2.0, 3.0, 0.1, 0.1]).expect("row");
        assert_eq!(median(paired_ratios(&baseline, &row)), Some(2.0));
        assert!((ratio_of_medians - 2.0).abs() > 0.5, "{ratio_of_medians}");
    }
}
