//! The CPU-bound half of "compare concurrent methods": `cpu_bound(n) =
//! sum(i * i for i in range(n))` for the 20 numbers `5_000_000 + x`.
//!
//! On the tutorial author's machine, Python took 7.42 s for them one after
//! the other and 1.37 s with a process pool. Here the same sums run one
//! after the other, on rayon's threads, and in worker processes; every sum
//! is checked against the closed form `(n-1) n (2n-1) / 6`.

use std::hint::black_box;

use rayon::prelude::*;

/// The first number of the tutorial's list.
pub const CPU_BASE: u64 = 5_000_000;
/// How many numbers: `base + 0 ..= base + 19`.
pub const CPU_COUNT: u64 = 20;

// ANCHOR: cpu_bound
/// `sum(i * i for i in range(n))`. For `n` = 5 million the sum is about
/// 4.2 * 10^19, past `u64::MAX` (Python's integers just grow): `u128`
/// holds it exactly.
pub fn cpu_bound(n: u64) -> u128 {
    let mut total = 0u128;
    for i in 0..u128::from(n) {
        // `black_box` keeps the optimiser from replacing the loop by the
        // closed form below: the point is to do the work Python did.
        let i = black_box(i);
        total += i * i;
    }
    total
}
// ANCHOR_END: cpu_bound

/// The same sum in closed form: the oracle.
pub fn sum_of_squares_below(n: u64) -> u128 {
    let n = u128::from(n);
    if n == 0 { 0 } else { (n - 1) * n * (2 * n - 1) / 6 }
}

/// The numbers `base .. base + count`.
pub fn numbers(base: u64, count: u64) -> Vec<u64> {
    (0..count).map(|x| base + x).collect()
}

/// `cpu-sequential`: one sum after the other.
pub fn sequential(numbers: &[u64]) -> Vec<u128> {
    numbers.iter().map(|&n| cpu_bound(n)).collect()
}

/// `cpu-rayon`: the sums on rayon's pool, one thread per core, results in
/// order.
pub fn with_rayon(numbers: &[u64]) -> Vec<u128> {
    numbers.par_iter().map(|&n| cpu_bound(n)).collect()
}

/// How many of `sums` equal the closed form for the matching number.
pub fn exact_sums(numbers: &[u64], sums: &[u128]) -> usize {
    numbers
        .iter()
        .zip(sums)
        .filter(|&(&n, &sum)| sum == sum_of_squares_below(n))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_agrees_with_the_closed_form() {
        for n in [0, 1, 2, 3, 10, 1000, 123_457] {
            assert_eq!(cpu_bound(n), sum_of_squares_below(n), "n = {n}");
        }
        assert_eq!(cpu_bound(4), 14); // 0 + 1 + 4 + 9
    }

    #[test]
    fn the_tutorials_sums_do_not_fit_in_64_bits() {
        assert!(sum_of_squares_below(CPU_BASE) > u128::from(u64::MAX));
    }

    #[test]
    fn sequential_and_rayon_are_exact() {
        let numbers = numbers(10_000, 20);
        assert_eq!(exact_sums(&numbers, &sequential(&numbers)), 20);
        assert_eq!(exact_sums(&numbers, &with_rayon(&numbers)), 20);
    }
}
