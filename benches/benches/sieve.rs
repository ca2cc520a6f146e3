//! The sieves of the algorithm chapter at 10^7 (and all but the textbook one
//! at 10^8, the wheel at 10^9): what each step from the textbook sieve to the
//! wheel buys, on one thread and on every core. Trial division's cost is the
//! `is_prime` bench's.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use chapter_sieve::{VARIANTS, known_count, wheel};
use concurrency_core::cores;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_sieve(c: &mut Criterion) {
    let mut group = c.benchmark_group("sieve");
    group.sample_size(10);
    for limit in [10_000_000, 100_000_000] {
        for v in VARIANTS {
            // The textbook sieve holds a byte per number: 10^7 only.
            if limit > 10_000_000 && v.name.starts_with("(a)") {
                continue;
            }
            let threads = if v.parallel { cores() } else { 1 };
            // Known answers everywhere: a benchmark of a wrong count measures nothing.
            assert_eq!(Some((v.count)(limit, threads)), known_count(limit), "{}", v.name);
            group.bench_function(
                format!("{}, 1..=10^{}, {threads} thread(s)", v.name, limit.ilog10()),
                |b| b.iter(|| (v.count)(black_box(limit), threads)),
            );
        }
    }
    let limit = 1_000_000_000;
    assert_eq!(Some(wheel::count(limit, 1)), known_count(limit));
    group.bench_function("(d) 1..=10^9, 1 thread", |b| {
        b.iter(|| wheel::count(black_box(limit), 1))
    });
    group.finish();
}

criterion_group!(benches, bench_sieve);
criterion_main!(benches);
