//! # Fully loaded: one heavy task per core
//!
//! The prime chapters fake a heavy computation with a sleep. The
//! "fully loaded" experiment (Bruce Eckel's "Python Performance
//! Experiments") does the opposite: a function that does nothing but
//! arithmetic, `cpu_intensive(n, multiplier)`, called once per logical
//! processor, so that every core is busy.
//!
//! The Python author measured on a 32-thread Windows desktop: 57.44 s with no
//! concurrency, 5.52 s with a `ProcessPoolExecutor` (one process per task,
//! the only way past the GIL), 0.31 s when the same function came from a
//! Rust extension, and 0.11 s for a program written entirely in Rust, whose
//! threads sent their results over a channel, printed in whatever order they
//! arrived. (A Cython version, tried too, gave wrong numbers.)
//!
//! ## What this chapter shows
//!
//! The same experiment, four ways, with one signature ([`Mode::run`]):
//!
//! - **sequential**: one task after another on one thread, the baseline;
//! - **channels**: one scoped thread per task, each sending its result on a
//!   `std::sync::mpsc` channel; the results arrive out of order, like the
//!   experiment's Rust program;
//! - **rayon**: a parallel iterator; results come back in task order and the
//!   pool, not us, decides how many threads run;
//! - **processes**: one worker process per task (Python's
//!   `ProcessPoolExecutor`, for comparison with the same function). The
//!   binary starts copies of itself in the role [`TaskWorker`], as every
//!   chapter that starts processes does (the [`concurrency_process`]
//!   crate): each gets its task as one frame on standard input and sends
//!   its one result back as one frame on standard output.
//!
//! Every mode must agree, bit for bit, with the values the Python programs
//! printed ([`PYTHON_RESULTS`]). That is only possible because the
//! polynomial is computed in exact integers, as Python's arbitrary-precision
//! `int` does: `i^3` overflows 64 bits once `i` passes about 2.6 million, so
//! we use `u128`, then convert to `f64` (rounding to nearest, as Python's
//! `int.__float__` does), take the square root, and add in order.
//!
//! ## What Rust changes
//!
//! No GIL: threads in one process use every core, so the heavy machinery of
//! processes (start-up, pipes, serialisation) buys nothing here. The
//! processes mode is there to show its cost next to threads, not because it
//! is needed.
//!
//! ```text
//! cargo run --release -p chapter-fully-loaded                     # all four modes, one task per logical CPU
//! cargo run --release -p chapter-fully-loaded -- --mode rayon --tasks 2
//! ```

use std::hint::black_box;
use std::io;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::{Align, RunError, Table, format_secs, time_it};
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The largest multiplier [`cpu_intensive`] computes exactly: up to it,
/// `i < 6 * 10^12`, so `i^3 + i^2 + i*n` stays under 2^128 for any `u64` `n`.
pub const MAX_MULTIPLIER: u64 = 600_000;

// ANCHOR: cpu_intensive
/// The experiment's `cpu_intensive(n, multiplier)`: the sum, over
/// `i = 0 .. 10_000_000 * multiplier - 1`, of `sqrt(i^3 + i^2 + i*n)`.
///
/// The polynomial is exact (`u128`: `i^3` alone passes `u64::MAX` at
/// `i` = 2 642 246), converted to `f64` with round-to-nearest
/// ([`exact_to_f64`]), square-rooted and added in order into an `f64`
/// starting at 0: the same steps, and so the same bits, as the Python
/// original.
///
/// # Panics
///
/// If `multiplier` is above [`MAX_MULTIPLIER`]: `i^3` would no longer fit
/// in a `u128` (and a task would run for days anyway).
pub fn cpu_intensive(n: u64, multiplier: u64) -> f64 {
    assert!(
        multiplier <= MAX_MULTIPLIER,
        "cpu_intensive: multiplier {multiplier} is above {MAX_MULTIPLIER}"
    );
    let n = u128::from(n);
    let mut total = 0.0_f64;
    for i in 0..10_000_000 * multiplier {
        // Widened from a u64, so the compiler knows the high half is zero
        // and `i * i` is a single multiply instruction.
        let i = u128::from(i);
        let polynomial = i * i * i + i * i + i * n;
        total += exact_to_f64(polynomial).sqrt();
    }
    total
}

