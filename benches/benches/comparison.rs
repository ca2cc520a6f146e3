//! The comparison's runners (and the final chapter's `calc_primes`) on the
//! same work, with no forced delay and 10 workers, at 10^5 and 10^6: the
//! tutorial's first two rows. Start-up costs alone are measured in
//! `async_spawn.rs`, `threads.rs` and `processes.rs`.
//!
//! `CHUNKS_IN_POOL` starts this very bench binary as its worker processes,
//! so `main` is written out with `serve_roles` first. The pool is kept
//! between iterations, as the chapter's runner keeps it between runs: the
//! figures are the work plus the pipes, the start-up is paid once.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use chapter_comparison::Model;
use chapter_final::calc_primes;
use concurrency_core::{Job, Verdict, known_prime_count};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};

const WORKERS: usize = 10;

fn bench_comparison(c: &mut Criterion) {
    let mut group = c.benchmark_group("comparison");
    group.sample_size(10);
    for limit in [100_000u64, 1_000_000] {
        let expected = known_prime_count(limit).expect("a power of ten");
        group.throughput(Throughput::Elements(limit));
        for model in Model::ALL {
            let runner = model.runner(None);
            let job = Job::new(limit, model.workers(WORKERS), Duration::ZERO);
            // Known answers in the bench too: a fast wrong runner is no use.
            let report = runner.as_task_runner().run(&job).expect("the run works");
            assert_eq!(report.verdict(), Verdict::Exact { count: expected }, "{model}");
            group.bench_with_input(BenchmarkId::new(model.runner_type(), limit), &job, |b, job| {
                b.iter(|| runner.as_task_runner().run_workers(job).expect("the run works"))
            });
            runner.shutdown();
        }
        assert_eq!(calc_primes(limit, WORKERS), expected);
        group.bench_with_input(BenchmarkId::new("calc_primes", limit), &limit, |b, &limit| {
            b.iter(|| calc_primes(limit, WORKERS))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_comparison);

fn main() {
    // First thing: when this binary was started as a worker, serve and exit.
    concurrency_process::serve_roles(&[chapter_comparison::ROLES]);
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}
