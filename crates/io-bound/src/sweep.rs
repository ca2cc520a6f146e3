//! The thread-count sweep: `thread_optimize` of "compare concurrent methods".
//!
//! The tutorial ran its threaded download with 1, 2, ..., 999 threads and
//! plotted the duration against the number of threads: it fell steadily up
//! to about 48 threads, then wobbled. Against a server that answers after a
//! fixed latency the shape is predictable: `requests / threads` rounds of
//! one latency each, so the time falls like `1 / threads` until every
//! request has its own thread, and is flat (plus the cost of the threads)
//! beyond. The sweep here is bounded (`--max-threads`, a dozen points by
//! default) so it ends in seconds.

use std::fs;
use std::io;
use std::path::Path;
use std::time::Duration;

use concurrency_core::{Align, RunError, Table, format_secs, time_it};
use plotters::prelude::*;
use serde::Serialize;

use crate::client::{Plan, Tally};
use crate::modes;

/// One point of the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    /// Threads in the pool.
    pub threads: usize,
    /// How long the plan took.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub elapsed: Duration,
    /// What the requests came to.
    pub tally: Tally,
}

/// The sweep's default largest thread count: a dozen points of the ladder,
/// seconds in all (the Python tutorial went to 999, one run per count).
pub const MAX_THREADS: usize = 64;

/// The thread counts tried up to `max`: every count with `every`, otherwise
/// a 1-2-3-4-6-8 ladder (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, ...) and `max`.
pub fn thread_counts(max: usize, every: bool) -> Vec<usize> {
    if every {
        return (1..=max).collect();
    }
    let mut counts: Vec<usize> = (0..)
        .map(|k: u32| {
            1usize
                .checked_shl(k / 2)
                .map(|p| if k.is_multiple_of(2) { p } else { p + p / 2 })
        })
        .take_while(|c| c.is_some_and(|c| c < max))
        .flatten()
        .collect();
    counts.dedup();
    counts.push(max);
    counts
}

// ANCHOR: sweep
/// Runs the threads mode once per thread count and returns the points.
/// `on_point` sees each as it is measured.
pub fn sweep(plan: &Plan, counts: &[usize], on_point: &mut dyn FnMut(&Point)) -> Result<Vec<Point>, RunError> {
    let mut points = Vec::with_capacity(counts.len());
    for &threads in counts {
        let (tally, elapsed) = time_it(|| modes::threads(plan, threads));
        let point = Point {
            threads,
            elapsed,
            tally: tally?,
        };
        on_point(&point);
        points.push(point);
    }
    Ok(points)
}
// ANCHOR_END: sweep

/// The fastest point (the first of equals), if any.
pub fn best(points: &[Point]) -> Option<&Point> {
    points.iter().min_by_key(|p| p.elapsed)
}

/// The points as a table.
pub fn table(points: &[Point]) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Elapsed", Align::Right),
        ("Pages", Align::Right),
        ("Errors", Align::Left),
    ]);
    for p in points {
        table.push_row([
            p.threads.to_string(),
            format_secs(p.elapsed),
            p.tally.ok.to_string(),
            p.tally.describe_errors(),
        ]);
    }
    table
}

/// The points as CSV: `threads,seconds,pages,errors`.
pub fn csv(points: &[Point]) -> String {
    let mut text = String::from("threads,seconds,pages,errors\n");
    for p in points {
        text.push_str(&format!(
            "{},{:.6},{},{}\n",
            p.threads,
            p.elapsed.as_secs_f64(),
            p.tally.ok,
            p.tally.errors()
        ));
    }
    text
}

/// Writes `text` to `path`, creating its folder. An error names the path
/// it is about (`cannot create the folder results/x.csv: File exists`).
pub fn write_file(path: &Path, text: &str) -> io::Result<()> {
    create_parent(path)?;
    fs::write(path, text).map_err(|err| named(err, format!("cannot write {}", path.display())))
}

/// Creates the folder `path` goes in, if it has one.
fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => fs::create_dir_all(parent)
            .map_err(|err| named(err, format!("cannot create the folder {}", parent.display()))),
        None => Ok(()),
    }
}

/// `err`, its kind kept, its message preceded by what failed.
fn named(err: io::Error, what: String) -> io::Error {
    io::Error::new(err.kind(), format!("{what}: {err}"))
}

// ANCHOR: plot
/// Draws duration against threads as an SVG file at `path` (plotters'
/// SVG backend: no system fonts or image libraries needed). The plot is
/// 760 px wide, about the width the book shows it at, so its labels are
/// sized for that: plotters writes a font size of `n` as `n / 1.24` px.
pub fn plot(points: &[Point], title: &str, path: &Path) -> io::Result<()> {
    create_parent(path)?;
    let max_threads = points.iter().map(|p| p.threads).max().unwrap_or(1);
    let max_secs = points.iter().map(|p| p.elapsed.as_secs_f64()).fold(0.0, f64::max);
    let drawing = || -> Result<(), Box<dyn std::error::Error>> {
        // Blue of the Okabe-Ito palette, which colour-blind readers see too.
        let blue = RGBColor(0x00, 0x72, 0xB2);
        let root = SVGBackend::new(path, (760, 480)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 30))
            .margin(12)
            .margin_right(28)
            .x_label_area_size(72)
            .y_label_area_size(100)
            .build_cartesian_2d(0..max_threads + 1, 0.0..max_secs * 1.1 + 1e-3)?;
        chart
            .configure_mesh()
            .x_desc("threads")
            .y_desc("duration (s)")
            .y_labels(6)
            .axis_desc_style(("sans-serif", 26))
            .label_style(("sans-serif", 24))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        let xy = || points.iter().map(|p| (p.threads, p.elapsed.as_secs_f64()));
        chart.draw_series(LineSeries::new(xy(), blue.stroke_width(3)))?;
        chart.draw_series(xy().map(|(x, y)| Circle::new((x, y), 5, blue.filled())))?;
        root.present()?;
        Ok(())
    };
    drawing().map_err(|err| io::Error::other(format!("cannot draw {}: {err}", path.display())))
}
// ANCHOR_END: plot

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_is_bounded_and_ends_at_max() {
        assert_eq!(thread_counts(64, false), [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
        assert_eq!(thread_counts(10, false), [1, 2, 3, 4, 6, 8, 10]);
        assert_eq!(thread_counts(1, false), [1]);
        assert_eq!(thread_counts(5, true), [1, 2, 3, 4, 5]);
    }

    #[test]
    fn csv_and_plot_are_written() {
        let points: Vec<Point> = [(1, 400), (2, 210), (4, 120)]
            .iter()
            .map(|&(threads, ms)| Point {
                threads,
                elapsed: Duration::from_millis(ms),
                tally: Tally {
                    ok: 160,
                    ..Tally::default()
                },
            })
            .collect();
        assert_eq!(best(&points).map(|p| p.threads), Some(4));
        let text = csv(&points);
        assert!(
            text.starts_with("threads,seconds,pages,errors\n1,0.400000,160,0\n"),
            "{text}"
        );
        let dir = std::env::temp_dir().join(format!("io-bound-sweep-{}", std::process::id()));
        let svg = dir.join("sweep.svg");
        plot(&points, "test", &svg).expect("an SVG");
        let drawn = fs::read_to_string(&svg).expect("readable");
        assert!(drawn.contains("<svg") && drawn.contains("threads"), "{drawn}");
        let _ = fs::remove_dir_all(&dir);
    }
}
