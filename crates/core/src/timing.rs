//! The tutorial's `@time_it` decorator, as a function.

use std::time::{Duration, Instant};

/// Runs `f` and returns its result with the wall-clock time it took.
///
/// ```
/// use concurrency_core::time_it;
/// let (sum, elapsed) = time_it(|| (1..=10u64).sum::<u64>());
/// assert_eq!(sum, 55);
/// assert!(elapsed.as_secs() < 1);
/// ```
pub fn time_it<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

/// A duration the way the tutorial prints it: `50.5522 sec`.
pub fn format_secs(d: Duration) -> String {
    format!("{:.4} sec", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_it_measures_a_sleep() {
        let ((), elapsed) = time_it(|| std::thread::sleep(Duration::from_millis(30)));
        assert!(elapsed >= Duration::from_millis(30));
    }

    #[test]
    fn formats_like_the_tutorial() {
        assert_eq!(format_secs(Duration::from_micros(50_552_200)), "50.5522 sec");
    }
}
