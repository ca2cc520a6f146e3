//! The cost of the work itself: `is_prime` over 1..=10^6 on one thread.
//!
//! Every chapter spends its time here once the forced delay is gone, so this
//! is the number to hold the chapters' speedups against.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use concurrency_core::{is_prime, known_prime_count};
use criterion::{Criterion, criterion_group, criterion_main};

const LIMIT: u64 = 1_000_000;

fn count_primes(limit: u64) -> u64 {
    (1..=limit).filter(|&n| is_prime(black_box(n))).count() as u64
}

fn bench_is_prime(c: &mut Criterion) {
    // Known answers everywhere: a benchmark of a wrong count measures nothing.
    assert_eq!(Some(count_primes(LIMIT)), known_prime_count(LIMIT));
    let mut group = c.benchmark_group("is_prime");
    group.sample_size(20);
    group.bench_function("1..=10^6, one thread", |b| b.iter(|| count_primes(black_box(LIMIT))));
    group.finish();
}

criterion_group!(benches, bench_is_prime);
criterion_main!(benches);
