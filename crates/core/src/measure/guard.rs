//! The guard: a row that its spread cannot tell from its neighbour is a
//! tie with it; a row that beats physics is measured again, and if it
//! still does (or it now ties), its verdict says so.

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

/// What the guard concluded about a row after its second look.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Verdict {
    /// Nothing to say: the row reads as measured.
    #[default]
    Clear,
    /// The row's spread is wider than its gap to the nearest row it is
    /// compared with (the index held here): a finding, "these two are the
    /// same", which [`mark`](super::mark) writes as `= NAME`.
    Tie(usize),
    /// The row's efficiency, of its median speedup or of one round's ratio,
    /// is above what the cores allow (or it did not run again): why.
    Implausible(String),
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
    /// The verdict after the second look.
    pub verdict: Verdict,
}

impl Judgement {
    /// Whether the row is implausible: its numbers are no finding.
    pub fn is_implausible(&self) -> bool {
        matches!(self.verdict, Verdict::Implausible(_))
    }

    /// The row this one ties with, if it does.
    pub fn tie(&self) -> Option<usize> {
        match self.verdict {
            Verdict::Tie(peer) => Some(peer),
            _ => None,
        }
    }
}

/// Why a row with this speedup is implausible, or `None`: the efficiency
/// of its median, or of its fastest round's ratio (the speedup's `max`), is
/// above [`MAX_EFFICIENCY`] for `workers` workers bound by `bound`.
pub fn implausible(speedup: Stat, workers: usize, bound: Bound) -> Option<String> {
    let efficiency = bound.efficiency(speedup.median, workers);
    if efficiency > MAX_EFFICIENCY {
        return Some(format!(
            "x{:.2} with {workers} workers is an efficiency of {efficiency:.2}, above {MAX_EFFICIENCY}",
            speedup.median
        ));
    }
    let fastest = bound.efficiency(speedup.max, workers);
    (fastest > MAX_EFFICIENCY).then(|| {
        format!(
            "one round's x{:.2} with {workers} workers is an efficiency of {fastest:.2}, above {MAX_EFFICIENCY}",
            speedup.max
        )
    })
}

/// The nearest of `peers` (`(index, time)`) that a row with this `time`
/// cannot be told from, or `None`: the row's spread is wider than the gap
/// between its median and that peer's (or the two medians are equal).
pub fn tie(time: Stat, peers: &[(usize, Stat)]) -> Option<usize> {
    let (peer, gap) = peers
        .iter()
        .map(|(i, p)| (*i, (p.median - time.median).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    (time.spread() > gap || gap == 0.0).then_some(peer)
}

/// The verdict on a row's numbers: implausible first, then a tie.
fn verdict(time: Stat, speedup: Option<Stat>, claim: &Claim, peers: &[(usize, Stat)]) -> Verdict {
    if let Some(why) = speedup.and_then(|s| implausible(s, claim.workers, claim.bound)) {
        return Verdict::Implausible(why);
    }
    tie(time, peers).map_or(Verdict::Clear, Verdict::Tie)
}

/// Checks every claim: a row that ties with a peer is judged a tie on the
/// main rounds; a row whose numbers are implausible (see [`Verdict`]) is
/// measured again once, in `rounds` fresh interleaved rounds with its
/// baseline row, and judged on those (implausible, a tie, or clear); the fresh
/// runs become its entry's `second_look` (the baseline's fresh runs only
/// serve its speedup: the baseline's own cell keeps the main rounds). One
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
        let mut judgement = Judgement {
            speedup,
            ..Judgement::default()
        };
        // A tie is a finding of the main rounds: the rounds cannot tell
        // the row from its peer, and more rounds of the same machine would
        // mostly say so again (and cost as much as the table). Only a row
        // that beats the cores, which no code can do, earns a second look.
        let first = verdict(time, speedup, claim, &peers);
        if !matches!(first, Verdict::Implausible(_)) {
            judgement.verdict = first;
        } else {
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
            judgement.verdict = match row.stat() {
                Some(fresh_time) => verdict(fresh_time, fresh_speedup, claim, &peers),
                None => Verdict::Implausible(match &row.error {
                    Some(error) => format!("it failed on the second look: {error}"),
                    None => "it did not run on the second look".to_owned(),
                }),
            };
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

/// `(index, time)` of the claim's peers that ran, itself left out.
fn peer_stats<T>(measured: &[Measured<T>], claim: &Claim) -> Vec<(usize, Stat)> {
    claim
        .peers
        .iter()
        .filter(|&&p| p != claim.row)
        .filter_map(|&p| Some((p, measured.get(p)?.stat()?)))
        .collect()
}

#[cfg(test)]
mod tests;
