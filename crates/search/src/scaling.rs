//! How much each extra thread buys: the same batches on 1, 2, 4, ...
//! threads, run in turns several times (`--scaling`), and its table: the
//! median, the spread, and the speed-up next to the best the split allows.

use std::time::Duration;

use concurrency_core::{Align, RunError, Table, median};
use serde::Serialize;

use crate::batches::{BatchRunner, Mode};
use crate::plan::Plan;
use crate::structures::short;

/// One row of the thread-scaling table: the same batches on `workers`
/// threads, run several times.
#[derive(Debug, Clone, Serialize)]
pub struct Scaling {
    /// How many threads shared the batches.
    pub workers: usize,
    /// How many batches.
    pub batches: u64,
    /// Every run's wall-clock time, in the order the rounds ran.
    #[serde(serialize_with = "secs_list")]
    pub times: Vec<Duration>,
    /// Whether every run found the arithmetic count.
    pub exact: bool,
}

fn secs_list<S: serde::Serializer>(times: &[Duration], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(times.iter().map(Duration::as_secs_f64))
}

impl Scaling {
    /// The median run (the upper middle one for an even count).
    pub fn median(&self) -> Duration {
        median(self.times.iter().copied()).unwrap_or_default()
    }

    /// How many times faster than `baseline`, round by round: each round
    /// ran every row back to back, so the two runs of a round saw the same
    /// machine; the median of the rounds' ratios is steadier than the ratio
    /// of two medians when the machine's speed drifts.
    pub fn speedup_over(&self, baseline: &Scaling) -> f64 {
        let ratios = baseline
            .times
            .iter()
            .zip(&self.times)
            .map(|(base, this)| base.as_secs_f64() / this.as_secs_f64().max(1e-9));
        median(ratios).unwrap_or_default()
    }

    /// The best speed-up an even split allows: with 10 batches on 4
    /// threads, the busiest thread does 3 of them, so at most 10/3 = 3.33.
    pub fn ideal_speedup(&self) -> f64 {
        let busiest = self.batches.div_ceil(self.workers.max(1) as u64);
        self.batches as f64 / busiest.max(1) as f64
    }
}

/// The worker counts worth timing on a machine with `cpus` logical CPUs:
/// 1, 2, 4, ... and `cpus` itself (always at least 1 and 2).
pub fn scaling_workers(cpus: usize) -> Vec<usize> {
    let mut workers: Vec<usize> = std::iter::successors(Some(1), |&w| Some(w * 2))
        .take_while(|&w| w <= cpus.max(2))
        .collect();
    if !workers.contains(&cpus) && cpus > 2 {
        workers.push(cpus);
    }
    workers
}

// ANCHOR: scaling
/// Times `base`'s batches on threads with each of `workers`, `runs` times.
/// The runs take turns (1, 2, 4, then 1, 2, 4 again, ...) so that a busy
/// moment on a shared machine lands on every row alike rather than on one.
pub fn thread_scaling(base: &Plan, workers: &[usize], runs: usize) -> Result<Vec<Scaling>, RunError> {
    let mut rows: Vec<Scaling> = workers
        .iter()
        .map(|&w| Scaling {
            workers: w,
            batches: base.batches,
            times: Vec::new(),
            exact: true,
        })
        .collect();
    let runner = BatchRunner::new(Mode::Threads);
    for _ in 0..runs.max(1) {
        for row in &mut rows {
            let run = runner.run(&Plan {
                workers: row.workers,
                ..*base
            })?;
            row.times.push(run.elapsed);
            row.exact &= run.is_exact();
        }
    }
    Ok(rows)
}
// ANCHOR_END: scaling

/// The scaling table: median time, spread, and speed-up over one thread
/// (the median of the rounds' ratios) next to the best the split allows.
pub fn scaling_table(rows: &[Scaling]) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Batches", Align::Right),
        ("Median", Align::Right),
        ("Fastest - slowest", Align::Right),
        ("Speed-up", Align::Right),
        ("Best possible", Align::Right),
        ("Counts", Align::Center),
    ]);
    let one = rows.iter().find(|r| r.workers == 1);
    for row in rows {
        let speedup = one.map_or("-".to_owned(), |one| format!("x{:.2}", row.speedup_over(one)));
        let spread = match (row.times.iter().min(), row.times.iter().max()) {
            (Some(&fast), Some(&slow)) => format!("{} - {}", short(fast), short(slow)),
            _ => "-".to_owned(),
        };
        table.push_row([
            row.workers.to_string(),
            row.batches.to_string(),
            short(row.median()),
            spread,
            speedup,
            format!("x{:.2}", row.ideal_speedup()),
            if row.exact { "exact" } else { "WRONG" }.to_owned(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_workers_double_up_to_the_cpu_count() {
        assert_eq!(scaling_workers(1), [1, 2]);
        assert_eq!(scaling_workers(2), [1, 2]);
        assert_eq!(scaling_workers(6), [1, 2, 4, 6]);
        assert_eq!(scaling_workers(16), [1, 2, 4, 8, 16]);
    }

    #[test]
    fn thread_scaling_runs_every_row_and_checks_the_counts() {
        let rows = thread_scaling(&Plan::small(4, 1), &[1, 2, 4], 3).expect("runs");
        assert_eq!(rows.iter().map(|r| r.workers).collect::<Vec<_>>(), [1, 2, 4]);
        for row in &rows {
            assert_eq!(row.times.len(), 3);
            let mut sorted = row.times.clone();
            sorted.sort();
            assert_eq!(row.median(), sorted[1]);
            assert!(row.exact);
        }
        // The split's limit: 10 batches over 4 threads, busiest does 3.
        let row = Scaling {
            workers: 4,
            batches: 10,
            times: Vec::new(),
            exact: true,
        };
        assert!((row.ideal_speedup() - 10.0 / 3.0).abs() < 1e-12);
        // Speed-ups pair the runs of a round: a slow round slows both rows.
        let ms = |v: &[u64]| v.iter().map(|&m| Duration::from_millis(m)).collect::<Vec<_>>();
        let one = Scaling {
            workers: 1,
            batches: 2,
            times: ms(&[1000, 2000, 1000]),
            exact: true,
        };
        let two = Scaling {
            workers: 2,
            times: ms(&[500, 1000, 600]),
            ..one.clone()
        };
        // Ratios 2.0, 2.0 and 1.67: the median is 2.0, where the ratio of
        // the medians (1000 / 600) would say 1.67.
        assert!((two.speedup_over(&one) - 2.0).abs() < 1e-12);
        assert_eq!(two.median(), Duration::from_millis(600));
        let table = scaling_table(&rows).to_string();
        assert!(table.contains("Best possible") && table.contains("x1.00"), "{table}");
    }
}