/// `value as f64`, the nearest `f64` (ties to even, Python's rule for
/// `float(int)`), computed the fast way while `value < 2^85`.
///
/// x86-64 has no instruction that converts a 128-bit integer, so
/// `value as f64` is a call into the compiler's runtime library, made ten
/// million times per task. Split the value instead: the high part
/// (`value >> 32`, below 2^53) and the low 32 bits are each exactly
/// representable, so each converts with one hardware instruction and no
/// rounding; multiplying by 2^32 is exact too; and IEEE 754 addition rounds
/// the exact sum of its operands correctly. One rounding, the same one `as f64` does: the same bits, and
/// a faster loop (`cargo bench -p concurrency-benches --bench fully_loaded`
/// measures both on your machine).
#[inline]
pub fn exact_to_f64(value: u128) -> f64 {
    const TWO_POW_32: f64 = 4_294_967_296.0;
    if value >> 85 == 0 {
        // Both casts go through i64: a signed conversion is one instruction.
        let high = (value >> 32) as i64 as f64 * TWO_POW_32;
        let low = (value as u32) as i64 as f64;
        high + low
    } else {
        value as f64
    }
}
// ANCHOR_END: cpu_intensive

/// What the experiment's Python programs printed for `cpu_intensive(n, 1)`,
/// `n = 0..=31` (the same 32 values with no concurrency, with processes and
/// with the Rust extension). Our results must equal these bit for bit.
pub const PYTHON_RESULTS: [f64; 32] = [
    1.264911011363067e+17,
    1.2649110113631182e+17,
    1.2649110113631494e+17,
    1.2649110113631802e+17,
    1.2649110113632114e+17,
    1.2649110113632403e+17,
    1.2649110113632698e+17,
    1.2649110113632997e+17,
    1.26491101136333e+17,
    1.2649110113633622e+17,
    1.2649110113633933e+17,
    1.2649110113634237e+17,
    1.264911011363455e+17,
    1.2649110113634862e+17,
    1.2649110113635166e+17,
    1.264911011363548e+17,
    1.2649110113635794e+17,
    1.2649110113636128e+17,
    1.2649110113636429e+17,
    1.2649110113636734e+17,
    1.264911011363705e+17,
    1.2649110113637357e+17,
    1.2649110113637662e+17,
    1.2649110113637963e+17,
    1.2649110113638283e+17,
    1.2649110113638595e+17,
    1.264911011363889e+17,
    1.2649110113639203e+17,
    1.264911011363954e+17,
    1.2649110113639843e+17,
    1.2649110113640166e+17,
    1.264911011364046e+17,
];

/// The Python result for task `n`, when the experiment printed one (multiplier 1,
/// `n < 32`).
pub fn python_result(n: u64, multiplier: u64) -> Option<f64> {
    let index = usize::try_from(n).ok()?;
    (multiplier == 1).then(|| PYTHON_RESULTS.get(index).copied()).flatten()
}

/// The experiment: tasks `n = 0..tasks`, each `cpu_intensive(n, multiplier)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Experiment {
    /// How many tasks (the Python experiment uses one per logical processor).
    pub tasks: u64,
    /// How heavy each task is: 10 million terms per unit.
    pub multiplier: u64,
}

/// One task's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaskResult {
    /// The task's `n`.
    pub task: u64,
    /// `cpu_intensive(n, multiplier)`.
    pub value: f64,
}

/// The ways to run the experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One task after another on the main thread.
    Sequential,
    /// One thread per task, results sent over a channel as they finish.
    Channels,
    /// A rayon parallel iterator, results in task order.
    Rayon,
    /// One worker process per task, like Python's `ProcessPoolExecutor`.
    Processes,
}

impl Mode {
    /// Every mode, in the order the default run shows them.
    pub const ALL: [Mode; 4] = [Mode::Sequential, Mode::Channels, Mode::Rayon, Mode::Processes];

    /// Runs the experiment this way. `on_result` sees each result the moment
    /// the caller's thread receives it; the returned list is in that order.
    /// Worker processes, if any, run `worker_exe`: this program's own path
    /// (`std::env::current_exe()`) in the binary; tests pass the chapter's.
    pub fn run(
        self,
        experiment: Experiment,
        worker_exe: &Path,
        on_result: &mut dyn FnMut(TaskResult),
    ) -> Result<Vec<TaskResult>, RunError> {
        Ok(match self {
            Mode::Sequential => sequential(experiment, on_result),
            Mode::Channels => channels(experiment, on_result)?,
            Mode::Rayon => with_rayon(experiment, on_result),
            Mode::Processes => processes(experiment, worker_exe, on_result)?,
        })
    }

    /// The mode's name on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Channels => "channels",
            Mode::Rayon => "rayon",
            Mode::Processes => "processes",
        }
    }
}

