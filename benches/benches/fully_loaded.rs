//! The fully-loaded chapter: one `cpu_intensive` task, with the chapter's
//! split conversion and with the compiler's `u128 as f64`, then two tasks
//! on one thread and on two.
//!
//! Both conversions give the same bits (checked before measuring); the
//! first group shows what the library call cost. The second group is the
//! chapter's claim: no GIL, so two threads finish two tasks in about the
//! time one thread takes for one.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use chapter_fully_loaded::{Experiment, Mode, PYTHON_RESULTS, cpu_intensive};
use criterion::{Criterion, criterion_group, criterion_main};

/// `cpu_intensive` with `u128 as f64`, a runtime-library call, in place of
/// the split conversion: the only difference between the two loops.
fn cpu_intensive_with_as_f64(n: u64, multiplier: u64) -> f64 {
    let n = u128::from(n);
    let mut total = 0.0_f64;
    for i in 0..10_000_000 * multiplier {
        let i = u128::from(i);
        let polynomial = i * i * i + i * i + i * n;
        total += (polynomial as f64).sqrt();
    }
    total
}

fn bench_conversion(c: &mut Criterion) {
    for f in [cpu_intensive, cpu_intensive_with_as_f64] {
        assert_eq!(f(0, 1).to_bits(), PYTHON_RESULTS[0].to_bits());
    }
    let mut group = c.benchmark_group("cpu_intensive(0, 1)");
    group.sample_size(10);
    group.bench_function("split conversion (the chapter's)", |b| {
        b.iter(|| cpu_intensive(black_box(0), black_box(1)))
    });
    group.bench_function("u128 as f64", |b| {
        b.iter(|| cpu_intensive_with_as_f64(black_box(0), black_box(1)))
    });
    group.finish();
}

fn bench_two_tasks(c: &mut Criterion) {
    let experiment = Experiment {
        tasks: 2,
        multiplier: 1,
    };
    // No worker process is started by these modes.
    let no_worker = Path::new("/nonexistent");
    let mut group = c.benchmark_group("two tasks, multiplier 1");
    group.sample_size(10);
    for mode in [Mode::Sequential, Mode::Channels, Mode::Rayon] {
        group.bench_function(mode.name(), |b| {
            b.iter(|| {
                let results = mode.run(experiment, no_worker, &mut |_| {}).expect("in-process mode");
                assert_eq!(results.len(), 2);
                results
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_conversion, bench_two_tasks);
criterion_main!(benches);
