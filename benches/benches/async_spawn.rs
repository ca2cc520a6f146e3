//! The cost of a task: spawn 10,000 no-op tasks and await them all, on each
//! of the async chapter's runtimes.
//!
//! This is the overhead the async chapter pays per worker, and what makes
//! "one task per number" cheap in Rust where "one thread per number" is not.
//! The runtime is started once per sample (outside the timing), so only
//! spawning, scheduling and joining are measured. The tasks go through the
//! chapter's own `AsyncRuntime::spawn` (the one the runners use), which
//! adds a worker name and, on async-std and smol, a `catch_unwind`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chapter_async::AsyncRuntime;
use criterion::{Criterion, criterion_group, criterion_main};

const TASKS: u64 = 10_000;

/// Spawns `TASKS` tasks that return their number, awaits them in order,
/// and returns the sum: checked, so the tasks cannot be optimised away.
async fn spawn_and_await(runtime: AsyncRuntime) -> u64 {
    let tasks: Vec<_> = (0..TASKS)
        .map(|n| runtime.spawn("Worker-1", async move { black_box(n) }))
        .collect();
    let mut sum = 0;
    for task in tasks {
        sum += task.await.expect("a no-op task cannot fail");
    }
    sum
}

fn bench_spawn(c: &mut Criterion) {
    let mut group = c.benchmark_group("spawn and await 10,000 no-op tasks");
    group.sample_size(20);
    for runtime in AsyncRuntime::ALL {
        group.bench_function(runtime.to_string(), |b| {
            b.iter_custom(|iters| {
                let timed = async move {
                    let started = Instant::now();
                    for _ in 0..iters {
                        assert_eq!(spawn_and_await(runtime).await, TASKS * (TASKS - 1) / 2);
                    }
                    started.elapsed()
                };
                runtime.block_on(timed).unwrap_or_else(|err| panic!("{runtime}: {err}"))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = bench_spawn
}
criterion_main!(benches);
