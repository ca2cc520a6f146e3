//! # Calling Rust from Python, with the GIL released
//!
//! The "fully loaded" experiment (Bruce Eckel's "Python Performance
//! Experiments") ran its `cpu_intensive` function four ways, and the third
//! was a Rust extension module: the same Python program, with
//! `cpu_intensive` imported from a module written in Rust with PyO3. The
//! workspace's other chapters port the first, second and fourth ways; this
//! crate is the third. It builds `concurrency_rs`, a module Python imports
//! like any other, whose functions run the workspace's own Rust code:
//!
//! | Python | Rust it runs |
//! | --- | --- |
//! | `cpu_intensive(n, multiplier=1)` | [`chapter_fully_loaded::cpu_intensive()`], bit for bit the values the experiment printed |
//! | `cpu_intensive_parallel(tasks, multiplier, threads)` | the same for `n = 0..tasks` on a rayon pool, results in task order |
//! | `is_prime(n)` | [`concurrency_core::is_prime`], the chapters' trial division |
//! | `count_primes(limit, start=1)` | how many primes lie in `start..=limit`, one thread |
//! | `primes(limit)` | the primes of `1..=limit`, as a list |
//! | `count_primes_parallel(limit, threads)` | the count of `1..=limit` on a rayon pool of `threads` threads |
//!
//! ## Why an extension answers the GIL
//!
//! CPython runs one thread of Python bytecode at a time: a thread must hold
//! the global interpreter lock (the GIL) to touch any Python object. That is
//! why the tutorial's thread pools gave no speedup on prime counting and
//! only processes did. But the lock guards *Python objects*, not the CPU: a
//! function that copies its arguments out of Python objects, computes on
//! plain Rust values and only then builds its Python result can let go of
//! the lock while it computes. Every function here does exactly that
//! ([`Python::detach`](https://docs.rs/pyo3/latest/pyo3/marker/struct.Python.html#method.detach)
//! in `src/module.rs`), so two Python threads calling it run on two cores
//! at once, and `ThreadPoolExecutor` becomes a parallel tool again.
//!
//! ## Two layers
//!
//! - this file: the functions in plain Rust, with their arguments checked
//!   and their errors typed ([`Error`]). `cargo test` tests them like any
//!   Rust code, on a machine with no Python at all;
//! - `src/module.rs`, compiled only with the `python` feature (maturin
//!   turns it on, see `pyproject.toml`): the PyO3 glue. It converts Python
//!   ints to `u64` (a negative or too large int raises `OverflowError`, a
//!   float or a string `TypeError`, before any Rust runs), releases the GIL
//!   around the call, and turns an [`Error`] into `ValueError` (a bad
//!   argument) or `RuntimeError` (the system refused threads). A panic
//!   becomes PyO3's `PanicException`: the interpreter keeps running.
//!
//! ## Build it and call it
//!
//! ```text
//! python3 -m venv target/python-ext-venv
//! . target/python-ext-venv/bin/activate
//! pip install -r python/requirements-extension.txt     # maturin and pytest
//! maturin develop --release -m crates/python/Cargo.toml
//! pytest python/tests
//! python python/extension.py --tasks 2                 # the experiment's table, through the extension
//! ```
//!
//! `just python` runs the first five lines. One wheel serves every CPython
//! from 3.9 on: PyO3's `abi3-py39` feature builds against the stable ABI.

use std::ops::RangeInclusive;

use concurrency_core::{MAX_LIMIT, MAX_WORKERS};
use rayon::prelude::*;

#[cfg(feature = "python")]
mod module;

pub use chapter_fully_loaded::MAX_MULTIPLIER;

/// The largest `limit` of [`primes`]: the list of the primes up to 10^8
/// holds 5 761 455 numbers (about 200 MB once Python has made an `int` of
/// each); past it, a list is the wrong tool, and the count functions are the
/// right one.
pub const MAX_PRIMES_LIMIT: u64 = 100_000_000;

/// The most tasks [`cpu_intensive_parallel`] takes: each is ten million
/// terms (times the multiplier), so a million tasks is already days of work.
pub const MAX_TASKS: u64 = 1_000_000;

