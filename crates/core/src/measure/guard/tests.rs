//! The guard's verdicts, on rows that return fixed times: no clock, no
//! sleep, the same on a busy machine as on an idle one.

use super::*;
use crate::measure::{Noise, Sample, mark};

fn stat(values: &[f64]) -> Stat {
    Stat::of(values).expect("values")
}

/// A row's closure that returns `times` in turn, over and over.
fn cycling(times: &'static [f64]) -> impl FnMut() -> Result<Sample<()>, String> {
    let mut next = 0;
    move || {
        let secs = times[next % times.len()];
        next += 1;
        Ok(Sample { secs, report: () })
    }
}

fn claim(row: usize, baseline: usize, workers: usize, peers: &[usize]) -> Claim {
    Claim {
        row,
        baseline: Baseline::Row(baseline),
        workers,
        bound: Bound::Cpu { cores: 2 },
        peers: peers.to_vec(),
    }
}

#[test]
fn a_speedup_beyond_the_cores_is_implausible() {
    let cpu = Bound::Cpu { cores: 2 };
    let why = implausible(stat(&[4.25, 4.0, 4.4]), 10, cpu);
    assert!(why.is_some_and(|w| w.contains("efficiency of 2.12")));
    // The same speedup from 10 sleeping workers is fine.
    assert!(implausible(stat(&[4.25, 4.0, 4.4]), 10, Bound::Sleep).is_none());
    // A median of x1.67 is fine on 2 cores, one round's x2.67 is not.
    let why = implausible(stat(&[1.67, 1.67, 2.67]), 2, cpu);
    assert!(why.is_some_and(|w| w.starts_with("one round's x2.67 with 2 workers")));
    assert!(implausible(stat(&[1.67, 1.6, 2.0]), 2, cpu).is_none());
}

#[test]
fn a_spread_that_hides_the_gap_is_a_tie_with_the_nearest_peer() {
    let wide = stat(&[0.50, 0.40, 0.70]);
    let neighbour = (7, stat(&[0.55, 0.54, 0.56]));
    let far = (9, stat(&[1.0]));
    assert_eq!(tie(wide, &[far, neighbour]), Some(7));
    let narrow = stat(&[0.50, 0.49, 0.51]);
    assert_eq!(tie(narrow, &[neighbour, far]), None);
    assert_eq!(tie(narrow, &[]), None);
    // Two equal medians cannot be told apart, spread or none.
    assert_eq!(tie(stat(&[1.0]), &[(3, stat(&[1.0]))]), Some(3));
}

#[test]
fn an_implausible_row_is_measured_again_and_marked_if_it_stays_so() {
    // The "parallel" row claims x4 on 2 cores, every time: implausible.
    let mut rounds: Rounds<'_, ()> = Rounds::new();
    let base = rounds.add("sync", cycling(&[1.0]));
    let fast = rounds.add("magic", cycling(&[0.25]));
    let honest = rounds.add("threads", cycling(&[0.6]));
    let mut measured = rounds.run(3, &mut |_| {});
    let peers = [base, fast, honest];
    let claims = [claim(fast, base, 10, &peers), claim(honest, base, 10, &peers)];
    let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
    assert!(judgements[fast].remeasured && judgements[fast].is_implausible());
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
    assert!(!judgements[honest].remeasured && judgements[honest].verdict == Verdict::Clear);
    assert_eq!(judgements[honest].speedup.map(|s| s.median), Some(1.0 / 0.6));
    let label = |i: usize| measured[i].label.clone();
    let noise = Noise::tally(&judgements, &claims, &label);
    assert_eq!((noise.checked, noise.remeasured, noise.ties), (2, 1, 0));
    let paragraph = noise.paragraph();
    assert!(
        paragraph.starts_with("Guard: 2 rows checked, 1 measured again; no ties, 1 implausible."),
        "{paragraph}"
    );
    assert!(paragraph.contains("[How we measure](results/method.md)"));
    assert!(paragraph.contains("- (implausible) magic: x4.00 with 10 workers is an efficiency of 2.00"));
    assert_eq!(
        noise.text(),
        "Guard: 2 rows checked, 1 measured again; no ties, 1 implausible.\n  \
         (implausible) magic: x4.00 with 10 workers is an efficiency of 2.00, above\n    \
         1.05\n"
    );
    assert_eq!(
        mark("0.25 s".into(), judgements.get(fast), &label),
        "0.25 s (implausible)"
    );
    assert_eq!(mark("0.6 s".into(), judgements.get(honest), &label), "0.6 s");
    assert_eq!(mark("1 s".into(), None, &label), "1 s");
}

