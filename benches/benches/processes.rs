//! What a process costs (chapter 5): starting and stopping k worker
//! processes next to k threads and k async tasks, and the price of the
//! SHARED runner type's one round trip between processes per number.
//!
//! The workers are this very bench binary, started again in the worker role:
//! which is why `main` is written out below instead of `criterion_main!`,
//! with `serve_roles` first, as every program using those runners must.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chapter_multiprocess::costs::{round_trip, start_stop_processes, start_stop_tasks, start_stop_threads};
use chapter_multiprocess::process::WorkerProcess;
use chapter_multiprocess::{MultiProcessTaskRunner, RunnerType};
use concurrency_core::{Job, TaskRunner, Verdict};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};

fn this_exe() -> PathBuf {
    std::env::current_exe().expect("the bench knows its own executable")
}

/// Start-up and shutdown of k processes, threads and tasks.
fn bench_start_stop(c: &mut Criterion) {
    let exe = this_exe();
    let mut group = c.benchmark_group("start_stop");
    group.sample_size(10);
    for k in [1usize, 10] {
        group.bench_with_input(BenchmarkId::new("processes", k), &k, |b, &k| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| start_stop_processes(&exe, k).expect("workers start"))
                    .sum()
            })
        });
        group.bench_with_input(BenchmarkId::new("threads", k), &k, |b, &k| {
            b.iter_custom(|iters| (0..iters).map(|_| start_stop_threads(k).expect("threads start")).sum())
        });
        group.bench_with_input(BenchmarkId::new("tasks", k), &k, |b, &k| {
            b.iter_custom(|iters| (0..iters).map(|_| start_stop_tasks(k).expect("tasks start")).sum())
        });
    }
    group.finish();
}

/// One SHARED request: a number sent to a worker process, its answer back.
fn bench_round_trip(c: &mut Criterion) {
    let mut worker = WorkerProcess::start(&this_exe(), 1, None).expect("a worker starts");
    let mut group = c.benchmark_group("shared_round_trip");
    group.throughput(Throughput::Elements(1));
    let mut n = 0u64;
    group.bench_function("one number, one worker", |b| {
        b.iter(|| {
            n += 1;
            round_trip(&mut worker, black_box(n)).expect("the worker answers")
        })
    });
    group.finish();
    drop(worker);

    // A whole SHARED run with no delay: per number, against SIMPLE's one
    // chunk per worker, on the same 10^4 numbers.
    let limit = 10_000;
    let mut group = c.benchmark_group("runs_10k_numbers_3_workers");
    group.sample_size(10);
    group.throughput(Throughput::Elements(limit));
    for runner_type in [RunnerType::Shared, RunnerType::Simple] {
        let runner = MultiProcessTaskRunner::new(runner_type);
        let job = Job::new(limit, 3, Duration::ZERO);
        let report = runner.run(&job).expect("the run works");
        assert_eq!(report.verdict(), Verdict::Exact { count: 1229 });
        group.bench_function(runner_type.to_string(), |b| {
            b.iter(|| runner.run_workers(&job).expect("the run works"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_start_stop, bench_round_trip);

fn main() {
    // First thing: when this binary was started as a worker, serve and exit.
    concurrency_process::serve_roles(&[chapter_multiprocess::ROLES]);
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}
