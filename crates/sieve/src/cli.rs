//! The chapter's command line: one limit, every variant, one table (or JSON).

use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{MAX_WORKERS, cores, print_err, print_out, print_table};

use crate::MAX_LIMIT;
use crate::table::{Row, measure_all, table};

/// The algorithm beats the concurrency: the primes in 1..=LIMIT counted by
/// trial division (the tutorial's algorithm) and by four sieves of
/// Eratosthenes, from the textbook one to a parallel segmented sieve with
/// a wheel, pre-sieving and buckets; each with its time (the median of
/// interleaved rounds), its speedup over trial division and over the
/// textbook sieve, the process's peak memory, and the count checked against
/// pi(10^k).
#[derive(Debug, Parser)]
#[command(name = "chapter-sieve", version)]
pub struct Cli {
    /// Count the primes in 1..=LIMIT: digits (10000000000) or a power of
    /// ten (1e10); from 1 to 10^12.
    #[arg(long, default_value = "1e9", value_parser = parse_limit)]
    pub limit: u64,

    /// Threads for the parallel variants and trial division [default: the
    /// machine's cores].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_WORKERS as u64))]
    pub threads: Option<u64>,

    /// Rounds, 1 to 50: each round runs every row once, in order, so that a
    /// busy moment lands on every row alike. A time is the median of the
    /// rounds with its spread, a speedup the median of the per-round
    /// ratios; the parallel sieve (c) is checked against (b) on one thread,
    /// and run again if it seems faster than the cores allow.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=50))]
    pub runs: u64,

    /// Print the rows as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

// ANCHOR: parse_limit
/// A limit as digits (`10000000000`, `10_000_000_000`) or as `AeB`
/// (`1e10`, `2.5e9`), whole, from 1 to [`MAX_LIMIT`].
pub fn parse_limit(text: &str) -> Result<u64, String> {
    let digits = text.trim().replace('_', "");
    let value = match digits.split_once(['e', 'E']) {
        None => digits
            .parse::<u64>()
            .map_err(|_| format!("`{text}` is not a whole number"))?,
        Some((mantissa, exponent)) => {
            let mantissa: f64 = mantissa
                .parse()
                .map_err(|_| format!("`{text}` is not a number like 1e10"))?;
            let exponent: u32 = exponent
                .parse()
                .map_err(|_| format!("`{text}` is not a number like 1e10"))?;
            let value = mantissa * 10f64.powi(exponent.min(100) as i32);
            if !(value.is_finite() && value.fract() == 0.0 && value >= 0.0) || value > MAX_LIMIT as f64 {
                return Err(format!("`{text}` is not a whole number from 1 to 1e12"));
            }
            value as u64
        }
    };
    if !(1..=MAX_LIMIT).contains(&value) {
        return Err(format!("the limit must be from 1 to 1e12 (10^12), not {value}"));
    }
    Ok(value)
}
// ANCHOR_END: parse_limit

/// Measures every variant at `--limit` and prints the table (or JSON). Exits
/// with failure when a count is wrong.
pub fn run(cli: &Cli) -> ExitCode {
    let threads = cli.threads.map_or_else(cores, |t| t as usize);
    let measurement = measure_all(cli.limit, threads, cli.runs as usize, &mut |line| {
        print_err!("measuring {line}")
    });
    let rows: &[Row] = &measurement.rows;
    if cli.json {
        match serde_json::to_string_pretty(rows) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the rows as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_out(&format!(
            "Medians of {} rounds (fastest–slowest); speedups: medians of per-round ratios.\n",
            cli.runs
        ));
        print_table(&table(rows));
        print_out(&measurement.noise().text());
    }
    let exact = rows.iter().all(Row::exact);
    if !cli.json {
        print_out(if !exact {
            "A count is WRONG or unchecked: see the check column.\n"
        } else if rows.iter().all(|row| row.checked_against == "pi") {
            "Every count exact.\n"
        } else {
            "Every count right. pi(N) is not known here: the rows marked `= primal`\n\
             were checked against the primal crate's sieve.\n"
        });
    }
    if exact { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_digits_or_powers_of_ten() {
        assert_eq!(parse_limit("1e10"), Ok(10_000_000_000));
        assert_eq!(parse_limit("10000000000"), Ok(10_000_000_000));
        assert_eq!(parse_limit("10_000"), Ok(10_000));
        assert_eq!(parse_limit("2.5e3"), Ok(2_500));
        assert_eq!(parse_limit("1e12"), Ok(MAX_LIMIT));
        for bad in [
            "0",
            "0e5",
            "-5",
            "ten",
            "1e13",
            "1000000000001",
            "1.5",
            "1.5e0",
            "1e",
            "e5",
            "1e-3",
            "",
        ] {
            assert!(parse_limit(bad).is_err(), "{bad} accepted");
        }
    }
}
