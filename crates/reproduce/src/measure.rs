//! Measuring like an experimenter: medians of interleaved rounds, paired
//! speedups, and a guard against results that beat physics.
//!
//! On a shared machine one run is an anecdote. So every table is measured
//! in **rounds**: each round runs every row of the table once, in order
//! (A B C, A B C, ...), so that a busy moment or a slow drift of the
//! machine's speed lands on every row alike instead of on one of them. A
//! cell then shows the median of the rounds and their spread,
//! `median s (fastest–slowest)`.
//!
//! A speedup is the **median of the per-round ratios** (the baseline's time
//! over the row's time in the same round), not the ratio of two medians: the
//! two runs of a round saw the same machine, so their ratio cancels what the
//! machine was doing; two medians may come from different moments.
//!
//! Rows are closures returning a [`Sample`] (the time and whatever the row
//! reports: a count, a verdict, a tally), so a Rust row and a Python row
//! can take part in the same rounds. A slow row (Python at the largest
//! limits, the longest runs of all) may join only the first rounds ([`Rounds::add_limited`]).
//!
//! The [`guard`] then distrusts two kinds of row: one whose parallel
//! efficiency is above [`MAX_EFFICIENCY`] (more speedup than there are cores), and
//! one whose spread is wider than its distance to the nearest row it is
//! compared with (the rounds cannot tell the two apart). Such a row is
//! measured again once, with its baseline, in fresh rounds; if it is still
//! implausible, the page marks it `(noisy)` instead of presenting it as a
//! finding.

use std::fmt::Write as _;
use std::time::Instant;

/// Rounds of a full run.
pub const FULL_ROUNDS: usize = 5;
/// Rounds of a quick run (`--quick`).
pub const QUICK_ROUNDS: usize = 3;
/// The most rounds a Python row joins, quick or full: Python at the
/// largest limits makes the longest runs of all, and three still give a
/// median and a spread.
pub const PYTHON_ROUNDS: usize = 3;
/// The parallel efficiency above which a row is distrusted: 1.0 is
/// perfect scaling, and 5 % is left for timer granularity and for a
/// baseline slowed by a busy moment the row escaped.
pub const MAX_EFFICIENCY: f64 = 1.05;

/// The median of a set of values and its spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    /// The middle value; for an even count, the mean of the middle two.
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
        let median = median(values)?;
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
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

/// The median of the finite values: the middle one, or for an even count
/// the mean of the middle two. `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
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

/// One run of one row: how long it took, and what it reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample<T> {
    /// Wall-clock seconds, as the row measures them (a row in a child
    /// process reports its own time, without the process's start-up).
    pub secs: f64,
    /// What the row reported: a count, a verdict, a tally.
    pub report: T,
}

impl<T> Sample<T> {
    /// Times `run` with a wall clock around it.
    pub fn timed(run: impl FnOnce() -> Result<T, String>) -> Result<Sample<T>, String> {
        let started = Instant::now();
        let report = run()?;
        Ok(Sample {
            secs: started.elapsed().as_secs_f64(),
            report,
        })
    }
}

/// Everything one row gave over the rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured<T> {
    /// The row's label, as the progress bar showed it.
    pub label: String,
    /// `(round, sample)` for every round the row ran in, in order.
    pub runs: Vec<(usize, Sample<T>)>,
    /// The first failure, after which the row ran no more rounds.
    pub error: Option<String>,
    /// Whether the guard measured the row a second time.
    pub remeasured: bool,
    /// The runs of the guard's second look, in fresh rounds with the row's
    /// baseline; empty without one. The row's own cell shows them, but a
    /// ratio with another row pairs the main `runs` only: a fresh round and
    /// a main round of the same number ran at different times.
    pub second_look: Vec<(usize, Sample<T>)>,
}

impl<T> Measured<T> {
    fn new(label: &str) -> Self {
        Measured {
            label: label.to_owned(),
            runs: Vec::new(),
            error: None,
            remeasured: false,
            second_look: Vec::new(),
        }
    }

    /// `(round, seconds)` of every run of the main rounds, for pairing.
    pub fn times(&self) -> Vec<(usize, f64)> {
        self.runs.iter().map(|(round, s)| (*round, s.secs)).collect()
    }

    /// The median time and its spread, of the second look when there was
    /// one; `None` when the row never ran.
    pub fn stat(&self) -> Option<Stat> {
        let shown = if self.second_look.is_empty() {
            &self.runs
        } else {
            &self.second_look
        };
        let secs: Vec<f64> = shown.iter().map(|(_, s)| s.secs).collect();
        Stat::of(&secs)
    }

    /// What each run reported, the main rounds' and the second look's, in
    /// order (every one of them is checked).
    pub fn reports(&self) -> impl Iterator<Item = &T> {
        self.runs.iter().chain(&self.second_look).map(|(_, s)| &s.report)
    }

    /// The same runs with each report turned into another type (the
    /// Rust or Python half of a table whose rows report different things).
    /// A run whose report `f` turns into `None` is left out.
    pub fn filter_map<U>(self, mut f: impl FnMut(T) -> Option<U>) -> Measured<U> {
        let mut map = |runs: Vec<(usize, Sample<T>)>| -> Vec<(usize, Sample<U>)> {
            runs.into_iter()
                .filter_map(|(round, s)| {
                    Some((
                        round,
                        Sample {
                            secs: s.secs,
                            report: f(s.report)?,
                        },
                    ))
                })
                .collect()
        };
        Measured {
            label: self.label,
            runs: map(self.runs),
            error: self.error,
            remeasured: self.remeasured,
            second_look: map(self.second_look),
        }
    }

