//! Prime rounds with fixed times, for this page's tests and the final
//! page's.

use std::time::Duration;

use chapter_comparison::{Measurement, Model};

use super::tables::{details_table, python_counts, side_by_side, tutorial_table};
use super::{PrimeRounds, PrimeRow, PrimeSample};
use crate::measure::{Baseline, Bound, Claim, Rounds, Sample, guard};
use crate::python::PrimeRun;

/// Prime rounds at limit 1000 with fixed times: sync 0.5 s and
/// THREAD_POOL 0.25 s in every round, Python sync 10 s and final 5 s.
pub(crate) fn fixed_rounds(rounds: usize) -> PrimeRounds {
    let rust = |model: Model, secs: f64| Measurement {
        model: Some(model),
        runner_type: model.runner_type().to_owned(),
        limit: 1_000,
        workers: 10,
        elapsed_secs: secs,
        primes: 168,
        verdict: "168 (exact)".to_owned(),
        exact: true,
        processes: 1,
        memory: None,
    };
    let python = |secs: f64| PrimeRun {
        limit: 1_000,
        workers: 1,
        count: 168,
        expected: Some(168),
        elapsed: secs,
    };
    let mut rows: Rounds<'static, PrimeSample> = Rounds::new();
    let keys = vec![
        (1_000, PrimeRow::Model(Model::Sync)),
        (1_000, PrimeRow::Model(Model::Threads)),
        (1_000, PrimeRow::CalcPrimes),
        (1_000, PrimeRow::PythonSync),
        (1_000, PrimeRow::PythonFinal),
    ];
    rows.add("sync", move || {
        Ok(Sample {
            secs: 0.5,
            report: PrimeSample::Rust(rust(Model::Sync, 0.5)),
        })
    });
    rows.add("threads", move || {
        Ok(Sample {
            secs: 0.25,
            report: PrimeSample::Rust(rust(Model::Threads, 0.25)),
        })
    });
    rows.add("calc_primes", || {
        Ok(Sample {
            secs: 0.3,
            report: PrimeSample::Calc(Measurement::of_count(
                "calc_primes",
                1_000,
                10,
                168,
                Duration::from_secs_f64(0.3),
            )),
        })
    });
    rows.add_limited("python sync", 1, move || {
        Ok(Sample {
            secs: 10.0,
            report: PrimeSample::Python(python(10.0)),
        })
    });
    rows.add_limited("python final", 1, move || {
        Ok(Sample {
            secs: 5.0,
            report: PrimeSample::Python(python(5.0)),
        })
    });
    let mut measured = rows.run(rounds, &mut |_| {});
    let claims: Vec<Claim> = [1, 2]
        .into_iter()
        .map(|row| Claim {
            row,
            baseline: Baseline::Row(0),
            workers: 10,
            bound: Bound::Cpu { cores: 2 },
            peers: vec![0, 1],
        })
        .collect();
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut |_| {});
    PrimeRounds {
        keys,
        measured,
        judgements,
        claims,
        limits: vec![1_000],
        python_note: String::new(),
    }
}

#[test]
fn the_side_by_side_table_divides_python_by_rust() {
    let primes = fixed_rounds(3);
    let table = side_by_side(&primes).to_string();
    assert!(table.contains("x20.00") && table.contains("THREAD_POOL"), "{table}");
    assert_eq!(python_counts(&primes), "all exact");
    assert!(primes.all_exact(|_| true));
}

#[test]
fn the_tables_show_medians_and_spreads() {
    let primes = fixed_rounds(3);
    let table = tutorial_table(&primes).to_string();
    assert!(table.contains("**0.250 s (0.250–0.250)**"), "{table}");
    let details = details_table(&primes).to_string();
    assert!(
        details.contains("x2.00 (2.00–2.00)") && details.contains("1.00"),
        "{details}"
    );
    assert!(
        primes
            .noise(|_| true)
            .paragraph()
            .starts_with("Guard: 2 rows checked, 0 measured again; no ties, 0 implausible.")
    );
}
