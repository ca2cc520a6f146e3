//! The speedup cells of the extension page: every ratio through the guard.

use super::Run;
use crate::measure::{Baseline, Claim, Judgement, Measured, mark};

/// The speedup cell of `row` over `base`. Over the baseline the row claims
/// (its one-call row under the same interpreter), the guard's speedup (of
/// its second look when it took one), marked `= NAME` or `(implausible)`.
/// Over the other column's baseline (pure Python against the extension, or
/// back), a ratio of two languages that no core count bounds: the paired
/// ratio, marked `(implausible)` when the row's own time is.
pub(super) fn speedup_cell(
    row: usize,
    base: Option<usize>,
    measured: &[Measured<Run>],
    claims: &[Claim],
    judgements: &[Judgement],
) -> String {
    let Some(base) = base else {
        return "-".to_owned();
    };
    if base == row {
        return "baseline".to_owned();
    }
    let judgement = judgements.get(row);
    let claimed = claims.iter().any(|c| c.row == row && c.baseline == Baseline::Row(base));
    if claimed {
        let speedup = judgement.and_then(|j| j.speedup);
        let cell = speedup.map_or("-".to_owned(), |s| s.ratio_cell());
        return mark(cell, judgement, &|p| measured[p].label.clone());
    }
    let cell = measured[row]
        .speedup_over(&measured[base])
        .map_or("-".to_owned(), |s| s.ratio_cell());
    if judgement.is_some_and(Judgement::is_implausible) {
        format!("{cell} (implausible)")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Bound, Rounds, Sample, guard};

    #[test]
    fn a_speedup_faster_than_the_cores_allow_is_marked_never_bare() {
        // pure Python 10 s, the extension 0.1 s in one call and 0.04 s on
        // 2 threads: x2.5 over one call on 2 cores.
        let mut rows: Rounds<'_, Run> = Rounds::new();
        for (mode, secs) in [("python", 10.0), ("extension", 0.1), ("extension-threads", 0.04)] {
            let report = Run {
                mode: mode.to_owned(),
                results: Vec::new(),
                count: Some(25),
                elapsed: secs,
                interpreter: None,
            };
            rows.add(mode, move || {
                Ok(Sample {
                    secs,
                    report: report.clone(),
                })
            });
        }
        let mut measured = rows.run(3, &mut |_| {});
        let claims = vec![Claim {
            row: 2,
            baseline: Baseline::Row(1),
            workers: 2,
            bound: Bound::Cpu { cores: 2 },
            peers: vec![1],
        }];
        let judgements = guard(&mut rows, &mut measured, &claims, 3, &mut |_| {});
        let cell = |row, base| speedup_cell(row, base, &measured, &claims, &judgements);
        assert_eq!(cell(2, Some(1)), "x2.50 (2.50–2.50) (implausible)");
        // Over pure Python: two languages, no bound, but the row's time is suspect.
        assert_eq!(cell(2, Some(0)), "x250.00 (250.00–250.00) (implausible)");
        // The one-call row has no claim: its ratio over Python is bare.
        assert_eq!(cell(1, Some(0)), "x100.00 (100.00–100.00)");
        assert_eq!(cell(1, Some(1)), "baseline");
        assert_eq!(cell(1, None), "-");
    }
}
