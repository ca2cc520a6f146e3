//! Rows run in interleaved rounds: every round runs every row once, in order.

use std::time::Instant;

use super::{Stat, paired_ratios};

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

    /// The report of the run that stands for this row: the one whose time
    /// is its median (a median is always a measured value), of the second
    /// look when there was one; `None` when the row never ran.
    pub fn median_report(&self) -> Option<&T> {
        let median = self.stat()?.median;
        let shown = if self.second_look.is_empty() {
            &self.runs
        } else {
            &self.second_look
        };
        shown.iter().find(|(_, s)| s.secs == median).map(|(_, s)| &s.report)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