    /// The speedup over `baseline`: the median of the per-round ratios.
    pub fn speedup_over<U>(&self, baseline: &Measured<U>) -> Option<Stat> {
        Stat::of(&paired_ratios(&baseline.times(), &self.times()))
    }

    /// The speedup over a fixed time (the sum of a sleep-bound job's
    /// delays, say): the same median, of `fixed / time` per round.
    pub fn speedup_over_secs(&self, fixed: f64) -> Option<Stat> {
        let ratios: Vec<f64> = self.runs.iter().map(|(_, s)| fixed / s.secs.max(1e-12)).collect();
        Stat::of(&ratios)
    }
}

/// A row's closure: one run, timed.
pub type RunRow<'a, T> = Box<dyn FnMut() -> Result<Sample<T>, String> + 'a>;

struct Row<'a, T> {
    label: String,
    max_rounds: usize,
    run: RunRow<'a, T>,
}

/// The rows of one table, run in interleaved rounds.
pub struct Rounds<'a, T> {
    rows: Vec<Row<'a, T>>,
}

impl<T> Default for Rounds<'_, T> {
    fn default() -> Self {
        Rounds { rows: Vec::new() }
    }
}

impl<'a, T> Rounds<'a, T> {
    /// No rows yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row that runs in every round; returns its index.
    pub fn add(&mut self, label: impl Into<String>, run: impl FnMut() -> Result<Sample<T>, String> + 'a) -> usize {
        self.add_limited(label, usize::MAX, run)
    }

    /// Adds a row that runs only in the first `max_rounds` rounds (a
    /// Python row, the slowest of all); returns its index.
    pub fn add_limited(
        &mut self,
        label: impl Into<String>,
        max_rounds: usize,
        run: impl FnMut() -> Result<Sample<T>, String> + 'a,
    ) -> usize {
        self.rows.push(Row {
            label: label.into(),
            max_rounds: max_rounds.max(1),
            run: Box::new(run),
        });
        self.rows.len() - 1
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// `true` with no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Runs every row `rounds` times, interleaved: round 1 runs each row
    /// once in order, then round 2, and so on. `progress` sees a line
    /// before each run. The result has one entry per row, in order.
    pub fn run(&mut self, rounds: usize, progress: &mut dyn FnMut(&str)) -> Vec<Measured<T>> {
        let all: Vec<usize> = (0..self.rows.len()).collect();
        self.run_rows(&all, rounds, progress)
    }

    /// Runs the rows `which` (indices of [`Rounds::add`]) in interleaved
    /// rounds, as [`Rounds::run`] does; one entry per index, in order.
    pub fn run_rows(&mut self, which: &[usize], rounds: usize, progress: &mut dyn FnMut(&str)) -> Vec<Measured<T>> {
        let mut measured: Vec<Measured<T>> = which
            .iter()
            .map(|&i| Measured::new(self.rows.get(i).map_or("?", |r| r.label.as_str())))
            .collect();
        let rounds = rounds.max(1);
        for round in 0..rounds {
            for (slot, &i) in measured.iter_mut().zip(which) {
                let Some(row) = self.rows.get_mut(i) else { continue };
                if slot.error.is_some() || round >= row.max_rounds {
                    continue;
                }
                progress(&format!("round {}/{rounds}: {}", round + 1, row.label));
                match (row.run)() {
                    Ok(sample) => slot.runs.push((round, sample)),
                    Err(err) => slot.error = Some(err),
                }
            }
        }
        measured
    }
}

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

    fn stat(values: &[f64]) -> Stat {
        Stat::of(values).expect("values")
    }

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[1.0, f64::NAN, 2.0]), Some(1.5));
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
        let paired = median(&paired_ratios(&baseline, &row)).expect("ratios");
        assert_eq!(paired, 2.0);
        // Reorder the drift so the medians come from different rounds: the
        // ratio of medians is off, the paired ratios still say 2.
        let baseline = [(0, 1.0), (1, 4.0), (2, 6.0)];
        let row = [(0, 0.5), (1, 2.0), (2, 3.0), (3, 0.1)];
        let ratio_of_medians = 4.0 / median(&[0.5, 2.0, 3.0, 0.1]).expect("row");
        assert_eq!(median(&paired_ratios(&baseline, &row)), Some(2.0));
        assert!((ratio_of_medians - 2.0).abs() > 0.5, "{ratio_of_medians}");
    }

    #[test]
    fn rounds_interleave_the_rows() {
        use std::cell::RefCell;
        let order = RefCell::new(Vec::new());
        let measured = {
            let mut rounds: Rounds<'_, char> = Rounds::new();
            for name in ['A', 'B', 'C'] {
                let order = &order;
                let max = if name == 'C' { 1 } else { usize::MAX };
                rounds.add_limited(name.to_string(), max, move || {
                    order.borrow_mut().push(name);
                    Ok(Sample {
                        secs: 1.0,
                        report: name,
                    })
                });
            }
            rounds.run(3, &mut |_| {})
        };
        assert_eq!(order.into_inner(), ['A', 'B', 'C', 'A', 'B', 'A', 'B']);
        assert_eq!(measured[2].runs.len(), 1);
        assert_eq!(measured[0].times(), [(0, 1.0), (1, 1.0), (2, 1.0)]);
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
