//! How much each extra thread buys: the same batches on 1, 2, 4, ...
//! threads, run in interleaved rounds (`--scaling`, `--runs` of them), and
//! its table: the median and spread of each row, its speed-up over one
//! thread next to the best the split allows, and the guard's marks
//! ([`concurrency_core::measure`]): a row that seems faster than the cores
//! allow is run again, and marked if it still is.

use std::time::Duration;

use concurrency_core::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, Sample, guard, mark};
use concurrency_core::{Align, Table};
use serde::Serialize;

use crate::batches::{BatchRunner, Mode};
use crate::plan::Plan;

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

/// The scaling rows, as measured, and what the guard concluded.
#[derive(Debug, Clone)]
pub struct ThreadScaling {
    /// One row per thread count, its `times` those of the main rounds.
    pub rows: Vec<Scaling>,
    /// What each row gave (each run reports whether its count was exact);
    /// a row the guard ran again shows its second look.
    pub measured: Vec<Measured<bool>>,
    /// The rows the guard checked: every one against one thread.
    pub claims: Vec<Claim>,
    /// The guard's conclusion, one per row.
    pub judgements: Vec<Judgement>,
}

impl ThreadScaling {
    /// Whether every run of every row, second looks included, was exact.
    pub fn exact(&self) -> bool {
        self.rows.iter().all(|r| r.exact)
    }

    /// What the guard did: one line, then one per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| self.measured[i].label.clone())
    }
}

// ANCHOR: scaling
/// Times `base`'s batches on threads with each of `workers`, in `runs`
/// interleaved rounds (1, 2, 4, then 1, 2, 4 again, ...) so that a busy
/// moment on a shared machine lands on every row alike rather than on one;
/// then the guard checks each row against one thread on `cores` cores.
pub fn thread_scaling(base: &Plan, workers: &[usize], runs: usize, cores: usize) -> Result<ThreadScaling, String> {
    let mut rounds: Rounds<'_, bool> = Rounds::new();
    for &w in workers {
        let runner = BatchRunner::new(Mode::Threads);
        let plan = Plan { workers: w, ..*base };
        rounds.add(threads(w), move || {
            let run = runner.run(&plan).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: run.elapsed.as_secs_f64(),
                report: run.is_exact(),
            })
        });
    }
    measure_scaling(&mut rounds, base.batches, workers, runs, cores)
}
// ANCHOR_END: scaling

/// Runs the rows of `rounds` (one per entry of `workers`, each reporting
/// whether its count was exact) and lets the guard look: `w` threads on
/// `cores` cores can be at most min(w, cores) times faster than one. The
/// first row that failed is the error.
pub fn measure_scaling(
    rounds: &mut Rounds<'_, bool>,
    batches: u64,
    workers: &[usize],
    runs: usize,
    cores: usize,
) -> Result<ThreadScaling, String> {
    let mut measured = rounds.run(runs, &mut |_| {});
    let all: Vec<usize> = (0..measured.len()).collect();
    let one = workers.iter().position(|&w| w == 1);
    let claims: Vec<Claim> = all
        .iter()
        .filter(|&&i| Some(i) != one)
        .filter_map(|&row| {
            Some(Claim {
                row,
                baseline: Baseline::Row(one?),
                workers: workers[row],
                bound: Bound::Cpu { cores },
                peers: all.clone(),
            })
        })
        .collect();
    let judgements = guard(rounds, &mut measured, &claims, runs, &mut |_| {});
    if let Some(err) = measured.iter().find_map(|m| m.error.clone()) {
        return Err(err);
    }
    let rows = workers
        .iter()
        .zip(&measured)
        .map(|(&w, m)| Scaling {
            workers: w,
            batches,
            times: m.runs.iter().map(|(_, s)| Duration::from_secs_f64(s.secs)).collect(),
            exact: !m.runs.is_empty() && m.reports().all(|&exact| exact),
        })
        .collect();
    Ok(ThreadScaling {
        rows,
        measured,
        claims,
        judgements,
    })
}