/// One task, with its inputs hidden from the optimiser: the compiler cannot
/// see that `n` and `multiplier` are small constants, so it can neither fold
/// the loop at compile time nor share work between tasks.
fn task(n: u64, multiplier: u64) -> TaskResult {
    TaskResult {
        task: n,
        value: cpu_intensive(black_box(n), black_box(multiplier)),
    }
}

// ANCHOR: modes
fn sequential(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Vec<TaskResult> {
    let mut results = Vec::new();
    for n in 0..e.tasks {
        let result = task(n, e.multiplier);
        on_result(result);
        results.push(result);
    }
    results
}

fn channels(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Result<Vec<TaskResult>, RunError> {
    let (sender, receiver) = mpsc::channel();
    // Scoped threads: every thread is joined before `scope` returns, even if
    // one panics (the panic is then propagated here), so none can outlive
    // the experiment.
    std::thread::scope(|scope| {
        for n in 0..e.tasks {
            let sender = sender.clone();
            // A send fails only if the receiver is gone, and it lives until
            // the scope ends: ignoring the error is safe.
            let started = std::thread::Builder::new()
                .name(format!("task-{n}"))
                .spawn_scoped(scope, move || sender.send(task(n, e.multiplier)).ok());
            if let Err(source) = started {
                // The threads already started finish and are joined as the
                // scope ends; their results are dropped with the receiver.
                return Err(RunError::Io {
                    context: format!("cannot start the thread for task {n}"),
                    source,
                });
            }
        }
        // Drop our own sender, so the loop below ends once every thread has
        // sent its result and dropped its clone.
        drop(sender);
        Ok(receiver.iter().inspect(|&result| on_result(result)).collect())
    })
}

fn with_rayon(e: Experiment, on_result: &mut dyn FnMut(TaskResult)) -> Vec<TaskResult> {
    let results: Vec<TaskResult> = (0..e.tasks).into_par_iter().map(|n| task(n, e.multiplier)).collect();
    results.iter().copied().for_each(on_result);
    results
}

fn processes(e: Experiment, exe: &Path, on_result: &mut dyn FnMut(TaskResult)) -> Result<Vec<TaskResult>, RunError> {
    // Start every process first, so they all compute at once, then collect
    // the results in task order. The guard kills and reaps whatever is still
    // running if we return early, and each child exits by itself if this
    // process is killed, so no process outlives the run.
    let mut children = ChildGuard::default();
    for n in 0..e.tasks {
        let job = TaskJob {
            n,
            multiplier: e.multiplier,
        };
        children.start::<TaskWorker>(exe, &job).map_err(|source| RunError::Io {
            context: format!("cannot start the process for task {n} ({})", exe.display()),
            source,
        })?;
    }
    let mut results = Vec::new();
    // Child `index` computes task `n`: they were started in task order.
    for (index, n) in (0..e.tasks).enumerate() {
        let value = children
            .collect::<TaskWorker>(index)
            .map_err(|reason| RunError::WorkerFailed {
                worker: format!("the process of task {n}"),
                reason,
            })?;
        let result = TaskResult { task: n, value };
        on_result(result);
        results.push(result);
    }
    Ok(results)
}
// ANCHOR_END: modes

/// The role of a worker process: one task in, its result out. The binary
/// serves it ([`ROLES`]) first thing in `main`, and [`Mode::Processes`]
/// starts one copy of the binary per task in it.
#[derive(Debug)]
pub struct TaskWorker;

/// A task worker's job: `cpu_intensive(n, multiplier)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskJob {
    /// The task's `n`.
    pub n: u64,
    /// The multiplier, at most [`MAX_MULTIPLIER`].
    pub multiplier: u64,
}

impl Role for TaskWorker {
    const NAME: &'static str = "fully-loaded-task";
    type Job = TaskJob;
    /// The value. postcard sends an `f64` as its 8 raw bytes, so nothing is
    /// lost on the way: the bits the parent gets are the bits computed.
    type Reply = f64;

    fn serve(job: TaskJob, channel: &mut Channel<'_, f64>) -> io::Result<()> {
        if job.multiplier > MAX_MULTIPLIER {
            return Err(io::Error::other(format!(
                "multiplier {} is above {MAX_MULTIPLIER}",
                job.multiplier
            )));
        }
        channel.send(&task(job.n, job.multiplier).value)
    }
}

/// The roles the chapter's binary serves: pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<TaskWorker>()];

/// A finished run of one mode.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// How it ran.
    pub mode: Mode,
    /// The experiment.
    pub experiment: Experiment,
    /// The results in the order they arrived.
    pub results: Vec<TaskResult>,
    /// Wall-clock time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl Outcome {
    /// Runs and times one mode.
    pub fn measure(
        mode: Mode,
        experiment: Experiment,
        worker_exe: &Path,
        on_result: &mut dyn FnMut(TaskResult),
    ) -> Result<Outcome, RunError> {
        let (results, elapsed) = time_it(|| mode.run(experiment, worker_exe, on_result));
        Ok(Outcome {
            mode,
            experiment,
            results: results?,
            elapsed,
        })
    }

    /// The values in task order, `n = 0, 1, ...`.
    pub fn values_in_task_order(&self) -> Vec<f64> {
        let mut sorted = self.results.clone();
        sorted.sort_by_key(|r| r.task);
        sorted.iter().map(|r| r.value).collect()
    }

    /// Whether both outcomes hold the same values for the same tasks, bit for bit.
    pub fn same_bits_as(&self, other: &Outcome) -> bool {
        let bits = |o: &Outcome| o.values_in_task_order().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        bits(self) == bits(other)
    }

    /// How many results equal, bit for bit, what Python printed for the same
    /// task (only tasks the Python experiment printed are counted), out of how many.
    pub fn python_matches(&self) -> (usize, usize) {
        let known = self.results.iter().filter_map(|r| {
            let expected = python_result(r.task, self.experiment.multiplier)?;
            Some(r.value.to_bits() == expected.to_bits())
        });
        known.fold((0, 0), |(same, all), same_bits| {
            (same + usize::from(same_bits), all + 1)
        })
    }
}

