//! Drawing a timeline: a row (lane) of bars per worker, time across, a
//! colour per process and thread. The delay chapters' timelines and the
//! multithreading page's CPU timelines are drawn here.

use std::path::Path;

use concurrency_core::Span;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plots::PALETTE;

/// The picture's width in pixels, about the book's column (as in `plots`).
const WIDTH: u32 = 760;
/// Pixels per worker row, and above and below the rows.
const ROW: u32 = 46;
const CHART_EXTRA: u32 = 140;
/// One legend line, in pixels; the legend has two columns.
const LEGEND_ROW: u32 = 32;
/// Font sizes as plotters takes them (it writes `size / 1.24` as CSS px).
const CAPTION_FONT: u32 = 26;
const LABEL_FONT: u32 = 24;

/// One row of the picture: a worker's name and its spans.
pub(crate) struct Lane<'a> {
    pub(crate) name: &'a str,
    pub(crate) spans: &'a [Span],
}

/// The time axis. By default it starts at the first span and ends just
/// after the last; pictures meant to be compared share one axis by giving
/// the same `origin_us` and `x_max`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Axis {
    /// The time 0 of the axis, in the spans' microseconds.
    pub(crate) origin_us: Option<u64>,
    /// The right end of the axis, in seconds since the origin.
    pub(crate) x_max: Option<f64>,
}

/// Who ran a span: a process and one of its threads.
fn checker(span: &Span) -> (u32, String) {
    (span.pid, span.thread.clone())
}

/// `count` colours, all different: the palette while it lasts, otherwise
/// hues spread evenly around the colour wheel (a colour reused would say
/// that two processes were one).
/// The palette is `plots`' (Okabe–Ito), told apart with every common
/// colour-vision deficiency.
fn colours(count: usize) -> Vec<RGBColor> {
    if count <= PALETTE.len() {
        return PALETTE[..count].to_vec();
    }
    (0..count)
        .map(|k| {
            let (r, g, b) = HSLColor(k as f64 / count as f64, 0.75, 0.42).rgb();
            RGBColor(r, g, b)
        })
        .collect()
}

/// Draws `lanes` into the SVG file `path`: Worker-1's lane on top (every
/// lane named, even one with no span), seconds since the axis's origin
/// across, a colour per (process, thread), and a legend naming each.
pub(crate) fn draw_lanes(path: &Path, title: &str, lanes: &[Lane<'_>], axis: Axis) -> Result<(), String> {
    let spans = lanes.iter().flat_map(|lane| lane.spans.iter());
    let start = axis
        .origin_us
        .unwrap_or_else(|| spans.clone().map(|s| s.start_us).min().unwrap_or(0));
    let end = spans.clone().map(|s| s.end_us).max().unwrap_or(start);
    let mut checkers: Vec<(u32, String)> = Vec::new();
    for span in spans {
        if !checkers.contains(&checker(span)) {
            checkers.push(checker(span));
        }
    }
    let palette = colours(checkers.len());
    let colour_of = |span: &Span| {
        let k = checkers.iter().position(|c| *c == checker(span)).unwrap_or(0);
        palette.get(k).copied().unwrap_or(BLACK)
    };
    let secs = |us: u64| us.saturating_sub(start) as f64 / 1e6;
    let x_max = axis.x_max.unwrap_or_else(|| secs(end).max(1e-3) * 1.02);
    let rows = lanes.len().max(1);
    let legend_lines = checkers.len().div_ceil(2) as u32;
    let chart_height = CHART_EXTRA + ROW * rows as u32;
    let height = chart_height + LEGEND_ROW * legend_lines + 16;
    let fail = |err: String| format!("cannot draw {}: {err}", path.display());

    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
    let (chart_area, legend_area) = root.split_vertically(chart_height);
    let mut chart = ChartBuilder::on(&chart_area)
        .caption(title, ("sans-serif", CAPTION_FONT))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(64)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0..x_max, -0.5..(rows as f64 - 0.5))
        .map_err(|e| fail(e.to_string()))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(if axis.origin_us.is_some() {
            "seconds since the run started"
        } else {
            "seconds since the first number started"
        })
        .axis_desc_style(("sans-serif", LABEL_FONT))
        .label_style(("sans-serif", LABEL_FONT))
        .light_line_style(BLACK.mix(0.04))
        .draw()
        .map_err(|e| fail(e.to_string()))?;

    let px_per_sec = f64::from(chart.backend_coord(&(x_max, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0) / x_max;
    // Worker-1 on top: row i is drawn at y = rows - 1 - i.
    let y_of = |i: usize| (rows - 1 - i) as f64;
    for (i, lane) in lanes.iter().enumerate() {
        let corners = |span: &Span| {
            [
                (secs(span.start_us), y_of(i) - 0.32),
                (secs(span.end_us), y_of(i) + 0.32),
            ]
        };
        let bars = lane
            .spans
            .iter()
            .map(|span| Rectangle::new(corners(span), colour_of(span).filled()));
        chart.draw_series(bars).map_err(|e| fail(e.to_string()))?;
        // A white edge, so back-to-back spans stay apart; not on a span a
        // few pixels wide, which the edge would wash out.
        let wide = |span: &&Span| (secs(span.end_us) - secs(span.start_us)) * px_per_sec > 4.0;
        let edges = lane
            .spans
            .iter()
            .filter(wide)
            .map(|span| Rectangle::new(corners(span), WHITE.stroke_width(1)));
        chart.draw_series(edges).map_err(|e| fail(e.to_string()))?;
        // The worker's name, left of its row, in the label area.
        let (x, y) = chart.backend_coord(&(0.0, y_of(i)));
        let style = ("sans-serif", LABEL_FONT)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(lane.name.to_owned(), (x - 10, y), style))
            .map_err(|e| fail(e.to_string()))?;
    }

    let half = (WIDTH / 2) as i32;
    for (k, (pid, thread)) in checkers.iter().enumerate() {
        let (column, line) = ((k % 2) as i32, (k / 2) as i32);
        let (x, y) = (24 + column * half, 8 + line * LEGEND_ROW as i32);
        legend_area
            .draw(&Rectangle::new([(x, y + 4), (x + 24, y + 24)], palette[k].filled()))
            .map_err(|e| fail(e.to_string()))?;
        let style = ("sans-serif", LABEL_FONT).into_font().color(&BLACK);
        legend_area
            .draw(&Text::new(
                format!("pid {pid}, thread {thread}"),
                (x + 34, y + 2),
                style,
            ))
            .map_err(|e| fail(e.to_string()))?;
    }
    root.present().map_err(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_processes_get_ten_different_colours() {
        for count in [1, 7, 10, 16] {
            let mut all = colours(count);
            assert_eq!(all.len(), count);
            all.sort_by_key(|c| (c.0, c.1, c.2));
            all.dedup();
            assert_eq!(all.len(), count, "a colour reused among {count}");
        }
    }
}
