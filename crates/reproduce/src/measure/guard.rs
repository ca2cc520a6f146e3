//! The guard: a row that beats physics, or that its spread cannot tell from
//! its neighbour, is measured again and, if it still is, marked noisy.

use std::fmt::Write as _;

use super::{MAX_EFFICIENCY, Measured, Rounds, Stat};

/// What limits a row's speed, and so its parallel efficiency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Computation: `workers` can go no faster than the machine's logical
    /// cores, so the efficiency is speedup / min(workers, cores).
    Cpu {
        /// The machine's logical cores.
        cores: usize,
    },
    /// Sleeping: the workers wait side by side, so the efficiency is
    /// speedup / workers.
    Sleep,
}

impl Bound {
    /// The parallel efficiency of `speedup` with `workers` workers.
    pub fn efficiency(self, speedup: f64, workers: usize) -> f64 {
        let usable = match self {
            Bound::Cpu { cores } => workers.min(cores),
            Bound::Sleep => workers,
        };
        speedup / usable.max(1) as f64
    }
}

/// What a row's speedup is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Baseline {
    /// Another row of the same rounds (its index).
    Row(usize),
    /// A fixed time in seconds: the sum of a sleep-bound job's delays.
    Fixed(f64),
}

/// A row the guard checks: what it claims to be compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The row's index.
    pub row: usize,
    /// Its baseline.
    pub baseline: Baseline,
    /// How many workers it ran with.
    pub workers: usize,
    /// What limits it.
    pub bound: Bound,
    /// The rows it is compared with in its table (its baseline included):
    /// the spread test looks for the nearest of them.
    pub peers: Vec<usize>,
}

/// What the guard concluded about one row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Judgement {
    /// The speedup over the baseline (of the fresh rounds when re-measured).
    pub speedup: Option<Stat>,
    /// The speedup's median over the usable workers.
    pub efficiency: Option<f64>,
    /// Whether the row was measured again.
    pub remeasured: bool,
    /// Why the row is still implausible after the second look.
    pub noisy: Option<String>,
}

/// Why a row with these numbers is implausible, or `None`: its efficiency
/// is above [`MAX_EFFICIENCY`], or its spread is wider than the distance
/// from its median to the nearest of its peers' medians.
pub fn implausible(time: Stat, speedup: Option<f64>, workers: usize, bound: Bound, peers: &[Stat]) -> Option<String> {
    if let Some(speedup) = speedup {
        let efficiency = bound.efficiency(speedup, workers);
        if efficiency > MAX_EFFICIENCY {
            return Some(format!(
                "x{speedup:.2} with {workers} workers is an efficiency of {efficiency:.2}, above {MAX_EFFICIENCY}"
            ));
        }
    }
    let nearest = peers
        .iter()
        .map(|p| (p.median - time.median).abs())
        .min_by(f64::total_cmp)?;
    (time.spread() > nearest).then(|| {
        format!(
            "its spread ({}) is wider than the gap to the nearest row it is compared with ({})",
            secs_short(time.spread()),
            secs_short(nearest)
        )
    })
}

fn secs_short(secs: f64) -> String {
    if secs < 0.1 {
        format!("{:.3} ms", secs * 1_000.0)
    } else {
        format!("{secs:.3} s")
    }
}

