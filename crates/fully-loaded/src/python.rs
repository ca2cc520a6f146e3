//! What the Python programs printed, and how they print a float: our
//! results are checked against the one and printed like the other.

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

#[cfg(test)]
mod tests {
    use super::*;

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
