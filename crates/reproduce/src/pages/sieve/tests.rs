//! The sieve page's guard, on rows that report fixed times: no timing.

use super::*;
use crate::measure::Measured;

/// The side-by-side rows at 10^9 (primesieve, primal and (d) on 1 thread,
/// primesieve and (d) on 2), then the six steps, each with fixed times.
fn fake(side_secs: [f64; 5], step_secs: [f64; 6]) -> (Vec<Side>, Vec<Measured<u64>>, Vec<Claim>, Vec<Judgement>) {
    let limit = 1_000_000_000;
    let who = [
        ("primesieve", 1),
        ("primal (one thread only)", 1),
        ("chapter-sieve (d)", 1),
        ("primesieve", 2),
        ("chapter-sieve (d)", 2),
    ];
    let mut rows: Rounds<'_, u64> = Rounds::new();
    let mut sides = Vec::new();
    for ((who, threads), secs) in who.into_iter().zip(side_secs) {
        let index = rows.add(side_label(who, limit, threads), move || Ok(Sample { secs, report: 1 }));
        sides.push(Side {
            limit,
            threads,
            who,
            index,
        });
    }
    for (k, secs) in step_secs.into_iter().enumerate() {
        rows.add(format!("step {k}"), move || Ok(Sample { secs, report: 1 }));
    }
    let mut measured = rows.run(3, &mut |_| {});
    let claims = claims(&sides, sides.len(), 2);
    let judgements = guard(&mut rows, &mut measured, &claims, 3, &mut |_| {});
    (sides, measured, claims, judgements)
}

#[test]
fn a_two_thread_row_faster_than_the_cores_allow_is_marked_never_bare() {
    // (d) x3.3 from 1 to 2 threads on 2 cores; primesieve x1.8; and the
    // steps' (c) x5 over (b).
    let (sides, measured, claims, judgements) = fake([1.0, 1.5, 1.0, 0.55, 0.3], [4.0, 2.0, 1.0, 0.2, 0.1, 0.06]);
    let label = |i: usize| measured[i].label.clone();
    let table = scaling_table(&[1_000_000_000], &sides, &judgements, &label).to_string();
    let row = |who: &str| table.lines().find(|l| l.contains(who)).expect("a row").to_owned();
    assert!(
        row("chapter-sieve (d)").contains("x3.33 (3.33–3.33) (implausible)"),
        "{table}"
    );
    assert!(row("primesieve").contains("x1.82 (1.82–1.82) |"), "{table}");
    // The steps: (c) over (b) is implausible, (d) on 2 threads over 1 is not.
    assert!(judgements[sides.len() + 3].is_implausible());
    assert!(!judgements[sides.len() + 5].is_implausible());
    // (d) on one thread cannot be told from primesieve: a tie, not a bound.
    assert_eq!(judgements[2].tie(), Some(0));
    assert_eq!(
        mark("x1.00".to_owned(), judgements.get(2), &label),
        "x1.00 = primesieve, 1e9, 1 thread"
    );
    // primal, 1.5 times slower, is neither.
    assert_eq!(judgements[1].verdict, crate::measure::Verdict::Clear);
    let noise = Noise::tally(&judgements, &claims, &label);
    assert_eq!(
        (noise.checked, noise.ties, noise.implausible.len()),
        (6, 1, 2),
        "{noise:?}"
    );
}
