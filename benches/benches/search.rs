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
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};

fn bench_structures(c: &mut Criterion) {
    let mut group = c.benchmark_group("1,000 look-ups in 0..10^6, new numbers each time");
    group.sample_size(10);
    // Each structure is built once, outside the measurement: a program
    // builds once and looks up many times (the chapter's table times the
    // build apart too). Every iteration looks up a new batch of needles,
    // made outside the measurement: the same 1,000 numbers again would find
    // their buckets still in the cache, which flatters the hash sets
    // (see `bench_warm`).
    fn look_ups<H: Haystack>(group: &mut BenchmarkGroup<'_, WallTime>, s: Structure, h: H) {
        // Known answers everywhere: a wrong count measures nothing.
        for batch in 0..3 {
            let n = needles(42, batch, MAX_NEEDLE);
            assert_eq!(search(&n, &h), expected_found(&n, SIZE), "{s:?}");
        }
        let mut batch = 0;
        group.bench_function(s.label(), |b| {
            b.iter_batched(
                || {
                    batch += 1;
                    needles(42, batch, MAX_NEEDLE)
                },
                |n| search(black_box(&n), &h),
                BatchSize::SmallInput,
            )
        });
    }
    let elements = || (0..SIZE).collect::<Vec<u32>>();
    look_ups(&mut group, Structure::Vec, elements());
    look_ups(&mut group, Structure::VecDeque, (0..SIZE).collect::<VecDeque<u32>>());
    look_ups(&mut group, Structure::SortedVec, SortedVec::new(elements()));
    look_ups(&mut group, Structure::HashSet, (0..SIZE).collect::<HashSet<u32>>());
    look_ups(
        &mut group,
        Structure::HashSetFoldhash,
        (0..SIZE).collect::<foldhash::HashSet<u32>>(),
    );
    look_ups(&mut group, Structure::BtreeSet, (0..SIZE).collect::<BTreeSet<u32>>());
    group.finish();
}

/// The same 1,000 numbers looked up again and again: after the first time
/// their buckets are in the cache, so this is the best case of a hash set,
/// not its usual one.
fn bench_warm(c: &mut Criterion) {
    let mut group = c.benchmark_group("1,000 look-ups in 0..10^6, the same numbers each time");
    group.sample_size(10);
    let n = needles(42, 0, MAX_NEEDLE);
    let std_set: HashSet<u32> = (0..SIZE).collect();
    let fold_set: foldhash::HashSet<u32> = (0..SIZE).collect();
    assert_eq!(search(&n, &std_set), expected_found(&n, SIZE));
    assert_eq!(search(&n, &fold_set), expected_found(&n, SIZE));
    group.bench_function(Structure::HashSet.label(), |b| {
        b.iter(|| search(black_box(&n), &std_set))
    });
    group.bench_function(Structure::HashSetFoldhash.label(), |b| {
        b.iter(|| search(black_box(&n), &fold_set))
    });
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

criterion_group!(benches, bench_structures, bench_warm, bench_threads);
criterion_main!(benches);