/// A float printed the way Python's `repr` prints it (`1.264911011363067e+17`),
/// so our lists read exactly like the Python experiment's.
pub fn python_repr(x: f64) -> String {
    let magnitude = x.abs();
    if x != 0.0 && x.is_finite() && !(1e-4..1e16).contains(&magnitude) {
        let rust = format!("{x:e}"); // shortest round-trip digits, "1.264911011363067e17"
        let (mantissa, exponent) = rust.split_once('e').unwrap_or((&rust, "0"));
        let (sign, digits) = exponent.strip_prefix('-').map_or(("+", exponent), |d| ("-", d));
        format!("{mantissa}e{sign}{digits:0>2}")
    } else {
        format!("{x:?}")
    }
}

/// Whether every outcome agrees bit for bit with the first one and with
/// every Python result the experiment printed.
pub fn all_agree(outcomes: &[Outcome]) -> bool {
    let python_ok = |o: &Outcome| {
        let (same, known) = o.python_matches();
        same == known
    };
    outcomes.iter().all(|o| python_ok(o) && outcomes[0].same_bits_as(o))
}

/// The summary table of several outcomes, the first one being the baseline.
/// The baseline is named in the header: `sequential` in a full run.
pub fn summary(outcomes: &[Outcome]) -> Table {
    let baseline = outcomes.first();
    let baseline_name = baseline.map_or("sequential", |b| b.mode.name());
    let mut table = Table::new([
        ("Mode".to_owned(), Align::Left),
        ("Tasks".to_owned(), Align::Right),
        ("Multiplier".to_owned(), Align::Right),
        ("Elapsed".to_owned(), Align::Right),
        (format!("Speedup over {baseline_name}"), Align::Right),
        (format!("Same bits as {baseline_name}"), Align::Center),
        ("Same bits as the Python results".to_owned(), Align::Center),
    ]);
    for outcome in outcomes {
        let speedup = baseline.map_or(1.0, |b| b.elapsed.as_secs_f64() / outcome.elapsed.as_secs_f64());
        let same_as_baseline = baseline.is_some_and(|b| b.same_bits_as(outcome));
        let (same, known) = outcome.python_matches();
        let python = if known == 0 {
            "n/a".to_owned()
        } else {
            format!("{same} of {known}")
        };
        table.push_row([
            outcome.mode.name().to_owned(),
            outcome.experiment.tasks.to_string(),
            outcome.experiment.multiplier.to_string(),
            format_secs(outcome.elapsed),
            format!("x{speedup:.2}"),
            if same_as_baseline { "yes" } else { "NO" }.to_owned(),
            python,
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exactness trap: a single `f64` polynomial gives other bits.
    #[test]
    fn the_float_shortcut_would_not_match_python() {
        let float_version = |n: f64| {
            (0..10_000_000u64)
                .map(|i| i as f64)
                .map(|i| (i * i * i + i * i + i * n).sqrt())
                .sum::<f64>()
        };
        assert_ne!(float_version(0.0).to_bits(), PYTHON_RESULTS[0].to_bits());
    }

    /// `exact_to_f64` must round exactly as `as f64` does, ties included.
    /// The oracle is the compiler's own conversion; the values cover both
    /// branches, the edges of the split, and halfway cases (the low part
    /// exactly half a unit in the last place), where only ties-to-even
    /// decides.
    #[test]
    fn exact_to_f64_rounds_like_as_f64() {
        let mut values = vec![0, 1, u128::from(u32::MAX), 1 << 32, (1 << 85) - 1, 1 << 85, u128::MAX];
        // Up to 2^85, where the split applies (above, it is `as f64` itself).
        for bits in 53..=85 {
            let power = 1u128 << bits;
            // From 2^bits up, an f64 unit in the last place is 2^(bits - 52):
            // these land just below, on and just above the halfway points.
            let half_ulp = 1u128 << (bits - 53);
            for base in [power, power + 2 * half_ulp, power + 4 * half_ulp] {
                for offset in [half_ulp - 1, half_ulp, half_ulp + 1] {
                    values.push(base + offset);
                    values.push(base - offset.min(base));
                }
            }
        }
        // And a deterministic spread of ordinary values (SplitMix64).
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for _ in 0..100_000 {
            let wide = (u128::from(next()) << 64) | u128::from(next());
            values.push(wide >> (next() % 128));
        }
        for value in values {
            assert_eq!(exact_to_f64(value).to_bits(), (value as f64).to_bits(), "{value}");
        }
    }

    /// The values `cpu_intensive` actually converts, checked the same way.
    #[test]
    fn exact_to_f64_agrees_on_the_polynomials_of_the_loop() {
        for n in [0u128, 1, 31, 1023] {
            for i in (0..10_000_000u128).step_by(997).chain(9_999_990..10_000_000) {
                let polynomial = i * i * i + i * i + i * n;
                assert_eq!(
                    exact_to_f64(polynomial).to_bits(),
                    (polynomial as f64).to_bits(),
                    "i = {i}, n = {n}"
                );
            }
        }
    }

    /// Every in-process mode; the processes mode needs the chapter binary
    /// as its worker program, so `tests/processes.rs` checks it.
    #[test]
    fn every_mode_matches_python_bit_for_bit() {
        let experiment = Experiment {
            tasks: 4,
            multiplier: 1,
        };
        let no_worker = Path::new("/nonexistent");
        for mode in [Mode::Sequential, Mode::Channels, Mode::Rayon] {
            let mut seen = Vec::new();
            let outcome =
                Outcome::measure(mode, experiment, no_worker, &mut |r| seen.push(r.task)).expect("in-process mode");
            let values = outcome.values_in_task_order();
            for (n, value) in values.iter().enumerate() {
                assert_eq!(
                    value.to_bits(),
                    PYTHON_RESULTS[n].to_bits(),
                    "{mode:?}, n = {n}: {value:e}"
                );
            }
            assert_eq!(outcome.python_matches(), (4, 4), "{mode:?}");
            // The callback saw every result, in the order returned.
            let returned: Vec<u64> = outcome.results.iter().map(|r| r.task).collect();
            assert_eq!(seen, returned, "{mode:?}");
        }
    }

    #[test]
    #[should_panic(expected = "multiplier 600001 is above 600000")]
    fn a_multiplier_past_the_exact_range_is_refused_not_wrapped() {
        cpu_intensive(0, MAX_MULTIPLIER + 1);
    }

    #[test]
    fn the_largest_multiplier_keeps_the_polynomial_in_range() {
        let last = u128::from(10_000_000 * MAX_MULTIPLIER - 1);
        let n = u128::from(u64::MAX);
        let sum = last
            .checked_mul(last)
            .and_then(|sq| sq.checked_mul(last))
            .and_then(|cube| cube.checked_add(last * last)?.checked_add(last.checked_mul(n)?));
        assert!(sum.is_some(), "i^3 + i^2 + i*n overflows u128 at the last i");
    }

    #[test]
    fn python_repr_matches_pythons_formatting() {
        assert_eq!(python_repr(PYTHON_RESULTS[0]), "1.264911011363067e+17");
        assert_eq!(python_repr(PYTHON_RESULTS[8]), "1.26491101136333e+17");
        assert_eq!(python_repr(1.5), "1.5");
        assert_eq!(python_repr(0.0), "0.0");
        assert_eq!(python_repr(1e-5), "1e-05");
        assert_eq!(python_repr(1e16), "1e+16");
    }

    #[test]
    fn python_results_are_known_only_where_the_experiment_printed_them() {
        assert_eq!(python_result(31, 1), Some(PYTHON_RESULTS[31]));
        assert_eq!(python_result(32, 1), None);
        assert_eq!(python_result(0, 2), None);
    }
}
