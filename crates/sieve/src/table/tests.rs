use super::*;

fn row(numbers: u64, count: u64) -> Row {
    Row::new("planted", numbers, 1, 0.5, count)
}

#[test]
fn a_count_with_no_known_pi_is_checked_against_primal() {
    // pi(123456) is in no table: 11601 primes, by an independent sieve.
    let mut rows = [row(123_456, 11_601), row(123_456, 11_600), row(100, 25)];
    assert_eq!(rows[0].expected, None);
    assert!(!rows[0].exact(), "nothing has checked it yet");
    assert_eq!(rows[0].check(), "UNCHECKED");
    check_unknown(&mut rows);
    assert!(rows[0].exact());
    assert_eq!(rows[0].check(), "= primal");
    assert!(!rows[1].exact());
    assert_eq!(rows[1].check(), "WRONG (primal counts 11601)");
    // A known pi stays the oracle.
    assert_eq!((rows[2].check(), rows[2].checked_against), ("exact".to_owned(), "pi"));
}

/// The five rows of [`RUN_ORDER`] at 10^6, each reporting fixed times (one
/// per round, in turn) and a fixed count: no timing.
fn fake(times: [[f64; 3]; 5], counts: [u64; 5]) -> Measurement {
    let specs = ["(d)", "(c)", "(b)", "trial division", "(a)"].map(|name| Spec {
        variant: name.to_owned(),
        numbers: 1_000_000,
        threads: if matches!(name, "(d)" | "(c)" | "trial division") {
            2
        } else {
            1
        },
    });
    let mut rounds: Rounds<'_, Report> = Rounds::new();
    for (secs, count) in times.into_iter().zip(counts) {
        let mut run = 0;
        rounds.add(format!("row {count}"), move || {
            run += 1;
            Ok(Sample {
                secs: secs[(run - 1) % 3],
                report: Report {
                    count,
                    peak_rss_bytes: None,
                },
            })
        });
    }
    judge(&mut rounds, &specs, 3, 2, &mut |_| {})
}

const PI_6: u64 = 78_498;

#[test]
fn a_parallel_row_faster_than_the_cores_allow_is_marked_never_bare() {
    // (c) is x5 over (b) on 2 threads and 2 cores: an efficiency of 2.5.
    let m = fake([[0.1; 3], [0.2; 3], [1.0; 3], [4.0; 3], [2.0; 3]], [PI_6; 5]);
    let table = table(&m.rows).to_string();
    let c = table.lines().find(|l| l.contains("| (c)")).expect("a (c) row");
    assert!(c.contains("0.200 s (0.200–0.200) (implausible)"), "{table}");
    assert_eq!(m.rows[3].guard.as_deref(), Some("(implausible)"));
    // The rate ratios are the medians of the per-round ratios.
    assert_eq!(m.rows[3].vs_trial_division, Some(20.0));
    assert_eq!(m.rows[3].vs_textbook, Some(10.0));
    assert!(m.rows.iter().all(Row::exact), "{table}");
    let noise = m.noise().text();
    assert!(
        noise.starts_with("Guard: 1 row checked, 1 measured again; no ties, 1 implausible.\n")
            && noise.contains("(implausible) row 78498: x5.00 with 2 workers"),
        "{noise}"
    );
}

#[test]
fn one_rounds_ratio_above_the_cores_marks_the_row_too() {
    // Median x1.82, but one round's x2.5 on 2 cores.
    let m = fake([[0.1; 3], [0.55, 0.4, 0.55], [1.0; 3], [4.0; 3], [2.0; 3]], [PI_6; 5]);
    assert_eq!(m.rows[3].guard.as_deref(), Some("(implausible)"));
    // A plausible one is bare, and the table says which rows were checked.
    let m = fake([[0.1; 3], [0.55, 0.52, 0.58], [1.0; 3], [4.0; 3], [2.0; 3]], [PI_6; 5]);
    assert_eq!(m.rows[3].guard, None);
    assert!(table(&m.rows).to_string().contains("0.550 s (0.520–0.580) |"));
}

#[test]
fn a_count_that_differs_between_rounds_is_wrong() {
    let m = fake([[1.0; 3]; 5], [PI_6, PI_6, PI_6, PI_6, PI_6 + 1]);
    assert_eq!(m.rows[1].check(), "WRONG (pi counts 78498)");
    assert!(!m.rows[1].exact());
}