/// Why a call was refused. The Python module raises `RuntimeError` for
/// [`Error::ThreadPool`] and `ValueError` for the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// `cpu_intensive`'s polynomial would overflow 128 bits.
    #[error("multiplier {multiplier} is above {MAX_MULTIPLIER}: i^3 + i^2 + i*n would no longer fit in 128 bits")]
    MultiplierTooLarge {
        /// The multiplier asked for.
        multiplier: u64,
    },
    /// More tasks than [`MAX_TASKS`].
    #[error("tasks {tasks} is above {MAX_TASKS}")]
    TooManyTasks {
        /// The tasks asked for.
        tasks: u64,
    },
    /// A limit above what the function takes.
    #[error("limit {limit} is above {max}")]
    LimitTooLarge {
        /// The limit asked for.
        limit: u64,
        /// The largest the function takes.
        max: u64,
    },
    /// No threads, or more than the chapters allow ([`MAX_WORKERS`]).
    #[error("threads must be from 1 to {MAX_WORKERS}, not {threads}")]
    BadThreads {
        /// The threads asked for.
        threads: usize,
    },
    /// The system would not start the pool's threads.
    #[error("cannot start a pool of {threads} threads: {reason}")]
    ThreadPool {
        /// The threads asked for.
        threads: usize,
        /// What rayon said.
        reason: String,
    },
}

impl Error {
    /// Whether the caller's arguments were at fault (`ValueError`), rather
    /// than the system (`RuntimeError`).
    pub fn is_bad_argument(&self) -> bool {
        !matches!(self, Error::ThreadPool { .. })
    }
}

// ANCHOR: checked
/// `cpu_intensive(n, multiplier)` of the fully-loaded chapter, refusing a
/// multiplier whose polynomial would overflow (the chapter's function
/// asserts it; here a caller's mistake must be an error, not a panic).
pub fn cpu_intensive(n: u64, multiplier: u64) -> Result<f64, Error> {
    if multiplier > MAX_MULTIPLIER {
        return Err(Error::MultiplierTooLarge { multiplier });
    }
    Ok(chapter_fully_loaded::cpu_intensive(n, multiplier))
}

/// How many primes lie in `start..=limit` (none when `start > limit`), by
/// the chapters' trial division, on the calling thread.
pub fn count_primes(limit: u64, start: u64) -> Result<u64, Error> {
    check_limit(limit, MAX_LIMIT)?;
    Ok(count_in(start..=limit))
}
// ANCHOR_END: checked

/// Whether `n` is prime: [`concurrency_core::is_prime`] itself (every `u64`
/// is a valid argument).
pub fn is_prime(n: u64) -> bool {
    concurrency_core::is_prime(n)
}

/// The primes of `1..=limit`, in order.
pub fn primes(limit: u64) -> Result<Vec<u64>, Error> {
    check_limit(limit, MAX_PRIMES_LIMIT)?;
    Ok((1..=limit).filter(|&n| is_prime(n)).collect())
}

// ANCHOR: parallel
/// The primes of `1..=limit` counted on a rayon pool of `threads` threads.
///
/// The range is not cut in `threads` equal parts: the numbers near `limit`
/// cost more to check than the small ones (trial division goes up to the
/// square root), so equal parts would leave one thread working alone at the
/// end. rayon splits the range in halves, and halves of halves, as idle
/// threads ask for work (work stealing), so the threads finish together.
pub fn count_primes_parallel(limit: u64, threads: usize) -> Result<u64, Error> {
    check_limit(limit, MAX_LIMIT)?;
    let pool = pool(threads)?;
    Ok(pool.install(|| (1..=limit).into_par_iter().filter(|&n| is_prime(n)).count()) as u64)
}

/// `[cpu_intensive(n, multiplier) for n in range(tasks)]` on a rayon pool of
/// `threads` threads, in task order: the fully-loaded chapter's rayon mode,
/// with the pool's size chosen by the caller.
pub fn cpu_intensive_parallel(tasks: u64, multiplier: u64, threads: usize) -> Result<Vec<f64>, Error> {
    if tasks > MAX_TASKS {
        return Err(Error::TooManyTasks { tasks });
    }
    if multiplier > MAX_MULTIPLIER {
        return Err(Error::MultiplierTooLarge { multiplier });
    }
    let pool = pool(threads)?;
    Ok(pool.install(|| {
        (0..tasks)
            .into_par_iter()
            .map(|n| chapter_fully_loaded::cpu_intensive(n, multiplier))
            .collect()
    }))
}

