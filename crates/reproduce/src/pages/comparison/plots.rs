//! The comparison page's plots: time against the limit, and Rust against
//! Python.

use chapter_comparison::{Model, spaced};

use super::{PrimeRounds, PrimeRow};
use crate::Settings;
use crate::plots::{Series, YScale, line_chart};

/// The time plot (medians) and the ratio plot (paired ratios), as
/// `(file, alt text)`.
pub(super) fn plots(settings: &Settings, primes: &PrimeRounds) -> Result<Vec<(String, String)>, String> {
    let rounds = settings.rounds();
    let median_of = |row: PrimeRow| -> Vec<(f64, f64)> {
        primes
            .limits
            .iter()
            .filter_map(|&l| Some((l as f64, primes.get(l, row)?.stat()?.median)))
            .collect()
    };
    let mut series: Vec<Series> = Model::ALL
        .iter()
        .map(|&model| Series {
            label: format!("Rust {} ({})", model.heading(), model.runner_type()),
            points: median_of(PrimeRow::Model(model)),
        })
        .collect();
    series.push(Series {
        label: "Python synchronous".to_owned(),
        points: median_of(PrimeRow::PythonSync),
    });
    series.push(Series {
        label: "Python final solution (10 processes)".to_owned(),
        points: median_of(PrimeRow::PythonFinal),
    });
    let mut plots = Vec::new();
    let time_plot = "comparison-time.svg";
    if line_chart(
        &settings.out.join(time_plot),
        "Time against limit (log-log), no delay, medians",
        "limit N (numbers 1..=N)",
        "seconds",
        YScale::Log,
        &series,
    )? {
        plots.push((
            time_plot.to_owned(),
            format!(
                "Time against the limit, log-log: the medians of {rounds} rounds of Rust's four models and of \
                 Python's synchronous and final programs, from {} to {} numbers",
                primes.limits.first().map_or("-".to_owned(), |&l| spaced(l)),
                primes.limits.last().map_or("-".to_owned(), |&l| spaced(l))
            ),
        ));
    }
    let ratio = |python: PrimeRow, rust: &dyn Fn(u64) -> Option<PrimeRow>| -> Vec<(f64, f64)> {
        primes
            .limits
            .iter()
            .filter_map(|&l| {
                let r = primes.get(l, rust(l)?)?;
                Some((l as f64, r.speedup_over(primes.get(l, python)?)?.median))
            })
            .collect()
    };
    let ratios = [
        Series {
            label: "synchronous: Python time / Rust time".to_owned(),
            points: ratio(PrimeRow::PythonSync, &|_| Some(PrimeRow::Model(Model::Sync))),
        },
        Series {
            label: "final solution: Python time / best Rust runner".to_owned(),
            points: ratio(PrimeRow::PythonFinal, &|l| {
                primes.best_parallel(l).map(|(m, _)| PrimeRow::Model(m))
            }),
        },
    ];
    let ratio_plot = "python-ratio.svg";
    if line_chart(
        &settings.out.join(ratio_plot),
        "How many times faster Rust is than Python",
        "limit N",
        "Python time / Rust time",
        YScale::Linear,
        &ratios,
    )? {
        plots.push((
            ratio_plot.to_owned(),
            "How many times faster Rust is than Python against the limit: the median of the per-round ratios, \
             for the synchronous programs and for Python's final solution against the best Rust runner"
                .to_owned(),
        ));
    }
    Ok(plots)
}
