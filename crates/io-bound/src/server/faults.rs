//! The fault knobs: which share of the requests meets which fault, decided
//! from the request's number alone, so that the same request always meets
//! the same fault and a test can count in advance the failures each mode
//! must report.

use std::time::Duration;

use serde::Serialize;

/// What can go wrong with a request, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fault {
    /// Answered `500 Internal Server Error`.
    ServerError,
    /// Answered only after [`Faults::slow`]: longer than a client's timeout,
    /// the client gives up first.
    Slow,
    /// The connection is closed without an answer.
    Dropped,
}

/// The fault knobs: which share of the requests meets each fault.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Faults {
    /// Share of requests answered 500, in `0.0..=1.0`.
    pub error_share: f64,
    /// Share of requests answered after `slow`.
    pub slow_share: f64,
    /// Share of requests whose connection is dropped.
    pub drop_share: f64,
    /// How long a slow request waits before its answer.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub slow: Duration,
}

impl Faults {
    /// No faults at all.
    pub const NONE: Faults = Faults {
        error_share: 0.0,
        slow_share: 0.0,
        drop_share: 0.0,
        slow: Duration::from_secs(10),
    };

    // ANCHOR: fault_for
    /// The fault request number `n` meets, if any. A pure function of `n`
    /// and the shares: a hash of `n` gives a number in `[0, 1)`, and the
    /// shares split that interval (500s first, then slow, then dropped).
    pub fn fault_for(&self, n: u64) -> Option<Fault> {
        let u = unit_interval(n);
        let mut bound = self.error_share;
        if u < bound {
            return Some(Fault::ServerError);
        }
        bound += self.slow_share;
        if u < bound {
            return Some(Fault::Slow);
        }
        bound += self.drop_share;
        (u < bound).then_some(Fault::Dropped)
    }
    // ANCHOR_END: fault_for

    /// Whether any knob is on.
    pub fn any(&self) -> bool {
        self.error_share > 0.0 || self.slow_share > 0.0 || self.drop_share > 0.0
    }
}

/// `n` scrambled (splitmix64's finaliser) into `[0, 1)`, so that neighbouring
/// request numbers meet unrelated faults.
fn unit_interval(n: u64) -> f64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_follow_the_shares() {
        let faults = Faults {
            error_share: 0.1,
            slow_share: 0.2,
            drop_share: 0.3,
            slow: Duration::from_secs(1),
        };
        let mut seen = [0u32; 4];
        for n in 0..100_000 {
            let slot = match faults.fault_for(n) {
                Some(Fault::ServerError) => 0,
                Some(Fault::Slow) => 1,
                Some(Fault::Dropped) => 2,
                None => 3,
            };
            seen[slot] += 1;
        }
        for (count, share) in seen.iter().zip([0.1, 0.2, 0.3, 0.4]) {
            let observed = f64::from(*count) / 100_000.0;
            assert!((observed - share).abs() < 0.01, "{seen:?}");
        }
        assert_eq!(Faults::NONE.fault_for(7), None);
        // Pure: the same request meets the same fault.
        assert_eq!(faults.fault_for(42), faults.fault_for(42));
    }
}