/// A pool of its own for each call, so that `threads` means what it says
/// (rayon's global pool has one thread per logical CPU). Starting a few
/// threads costs microseconds, next to calls that take milliseconds or more.
fn pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    if threads == 0 || threads > MAX_WORKERS {
        return Err(Error::BadThreads { threads });
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("concurrency_rs-{}", i + 1))
        .build()
        .map_err(|err| Error::ThreadPool {
            threads,
            reason: err.to_string(),
        })
}
// ANCHOR_END: parallel

fn count_in(range: RangeInclusive<u64>) -> u64 {
    range.filter(|&n| is_prime(n)).count() as u64
}

fn check_limit(limit: u64, max: u64) -> Result<(), Error> {
    if limit > max {
        return Err(Error::LimitTooLarge { limit, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chapter_fully_loaded::PYTHON_RESULTS;
    use concurrency_core::PRIME_COUNTS;

    #[test]
    fn cpu_intensive_gives_the_experiments_printed_values() {
        for n in 0..4 {
            let value = cpu_intensive(n, 1).expect("multiplier 1");
            assert_eq!(value.to_bits(), PYTHON_RESULTS[n as usize].to_bits(), "n = {n}");
        }
        let parallel = cpu_intensive_parallel(4, 1, 2).expect("two threads");
        let bits: Vec<u64> = parallel.iter().map(|v| v.to_bits()).collect();
        let expected: Vec<u64> = PYTHON_RESULTS[..4].iter().map(|v| v.to_bits()).collect();
        assert_eq!(bits, expected);
        assert_eq!(cpu_intensive(7, 0), Ok(0.0));
    }

    #[test]
    fn the_counts_are_pi_of_ten_to_the_k() {
        for &(limit, count) in PRIME_COUNTS.iter().filter(|(limit, _)| *limit <= 1_000_000) {
            assert_eq!(count_primes(limit, 1), Ok(count), "{limit}");
            for threads in [1, 2, 3] {
                assert_eq!(
                    count_primes_parallel(limit, threads),
                    Ok(count),
                    "{limit}, {threads} threads"
                );
            }
        }
        assert_eq!(count_primes(0, 1), Ok(0));
        assert_eq!(count_primes_parallel(1, 4), Ok(0));
    }

    #[test]
    fn a_range_splits_into_parts_that_add_up() {
        // Split 1..=10^5 anywhere: the two parts hold pi(10^5) between them.
        for cut in [1, 2, 3, 50_000, 61_803, 99_999, 100_000] {
            let low = count_primes(cut, 1).expect("in range");
            let high = count_primes(100_000, cut + 1).expect("in range");
            assert_eq!(low + high, 9_592, "cut at {cut}");
        }
        assert_eq!(count_primes(10, 11), Ok(0), "an empty range");
        assert_eq!(count_primes(10, 0), Ok(4), "0 is not prime");
    }

    #[test]
    fn primes_lists_what_is_prime_finds() {
        let list = primes(10_000).expect("in range");
        assert_eq!(list.len(), 1_229);
        assert_eq!(&list[..10], [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert_eq!(list.last(), Some(&9_973));
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(primes(1), Ok(Vec::new()));
        assert!(is_prime(4_294_967_291), "the largest prime below 2^32");
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        let refused = [
            cpu_intensive(0, MAX_MULTIPLIER + 1).map(|_| ()),
            cpu_intensive_parallel(MAX_TASKS + 1, 1, 1).map(|_| ()),
            cpu_intensive_parallel(1, MAX_MULTIPLIER + 1, 1).map(|_| ()),
            cpu_intensive_parallel(1, 1, 0).map(|_| ()),
            count_primes(MAX_LIMIT + 1, 1).map(|_| ()),
            primes(MAX_PRIMES_LIMIT + 1).map(|_| ()),
            count_primes_parallel(10, 0).map(|_| ()),
            count_primes_parallel(10, MAX_WORKERS + 1).map(|_| ()),
            count_primes_parallel(MAX_LIMIT + 1, 2).map(|_| ()),
        ];
        for result in refused {
            let err = result.expect_err("refused");
            assert!(err.is_bad_argument(), "{err}");
        }
        assert_eq!(
            count_primes_parallel(10, 0).map_err(|e| e.to_string()),
            Err(format!("threads must be from 1 to {MAX_WORKERS}, not 0"))
        );
        let system = Error::ThreadPool {
            threads: 2,
            reason: "no".to_owned(),
        };
        assert!(!system.is_bad_argument());
    }
}