/// Checks every claim; a row found implausible is measured again once, in
/// `rounds` fresh interleaved rounds with its baseline row; the fresh runs
/// become its entry's `second_look` (the baseline's fresh runs only serve
/// its speedup: the baseline's own cell keeps the main rounds). One
/// judgement per entry of `measured`; rows without a claim get the default.
pub fn guard<T>(
    rows: &mut Rounds<'_, T>,
    measured: &mut [Measured<T>],
    claims: &[Claim],
    rounds: usize,
    progress: &mut dyn FnMut(&str),
) -> Vec<Judgement> {
    let mut judgements = vec![Judgement::default(); measured.len()];
    for claim in claims {
        let Some(time) = measured.get(claim.row).and_then(Measured::stat) else {
            continue;
        };
        let speedup = speedup_of(measured, claim.row, claim.baseline);
        let peers = peer_stats(measured, claim);
        let check = |time: Stat, speedup: Option<Stat>| {
            implausible(time, speedup.map(|s| s.median), claim.workers, claim.bound, &peers)
        };
        let mut judgement = Judgement {
            speedup,
            ..Judgement::default()
        };
        if check(time, speedup).is_some() {
            let which: Vec<usize> = match claim.baseline {
                Baseline::Row(b) => vec![claim.row, b],
                Baseline::Fixed(_) => vec![claim.row],
            };
            let mut fresh = rows.run_rows(&which, rounds, &mut |line| progress(&format!("second look, {line}")));
            let fresh_speedup = match (claim.baseline, fresh.get(1)) {
                (Baseline::Row(_), Some(base)) => fresh[0].speedup_over(base),
                (Baseline::Fixed(secs), _) => fresh[0].speedup_over_secs(secs),
                (Baseline::Row(_), None) => None,
            };
            let row = fresh.swap_remove(0);
            judgement.remeasured = true;
            judgement.speedup = fresh_speedup;
            if let Some(fresh_time) = row.stat() {
                judgement.noisy = check(fresh_time, fresh_speedup);
            } else {
                judgement.noisy = row
                    .error
                    .clone()
                    .or_else(|| Some("no run on the second look".to_owned()));
            }
            // The row keeps its main runs, which other rows pair with;
            // its own cell shows the second look.
            let kept = &mut measured[claim.row];
            kept.remeasured = true;
            kept.second_look = row.runs;
            if kept.error.is_none() {
                kept.error = row.error;
            }
        }
        judgement.efficiency = judgement
            .speedup
            .map(|s| claim.bound.efficiency(s.median, claim.workers));
        judgements[claim.row] = judgement;
    }
    judgements
}

fn speedup_of<T>(measured: &[Measured<T>], row: usize, baseline: Baseline) -> Option<Stat> {
    let this = measured.get(row)?;
    match baseline {
        Baseline::Row(b) => this.speedup_over(measured.get(b)?),
        Baseline::Fixed(secs) => this.speedup_over_secs(secs),
    }
}

fn peer_stats<T>(measured: &[Measured<T>], claim: &Claim) -> Vec<Stat> {
    claim
        .peers
        .iter()
        .filter(|&&p| p != claim.row)
        .filter_map(|&p| measured.get(p)?.stat())
        .collect()
}

/// The page's account of the guard: how many rows it checked, which it
/// marked noisy and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Noise {
    /// Rows the guard checked.
    pub checked: usize,
    /// Rows measured again.
    pub remeasured: usize,
    /// One footnote per row marked noisy.
    pub notes: Vec<String>,
}

impl Noise {
    /// Counts the judgements of `claims`; `name` names a row for its note.
    pub fn tally(judgements: &[Judgement], claims: &[Claim], name: &dyn Fn(usize) -> String) -> Noise {
        let mut noise = Noise::default();
        for claim in claims {
            let Some(judgement) = judgements.get(claim.row) else {
                continue;
            };
            noise.checked += 1;
            noise.remeasured += usize::from(judgement.remeasured);
            if let Some(why) = &judgement.noisy {
                noise.notes.push(format!("{}: {why}", name(claim.row)));
            }
        }
        noise
    }

    /// Adds another table's account to this one.
    pub fn merge(&mut self, other: Noise) {
        self.checked += other.checked;
        self.remeasured += other.remeasured;
        self.notes.extend(other.notes);
    }

