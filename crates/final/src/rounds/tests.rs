use super::*;

/// A run of `solution` at `limit` that took `secs`, with pi(limit) found.
fn fixed(limit: u64, solution: Solution, secs: f64) -> Measurement {
    let workers = if solution == Solution::Sync { 1 } else { 10 };
    Measurement::of_count(solution.name(), limit, workers, 9_592, Duration::from_secs_f64(secs))
}

/// The rows of one limit with fixed times, measured in rounds and judged
/// on 2 cores: nothing is timed.
fn rounds(secs: fn(Solution) -> f64) -> FinalRounds {
    let (mut rows, keys) = build_rows(&[100_000], move |limit, s| Ok(fixed(limit, s, secs(s))));
    measure_rounds(&mut rows, keys, 10, 3, 2, &mut |_| {})
}

#[test]
fn the_boost_is_paired_and_the_threads_are_judged_against_one_thread() {
    let r = rounds(|s| match s {
        Solution::Sync => 5.0,
        Solution::Processes => 3.0,
        Solution::Threads => 2.5,
        Solution::Simple => 1.0,
        Solution::SimpleOneThread => 1.8,
    });
    let table = r.final_table().to_string();
    assert!(table.contains("x5.00 faster (5.00–5.00)"), "{table}");
    assert!(table.contains("9592 (exact)") && table.contains("100 000"), "{table}");
    let threads = r.threads_table(2).to_string();
    let cells: Vec<&str> = threads
        .lines()
        .nth(2)
        .expect("a row")
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(cells[4..6], ["x1.80 (1.80–1.80)", "0.90"], "{threads}");
    assert_eq!(r.noise().checked, 3);
    assert!(r.noise().implausible.is_empty());
    assert!(r.all_exact());
    let rows = r.final_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].simple.elapsed_secs, 1.0);
    for table in [r.final_table(), r.threads_table(2)] {
        let drawn = table.for_terminal(80);
        assert!(drawn.lines().all(|line| line.chars().count() <= 80), "{drawn}");
    }
}

#[test]
fn threads_faster_than_the_cores_allow_are_marked_never_bare() {
    // calc_primes x4 over itself on one thread, on 2 cores: an efficiency
    // of 2, in every round and on the second look.
    let r = rounds(|s| match s {
        Solution::Sync => 5.0,
        Solution::Processes => 3.0,
        Solution::Threads => 2.5,
        Solution::Simple => 0.5,
        Solution::SimpleOneThread => 2.0,
    });
    let threads = r.threads_table(2).to_string();
    let row = threads.lines().nth(2).expect("a row");
    assert!(row.contains("2.00 (implausible)"), "{row}");
    assert!(row.contains("0.500 s (0.500–0.500) (implausible)"), "{row}");
    let table = r.final_table().to_string();
    assert!(table.contains("0.500 s (0.500–0.500) (implausible)"), "{table}");
    let text = r.noise().text();
    assert!(text.contains("(implausible) calc_primes at 100 000: x4.00"), "{text}");
}