/// `1 thread`, `2 threads`: a row's label, and the name a tie mark gives it.
fn threads(w: usize) -> String {
    if w == 1 {
        "1 thread".to_owned()
    } else {
        format!("{w} threads")
    }
}

/// The scaling table: the median time and its spread, the speed-up over one
/// thread (the median of the rounds' ratios, marked by the guard) next to
/// the best the split allows.
pub fn scaling_table(scaling: &ThreadScaling) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Batches", Align::Right),
        ("Time", Align::Right),
        ("Speed-up", Align::Right),
        ("Best possible", Align::Right),
        ("Counts", Align::Center),
    ]);
    let label = |p: usize| scaling.measured[p].label.clone();
    for (i, (row, m)) in scaling.rows.iter().zip(&scaling.measured).enumerate() {
        let judgement = scaling.judgements.get(i);
        let speedup = if row.workers == 1 {
            "x1.00".to_owned()
        } else {
            let stat = judgement.and_then(|j| j.speedup);
            mark(stat.map_or("-".to_owned(), |s| s.ratio_cell()), judgement, &label)
        };
        table.push_row([
            row.workers.to_string(),
            row.batches.to_string(),
            m.stat().map_or("-".to_owned(), |s| s.secs_cell()),
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
        let scaling = thread_scaling(&Plan::small(4, 1), &[1, 2, 4], 3, 2).expect("runs");
        let rows = &scaling.rows;
        assert_eq!(rows.iter().map(|r| r.workers).collect::<Vec<_>>(), [1, 2, 4]);
        assert!(rows.iter().all(|row| row.times.len() == 3 && row.exact));
        assert!(scaling.exact());
        assert_eq!(scaling.noise().checked, 2);
        // The split's limit: 10 batches over 4 threads, busiest does 3.
        let row = Scaling {
            workers: 4,
            batches: 10,
            times: Vec::new(),
            exact: true,
        };
        assert!((row.ideal_speedup() - 10.0 / 3.0).abs() < 1e-12);
        let table = scaling_table(&scaling).to_string();
        assert!(table.contains("Best possible") && table.contains("x1.00"), "{table}");
    }

    /// Rows that report fixed times: no timing.
    fn fake(rounds: &mut Rounds<'_, bool>, workers: usize, secs: [f64; 3]) {
        let mut round = 0;
        rounds.add(threads(workers), move || {
            round += 1;
            Ok(Sample {
                secs: secs[(round - 1) % 3],
                report: true,
            })
        });
    }

    #[test]
    fn a_row_faster_than_the_cores_allow_is_marked_never_bare() {
        let mut rounds = Rounds::new();
        fake(&mut rounds, 1, [2.0, 2.0, 2.0]);
        // x1.9 on 2 threads: plausible.
        fake(&mut rounds, 2, [1.05, 1.05, 1.05]);
        // Its median is x1.9, but one round's x2.5 is more than 2 cores allow.
        fake(&mut rounds, 4, [1.05, 0.8, 1.05]);
        let scaling = measure_scaling(&mut rounds, 4, &[1, 2, 4], 3, 2).expect("runs");
        let table = scaling_table(&scaling).to_string();
        let row = |w: &str| {
            table
                .lines()
                .find(|l| l.split('|').nth(1).map(str::trim) == Some(w))
                .expect("a row")
        };
        assert!(row("4").contains("x1.90 (1.90–2.50) (implausible)"), "{table}");
        assert!(!row("2").contains("implausible"), "{table}");
        assert!(row("1").contains("2.00 s (2.00–2.00)"), "{table}");
        let noise = scaling.noise().text();
        assert!(
            noise.contains("1 implausible") && noise.contains("4 threads: one round's x2.50"),
            "{noise}"
        );
    }
}
