//! The search chapter: 1,000 look-ups in each structure holding
//! `0..1_000_000`, and 10 batches of linear searches on 1 and 2 threads.
//!
//! The first group is the chapter's first lesson (the structure matters
//! more than the concurrency); the second its second (threads do help with
//! CPU work: no GIL).

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::hint::black_box;

use chapter_search::{
    BatchRunner, Haystack, MAX_NEEDLE, Mode, Plan, SIZE, SortedVec, Structure, expected_found, needles, search,
};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};

fn bench_structures(c: &mut Criterion) {
    let needles = needles(42, 0, MAX_NEEDLE);
    let expected = expected_found(&needles, SIZE);
    let mut group = c.benchmark_group("1,000 look-ups in 0..10^6");
    group.sample_size(10);
    // Each structure is built once, outside the measurement: a program
    // builds once and looks up many times (the chapter's table times the
    // build apart too).
    fn look_ups<H: Haystack>(group: &mut BenchmarkGroup<'_, WallTime>, s: Structure, h: H, n: &[u32], expected: usize) {
        // Known answers everywhere: a wrong count measures nothing.
        assert_eq!(search(n, &h), expected, "{s:?}");
        group.bench_function(s.label(), |b| b.iter(|| search(black_box(n), &h)));
    }
    let elements = || (0..SIZE).collect::<Vec<u32>>();
    look_ups(&mut group, Structure::Vec, elements(), &needles, expected);
    look_ups(
        &mut group,
        Structure::VecDeque,
        (0..SIZE).collect::<VecDeque<u32>>(),
        &needles,
        expected,
    );
    look_ups(
        &mut group,
        Structure::SortedVec,
        SortedVec::new(elements()),
        &needles,
        expected,
    );
    look_ups(
        &mut group,
        Structure::HashSet,
        (0..SIZE).collect::<HashSet<u32>>(),
        &needles,
        expected,
    );
    look_ups(
        &mut group,
        Structure::BtreeSet,
        (0..SIZE).collect::<BTreeSet<u32>>(),
        &needles,
        expected,
    );
    group.finish();
}

fn bench_threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("10 batches of linear search, threads");
    group.sample_size(10);
    for workers in [1, 2] {
        let plan = Plan {
            seed: 42,
            size: SIZE,
            max_needle: MAX_NEEDLE,
            batches: 10,
            workers,
        };
        let runner = BatchRunner::new(Mode::Threads);
        // Known answers everywhere: a wrong count measures nothing.
        match runner.run(&plan) {
            Ok(run) => assert!(run.is_exact(), "{run:?}"),
            Err(err) => panic!("threads failed: {err}"),
        }
        group.bench_function(format!("{workers} worker(s)"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| match runner.run(black_box(&plan)) {
                        Ok(run) => run.elapsed,
                        Err(err) => panic!("threads failed: {err}"),
                    })
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_structures, bench_threads);
criterion_main!(benches);
