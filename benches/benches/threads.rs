//! Chapter 4 (multithreading): what a thread costs, and every runner of the
//! chapter on 1..=10^5 with no delay.
//!
//! The first group is the price of "one thread per worker": spawning and
//! joining a thread that does nothing, next to a rayon pool's broadcast to
//! threads that already exist. The second puts the runners side by side
//! with the one-worker baseline, on the machine's logical cores.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use chapter_multithread::RunnerType;
use chapter_multithread::measure::{OneWorker, no_gil_runners};
use concurrency_core::{Job, TaskRunner, Verdict};
use criterion::{Criterion, criterion_group, criterion_main};

const LIMIT: u64 = 100_000;

fn bench_thread_cost(c: &mut Criterion) {
    let mut group = c.benchmark_group("thread cost");
    group.bench_function("std::thread spawn + join", |b| {
        b.iter(|| std::thread::spawn(|| black_box(1u64)).join())
    });
    group.bench_function("std::thread::scope, one thread", |b| {
        b.iter(|| std::thread::scope(|s| s.spawn(|| black_box(1u64)).join()))
    });
    let workers = concurrency_core::cores();
    // A scoped pool: its threads are joined when the benchmark is done.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(workers);
    let measured = pool.build_scoped(
        |thread| thread.run(),
        |pool| {
            group.bench_function(format!("rayon broadcast to {workers} pool threads"), |b| {
                b.iter(|| pool.broadcast(|context| black_box(context.index())))
            });
        },
    );
    if let Err(err) = measured {
        eprintln!("no rayon pool ({err}): skipped the broadcast benchmark");
    }
    group.finish();
}

fn bench_runners(c: &mut Criterion) {
    let workers = concurrency_core::cores();
    let job = Job::new(LIMIT, workers, Duration::ZERO);
    let alone = Job::new(LIMIT, 1, Duration::ZERO);
    let mut group = c.benchmark_group(format!("runners, 1..=10^5, no delay, {workers} workers"));
    group.sample_size(20);
    // Known answers everywhere: a benchmark of a wrong count measures nothing.
    let check = |runner: &dyn TaskRunner, job: &Job| match runner.run(job) {
        Ok(report) => assert_eq!(report.verdict(), Verdict::Exact { count: 9_592 }, "{report}"),
        Err(err) => panic!("{} failed: {err}", runner.runner_type()),
    };
    check(&OneWorker, &alone);
    group.bench_function("ONE_WORKER (1 worker)", |b| b.iter(|| OneWorker.run(black_box(&alone))));
    for runner in no_gil_runners() {
        check(&runner, &job);
        let name = match runner.kind() {
            RunnerType::ThreadPool => format!("THREAD_POOL ({})", runner.split().label()),
            _ => runner.runner_type(),
        };
        group.bench_function(name, |b| b.iter(|| runner.run(black_box(&job))));
    }
    group.finish();
}

criterion_group!(benches, bench_thread_cost, bench_runners);
criterion_main!(benches);