#[test]
fn one_round_beyond_the_cores_makes_a_row_implausible_though_its_median_is_fine() {
    // Every third round the baseline is slowed by a busy moment the row
    // escaped: x1.67, x1.67, x2.67. The median's efficiency is 0.83 on 2
    // cores; the third round's, 1.33, is more than the cores allow.
    let mut rounds: Rounds<'_, ()> = Rounds::new();
    let base = rounds.add("sync", cycling(&[1.0, 1.0, 1.6]));
    let row = rounds.add("threads", cycling(&[0.6]));
    let mut measured = rounds.run(3, &mut |_| {});
    let claims = [claim(row, base, 2, &[base, row])];
    let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
    let judgement = &judgements[row];
    let speedup = judgement.speedup.expect("a speedup");
    assert!(Bound::Cpu { cores: 2 }.efficiency(speedup.median, 2) < MAX_EFFICIENCY);
    assert!(judgement.remeasured, "the fast round calls for a second look");
    match &judgement.verdict {
        Verdict::Implausible(why) => assert!(why.starts_with("one round's x2.67"), "{why}"),
        other => panic!("expected implausible, got {other:?}"),
    }
}

#[test]
fn a_tie_is_reported_with_its_peers_name() {
    let mut rounds: Rounds<'_, ()> = Rounds::new();
    let base = rounds.add("SIMPLE 1", cycling(&[1.8]));
    let simple = rounds.add("SIMPLE 2", cycling(&[1.02]));
    let locked = rounds.add("LOCKED_LIST 2", cycling(&[1.0, 0.9, 1.1]));
    let mut measured = rounds.run(3, &mut |_| {});
    let peers = [base, simple, locked];
    let claims = [claim(simple, base, 2, &peers), claim(locked, base, 2, &peers)];
    let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
    // SIMPLE 2 is narrow: its gap to LOCKED_LIST 2 shows. LOCKED_LIST 2's
    // spread (0.9 to 1.1 s) hides the same gap.
    assert_eq!(judgements[simple].verdict, Verdict::Clear);
    assert!(!judgements[locked].remeasured, "a tie needs no second look");
    assert_eq!(judgements[locked].tie(), Some(simple));
    let label = |i: usize| measured[i].label.clone();
    let cell = measured[locked].stat().expect("ran").secs_cell();
    assert_eq!(
        mark(cell, judgements.get(locked), &label),
        "1.00 s (0.90–1.10) = SIMPLE 2"
    );
    let noise = Noise::tally(&judgements, &claims, &label);
    assert_eq!((noise.ties, noise.implausible.len()), (1, 0));
    assert!(
        noise
            .paragraph()
            .contains("; 1 tie (`=` marks a row the rounds cannot tell from the row it names), 0 implausible.")
    );
    // A tie needs no bullet: the cell names the peer.
    assert!(!noise.paragraph().contains("\n- "));
}

#[test]
fn a_tie_is_judged_on_the_main_rounds_without_a_second_look() {
    let mut rounds: Rounds<'_, ()> = Rounds::new();
    let base = rounds.add("sync", cycling(&[1.8]));
    let steady = rounds.add("steady", cycling(&[1.02]));
    // Wide in the main rounds: a tie with `steady`, whatever later rounds
    // would show.
    let wide = rounds.add("wide", cycling(&[1.0, 0.9, 1.1, 1.0, 1.0, 1.0]));
    let mut measured = rounds.run(3, &mut |_| {});
    let claims = [claim(wide, base, 2, &[base, steady, wide])];
    let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
    assert!(!judgements[wide].remeasured && !measured[wide].remeasured);
    assert_eq!(judgements[wide].tie(), Some(steady));
}

#[test]
fn implausible_wins_over_a_tie() {
    // Too fast for 2 cores, and too spread to tell from its neighbour.
    let mut rounds: Rounds<'_, ()> = Rounds::new();
    let base = rounds.add("sync", cycling(&[1.0]));
    let magic = rounds.add("magic", cycling(&[0.25, 0.2, 0.3]));
    let near = rounds.add("near", cycling(&[0.26]));
    let mut measured = rounds.run(3, &mut |_| {});
    let peers = [base, magic, near];
    let claims = [claim(magic, base, 10, &peers)];
    assert_eq!(
        tie(measured[magic].stat().expect("ran"), &[(near, stat(&[0.26]))]),
        Some(near)
    );
    let judgements = guard(&mut rounds, &mut measured, &claims, 3, &mut |_| {});
    assert!(judgements[magic].is_implausible());
    assert_eq!(judgements[magic].tie(), None);
    let label = |i: usize| measured[i].label.clone();
    assert_eq!(mark("x".into(), judgements.get(magic), &label), "x (implausible)");
    let noise = Noise::tally(&judgements, &claims, &label);
    assert_eq!((noise.ties, noise.implausible.len()), (0, 1));
}
