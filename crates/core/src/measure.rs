//! What every measurement needs besides a clock: how many cores it can
//! use, the median of repeated runs, and durations written as seconds.

use std::time::Duration;

// ANCHOR: cores
/// The logical processors this program may run on: the number that the
/// efficiency columns divide by and the default task counts use.
///
/// The standard library's [`std::thread::available_parallelism`] answers,
/// not the `num_cpus` crate: it also counts only the processors this
/// process is allowed to use (its CPU affinity mask, and on Linux its
/// cgroup's CPU quota, as in a container), which is what a speedup can
/// reach; and it needs no dependency. Where the system cannot say, 1: no
/// claim of parallelism is better than a wrong one. (The physical cores,
/// which the standard library does not know, come from
/// [`crate::system::physical_cores`].)
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
// ANCHOR_END: cores

/// The middle value of `values`, the upper of the two middle ones for an
/// even count, so that the median is always a value that was measured;
/// `None` when there are none. Values that do not compare (a NaN) count as
/// equal to their neighbours.
///
/// ```
/// use std::time::Duration;
/// use concurrency_core::median;
///
/// assert_eq!(median([3, 1, 2]), Some(2));
/// assert_eq!(median([4, 1, 3, 2]), Some(3));
/// assert_eq!(median(Vec::<Duration>::new()), None);
/// ```
pub fn median<T: Copy + PartialOrd>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut sorted: Vec<T> = values.into_iter().collect();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted.get(sorted.len() / 2).copied()
}

/// Durations as seconds in a float (`50.5522`), the way people read them in
/// JSON and the way the tutorial prints them. Use it on a field with
/// `#[serde(with = "concurrency_core::secs")]`, or only its `serialize`
/// with `#[serde(serialize_with = "concurrency_core::secs::serialize")]`.
pub mod secs {
    use super::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `d` as its seconds, `1.5`.
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    /// Reads seconds back into a duration; a negative or non-finite number
    /// is an error, not a panic.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let secs = f64::deserialize(d)?;
        Duration::try_from_secs_f64(secs).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_always_at_least_one_core() {
        assert!(cores() >= 1);
    }

    #[test]
    fn the_median_is_a_measured_value() {
        assert_eq!(median([0.5, 0.1, 0.3]), Some(0.3));
        assert_eq!(median([0.4, 0.1, 0.3, 0.2]), Some(0.3));
        let times = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(median(times), Some(Duration::from_millis(2)));
        assert_eq!(median(Vec::<f64>::new()), None);
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Timed {
        #[serde(with = "secs")]
        elapsed: Duration,
    }

    #[test]
    fn durations_travel_as_seconds() {
        let timed = Timed {
            elapsed: Duration::from_millis(1500),
        };
        let json = serde_json::to_string(&timed).expect("encodes");
        assert_eq!(json, r#"{"elapsed":1.5}"#);
        assert_eq!(serde_json::from_str::<Timed>(&json).expect("decodes"), timed);
        assert!(serde_json::from_str::<Timed>(r#"{"elapsed":-1.0}"#).is_err());
    }
}
