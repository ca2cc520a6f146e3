//! The Python module `concurrency_rs`: PyO3 glue over the functions of
//! `lib.rs`, compiled only with the `python` feature (maturin turns it on).
//!
//! Every function follows the same three steps:
//!
//! 1. PyO3 converts the arguments while this thread holds the GIL: a Python
//!    `int` becomes a `u64` or a `usize`, and anything else is refused before
//!    our code runs (`TypeError` for a float or a string, `OverflowError` for
//!    a negative int or one past 2^64);
//! 2. [`Python::detach`] releases the GIL and runs the closure, which sees
//!    only those Rust integers and returns Rust values. Other Python threads
//!    run meanwhile, on other cores;
//! 3. back with the GIL, PyO3 builds the result (`int`, `float`, `bool`,
//!    `list`) or raises the error ([`From<Error> for PyErr`](Error)).
//!
//! Releasing the GIL is safe here because of step 2's "only": the closure
//! must not touch a Python object, and it cannot, since it owns nothing but
//! integers. PyO3 enforces it: `detach` takes a closure that is `Send`,
//! which a `Python<'py>` token or a `Bound<'py, ...>` reference is not, so
//! a closure that tried to use one would not compile.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::Error;

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        if err.is_bad_argument() {
            PyValueError::new_err(err.to_string())
        } else {
            PyRuntimeError::new_err(err.to_string())
        }
    }
}

// ANCHOR: detach
/// The sum, over i = 0 .. 10_000_000 * multiplier - 1, of sqrt(i**3 + i**2 + i*n),
/// exactly as the "fully loaded" experiment's Python computes it: the same float,
/// bit for bit. Computed with the GIL released.
#[pyfunction]
#[pyo3(signature = (n, multiplier = 1))]
fn cpu_intensive(py: Python<'_>, n: u64, multiplier: u64) -> PyResult<f64> {
    // `n` and `multiplier` are plain u64s: nothing in the closure belongs to
    // Python, so the GIL can go while it runs.
    let value = py.detach(|| crate::cpu_intensive(n, multiplier))?;
    Ok(value)
}
// ANCHOR_END: detach

/// [cpu_intensive(n, multiplier) for n in range(tasks)], computed on a pool of
/// `threads` Rust threads (rayon) with the GIL released; the list is in task order.
#[pyfunction]
fn cpu_intensive_parallel(py: Python<'_>, tasks: u64, multiplier: u64, threads: usize) -> PyResult<Vec<f64>> {
    Ok(py.detach(|| crate::cpu_intensive_parallel(tasks, multiplier, threads))?)
}

/// Whether n is prime, by the chapters' trial division. Computed with the GIL released.
#[pyfunction]
fn is_prime(py: Python<'_>, n: u64) -> bool {
    py.detach(|| crate::is_prime(n))
}

/// How many primes lie in start..=limit (0 when start > limit), by trial division on
/// the calling thread, with the GIL released: call it from several Python threads,
/// on parts of a range, and they count on several cores.
#[pyfunction]
#[pyo3(signature = (limit, start = 1))]
fn count_primes(py: Python<'_>, limit: u64, start: u64) -> PyResult<u64> {
    Ok(py.detach(|| crate::count_primes(limit, start))?)
}

/// The primes of 1..=limit, in a list (limit at most MAX_PRIMES_LIMIT).
/// Computed with the GIL released; the list is built after, with it.
#[pyfunction]
fn primes(py: Python<'_>, limit: u64) -> PyResult<Vec<u64>> {
    Ok(py.detach(|| crate::primes(limit))?)
}

/// How many primes lie in 1..=limit, counted on a pool of `threads` Rust threads
/// (rayon, work stealing) with the GIL released.
#[pyfunction]
fn count_primes_parallel(py: Python<'_>, limit: u64, threads: usize) -> PyResult<u64> {
    Ok(py.detach(|| crate::count_primes_parallel(limit, threads))?)
}

/// Panics on purpose, with the GIL released. Not part of the lesson's API: the tests
/// call it to check that a panic in Rust reaches Python as an exception (PyO3's
/// PanicException) and that the interpreter goes on afterwards.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, message: String) {
    py.detach(move || panic!("{message}"))
}

/// The Rust chapters' trial division and the "fully loaded" cpu_intensive, every
/// function computing with the GIL released, so that Python threads run them in
/// parallel.
///
/// `gil_used = false` (PyO3's default since 0.28, said here so no upgrade can
/// change it): the module declares that it needs no GIL, so importing it into
/// a free-threaded Python (PEP 703: `python3.14t`) leaves the GIL off. Without
/// it, that interpreter would turn the GIL back on at import, with a
/// warning. It is true: every function computes on Rust integers it owns,
/// with the GIL released even on the default build, and the module has no
/// state of its own.
#[pymodule(gil_used = false)]
fn concurrency_rs(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cpu_intensive, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_intensive_parallel, m)?)?;
    m.add_function(wrap_pyfunction!(is_prime, m)?)?;
    m.add_function(wrap_pyfunction!(count_primes, m)?)?;
    m.add_function(wrap_pyfunction!(primes, m)?)?;
    m.add_function(wrap_pyfunction!(count_primes_parallel, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_MULTIPLIER", crate::MAX_MULTIPLIER)?;
    m.add("MAX_TASKS", crate::MAX_TASKS)?;
    m.add("MAX_LIMIT", concurrency_core::MAX_LIMIT)?;
    m.add("MAX_PRIMES_LIMIT", crate::MAX_PRIMES_LIMIT)?;
    m.add("MAX_THREADS", concurrency_core::MAX_WORKERS)?;
    Ok(())
}