    /// The paragraph a page ends its tables with: `Rows marked noisy: 0 of
    /// 12`, and a footnote for each.
    pub fn paragraph(&self) -> String {
        let mut text = format!(
            "Rows marked noisy: {} of {} checked ({} measured a second time). A row is measured again, \
             with its baseline, when its parallel efficiency is above {MAX_EFFICIENCY} or its spread is \
             wider than its gap to the nearest row it is compared with; `(noisy)` marks one that is still \
             implausible: read it as \"not distinguishable here\", not as a finding.\n",
            self.notes.len(),
            self.checked,
            self.remeasured
        );
        if !self.notes.is_empty() {
            text.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(text, "- (noisy) {note}");
        }
        text
    }
}

/// `cell`, with ` (noisy)` after it when the judgement says so.
pub fn mark(cell: String, judgement: Option<&Judgement>) -> String {
    match judgement {
        Some(j) if j.noisy.is_some() => format!("{cell} (noisy)"),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Sample;

    fn stat(values: &[f64]) -> Stat {
        Stat::of(values).expect("values")
    }

    #[test]
    fn the_guard_fires_on_a_speedup_beyond_the_cores() {
        let cpu = Bound::Cpu { cores: 2 };
        let why = implausible(
            stat(&[0.25, 0.24, 0.26]),
            Some(4.25),
            10,
            cpu,
            &[stat(&[1.0, 1.1, 0.9])],
        );
        assert!(why.is_some_and(|w| w.contains("efficiency of 2.12")));
        // The same speedup from 10 sleeping workers is fine.
        assert!(implausible(stat(&[0.25, 0.24, 0.26]), Some(4.25), 10, Bound::Sleep, &[]).is_none());
    }

    #[test]
    fn the_guard_fires_when_the_spread_hides_the_difference() {
        let cpu = Bound::Cpu { cores: 2 };
        let wide = stat(&[0.50, 0.40, 0.70]);
        let neighbour = stat(&[0.55, 0.54, 0.56]);
        assert!(implausible(wide, Some(1.9), 2, cpu, &[neighbour]).is_some());
        let narrow = stat(&[0.50, 0.49, 0.51]);
        assert!(implausible(narrow, Some(1.9), 2, cpu, &[neighbour, stat(&[1.0])]).is_none());
    }

    #[test]
    fn an_implausible_row_is_measured_again_and_marked_if_it_stays_so() {
        // The "parallel" row claims x4 on 2 cores, every time: noisy.
        let mut rounds: Rounds<'_, ()> = Rounds::new();
        let base = rounds.add("sync", || Ok(Sample { secs: 1.0, report: () }));
        let fast = rounds.add("magic", || Ok(Sample { secs: 0.25, report: () }));
        let honest = rounds.add("threads", || Ok(Sample { secs: 0.6, report: () }));
        let mut measured = rounds.run(3, &mut |_| {});
        let claim = |row| Claim {
            row,
            baseline: Baseline::Row(base),
            workers: 10,
            bound: Bound::Cpu { cores: 2 },
            peers: vec![base, fast, honest],
        };
        let claims = [claim(fast), claim(honest)];
        let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
        assert!(judgements[fast].remeasured && judgements[fast].noisy.is_some());
        assert!(measured[fast].remeasured);
        // The second look is the row's own cell; its main runs stay for
        // pairing with the other rows, round by round.
        assert_eq!((measured[fast].runs.len(), measured[fast].second_look.len()), (3, 3));
        assert_eq!(
            measured[fast].times(),
            measured[honest]
                .times()
                .iter()
                .map(|&(r, _)| (r, 0.25))
                .collect::<Vec<_>>()
        );
        assert!(!judgements[honest].remeasured && judgements[honest].noisy.is_none());
        assert_eq!(judgements[honest].speedup.map(|s| s.median), Some(1.0 / 0.6));
        let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());
        assert!(noise.paragraph().starts_with("Rows marked noisy: 1 of 2 checked"));
        assert_eq!(mark("0.25 s".into(), judgements.get(fast)), "0.25 s (noisy)");
    }
}
