use std::time::Duration;

use concurrency_core::WorkerReport;

use super::*;
use crate::measure::no_gil_runners;

#[test]
fn the_no_gil_report_checks_every_count_and_names_every_runner() {
    let job = Job::new(10_000, 2, Duration::ZERO);
    let no_gil = NoGil::measure(&job, &no_gil_runners(), 2, &mut |_| {}).expect("nothing fails at 10^4");
    assert_eq!(no_gil.measured.len(), 8);
    assert_eq!(no_gil.claims.len(), 7);
    let baseline = no_gil.representative(0).expect("the baseline ran");
    assert_eq!(baseline.workers.len(), 1);
    assert_eq!(
        baseline.workers[0].thread,
        std::thread::current().name().unwrap_or("unnamed")
    );
    let text = no_gil.to_string();
    for row in [
        "ONE_WORKER",
        "SIMPLE",
        "LOCKED_LIST",
        "THREAD_POOL (interleaved)",
        "THREAD_POOL (stealing)",
        "CHANNELS",
        "SCOPED",
    ] {
        assert!(text.contains(row), "{row} missing:\n{text}");
    }
    assert_eq!(text.matches("1229 (exact)").count(), 8, "{text}");
    assert!(text.contains("Worker_0 / Worker_1"), "{text}");
    assert!(text.contains("Guard: 7 rows checked"), "{text}");
    assert!(!no_gil.any_wrong());
    assert!(no_gil.cores.logical >= 1 && no_gil.cores.physical >= 1);
}

/// A run of 1..=10 that took `secs` with `workers` workers, every prime found.
fn fake(runner_type: &str, workers: usize, secs: f64) -> RunReport {
    let worker = |i: usize| WorkerReport {
        name: format!("Worker-{i}"),
        pid: 1,
        thread: format!("Worker_{i}"),
        primes: if i == 0 { vec![2, 3, 5, 7] } else { Vec::new() },
        processed: 10 / workers as u64,
        busy: Duration::from_secs_f64(secs),
        died: None,
        spans: Vec::new(),
    };
    RunReport {
        runner: format!("{runner_type} runner"),
        runner_type: runner_type.to_owned(),
        limit: 10,
        delay: Duration::ZERO,
        elapsed: Duration::from_secs_f64(secs),
        workers: (0..workers).map(worker).collect(),
    }
}

#[test]
fn a_speedup_the_cores_cannot_give_is_marked_never_bare() {
    // x4 over one worker with 2 workers on 2 cores: an efficiency of 2, in
    // every round and on the second look. Nothing is timed.
    let mut rows: Rounds<'_, RunReport> = Rounds::new();
    for (name, workers, secs) in [("ONE_WORKER", 1, 2.0), ("SIMPLE", 2, 1.0), ("MAGIC", 2, 0.5)] {
        rows.add(name, move || {
            Ok(Sample {
                secs,
                report: fake(name, workers, secs),
            })
        });
    }
    let cores = Cores {
        logical: 2,
        physical: 2,
    };
    let no_gil = NoGil::judge(&mut rows, 2, 3, cores, &mut |_| {}).expect("fake rows cannot fail");
    let table = no_gil.table().to_string();
    let cells = |row: &str| -> Vec<String> {
        let line = table.lines().find(|l| l.contains(row)).expect("a row");
        line.split('|').map(|c| c.trim().to_owned()).collect()
    };
    assert_eq!(cells("SIMPLE")[4], "x2.00 (2.00–2.00)", "{table}");
    assert_eq!(cells("MAGIC")[4], "x4.00 (4.00–4.00) (implausible)", "{table}");
    assert_eq!(cells("MAGIC")[3], "0.500 s (0.500–0.500) (implausible)", "{table}");
    let text = no_gil.noise().text();
    assert!(text.starts_with("Guard: 2 rows checked, 1 measured again"), "{text}");
    assert!(text.contains("(implausible) MAGIC: x4.00 with 2 workers"), "{text}");
    assert!(!no_gil.any_wrong());
    assert_eq!(no_gil.all_reports().len(), 3);
}
