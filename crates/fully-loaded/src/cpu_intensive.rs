//! The experiment's one function, `cpu_intensive(n, multiplier)`, computed
//! so that every value is, bit for bit, what the Python programs printed.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::PYTHON_RESULTS;

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
}
