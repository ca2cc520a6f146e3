//! The plots, drawn with plotters as SVG: text in an SVG is drawn by the
//! browser, so no font library is needed to build or run this.

use std::path::Path;

mod stamp;
pub use stamp::stamp_run;

use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One line of a plot: a label and its points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's text.
    pub label: String,
    /// `(x, y)` points, in x order.
    pub points: Vec<(f64, f64)>,
}

/// How the y axis is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YScale {
    /// Logarithmic: times spanning several orders of magnitude.
    Log,
    /// Linear from 0: ratios.
    Linear,
}

/// The plot's width in pixels: about the width the book shows it at (its
/// content column is 750 px), so the font sizes below are the sizes a
/// reader sees.
const WIDTH: u32 = 760;
/// The height of the chart itself; the legend goes below it.
const CHART_HEIGHT: u32 = 500;
/// Font sizes as plotters takes them. Its SVG backend writes
/// `size / 1.24` as the CSS font size, so 24 is a 19 px label.
const CAPTION_FONT: u32 = 30;
const AXIS_FONT: u32 = 26;
const TICK_FONT: u32 = 24;
const LEGEND_FONT: u32 = 24;
/// One legend row, in pixels.
const LEGEND_ROW: u32 = 34;

/// The Okabe–Ito palette: told apart with every common colour-vision
/// deficiency, and no yellow, which vanishes on white. The timelines use it
/// too (`pages::lanes`).
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Dash patterns (dash, gap in pixels), so that lines differ without colour
/// too; `None` is a solid line.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((14, 7)), Some((4, 5)), Some((20, 6))];

/// How series `i` is drawn: its colour, its dash pattern and its marker.
#[derive(Debug, Clone, Copy)]
struct Look {
    color: RGBColor,
    dash: Option<(u32, u32)>,
    marker: usize,
}

impl Look {
    fn of(i: usize) -> Look {
        Look {
            color: PALETTE[i % PALETTE.len()],
            dash: DASHES[i % DASHES.len()],
            marker: i % 6,
        }
    }
}

/// Evaluates `$body` with `$shape` bound to a function that makes the
/// marker of `$look`, centred on (0, 0) in pixels: a filled circle,
/// triangle, square or diamond, a cross, or a hollow circle. (A macro,
/// because each marker is a different plotters type.)
macro_rules! with_marker {
    ($look:expr, $shape:ident => $body:expr) => {{
        let fill = $look.color.filled();
        let line = $look.color.stroke_width(3);
        match $look.marker {
            0 => {
                let $shape = || Circle::new((0, 0), 6, fill);
                $body
            }
            1 => {
                let $shape = || TriangleMarker::new((0, 0), 8, fill);
                $body
            }
            2 => {
                let $shape = || Rectangle::new([(-5, -5), (5, 5)], fill);
                $body
            }
            3 => {
                let $shape = || Polygon::new(vec![(0, -7), (7, 0), (0, 7), (-7, 0)], fill);
                $body
            }
            4 => {
                let $shape = || Cross::new((0, 0), 6, line);
                $body
            }
            _ => {
                let $shape = || Circle::new((0, 0), 6, line);
                $body
            }
        }
    }};
}

/// A series as it is drawn: its look, its label and its drawable points.
struct Drawn<'s> {
    look: Look,
    label: &'s str,
    points: Vec<(f64, f64)>,
}

/// Draws `series` against a logarithmic x axis into the SVG file `path`.
/// Series with no positive point are left out; with nothing left, no file
/// is written and `Ok(false)` is returned.
///
/// The plot is made to be read at the size the book shows it: large labels,
/// a colour-blind-safe palette, a dash pattern and a marker per series, and
/// the legend below the chart, where it cannot hide a line.
pub fn line_chart(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    y_scale: YScale,
    series: &[Series],
) -> Result<bool, String> {
    let keep = |&(x, y): &(f64, f64)| {
        x > 0.0 && x.is_finite() && y.is_finite() && (y > 0.0 || (y_scale == YScale::Linear && y >= 0.0))
    };
    // Each series keeps its look (by its place in `series`) even when an
    // earlier one is left out, so a series looks the same in every plot.
    let drawn: Vec<Drawn> = series
        .iter()
        .enumerate()
        .map(|(i, s)| Drawn {
            look: Look::of(i),
            label: &s.label,
            points: s.points.iter().copied().filter(keep).collect(),
        })
        .filter(|d| !d.points.is_empty())
        .collect();
    let all: Vec<(f64, f64)> = drawn.iter().flat_map(|d| d.points.iter().copied()).collect();
    if all.is_empty() {
        return Ok(false);
    }
    let (x_min, x_max) = bounds(all.iter().map(|p| p.0));
    let (y_min, y_max) = bounds(all.iter().map(|p| p.1));
    // A little room around the points, in the axis's own scale.
    let x_range = (x_min / 1.5)..(x_max * 1.5);
    let draw = |err: String| format!("cannot draw {}: {err}", path.display());

    let legend: Vec<(Look, &str)> = drawn.iter().map(|d| (d.look, d.label)).collect();
    let rows = legend_rows(&legend);
    let height = CHART_HEIGHT + LEGEND_ROW * rows.len() as u32 + 12;
    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| draw(e.to_string()))?;
    let (chart_area, legend_area) = root.split_vertically(CHART_HEIGHT);
    let mut builder = ChartBuilder::on(&chart_area);
    builder
        .caption(title, ("sans-serif", CAPTION_FONT))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(72)
        .y_label_area_size(100);
    match y_scale {
        YScale::Log => {
            let y_range = (y_min / 1.5)..(y_max * 1.5);
            let mut chart = builder
                .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
                .map_err(|e| draw(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc(x_desc)
                .y_desc(y_desc)
                .axis_desc_style(("sans-serif", AXIS_FONT))
                .label_style(("sans-serif", TICK_FONT))
                .x_label_formatter(&|x| short_number(*x))
                .y_label_formatter(&|y| short_number(*y))
                .light_line_style(BLACK.mix(0.04))
                .draw()
                .map_err(|e| draw(e.to_string()))?;
            for d in &drawn {
                draw_line(&mut chart, d.look, &d.points).map_err(draw)?;
            }
        }
        YScale::Linear => {
            let mut chart = builder
                .build_cartesian_2d(x_range.log_scale(), 0.0..(y_max * 1.1))
                .map_err(|e| draw(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc(x_desc)
                .y_desc(y_desc)
                .axis_desc_style(("sans-serif", AXIS_FONT))
                .label_style(("sans-serif", TICK_FONT))
                .x_label_formatter(&|x| short_number(*x))
                .y_label_formatter(&|y| short_number(*y))
                .light_line_style(BLACK.mix(0.04))
                .draw()
                .map_err(|e| draw(e.to_string()))?;
            for d in &drawn {
                draw_line(&mut chart, d.look, &d.points).map_err(draw)?;
            }
        }
    }
    draw_legend(&legend_area, &rows).map_err(draw)?;
    root.present().map_err(|e| draw(e.to_string()))?;
    Ok(true)
}

/// One series on the chart: its line (solid or dashed) and a marker on
/// every point.
fn draw_line<'a, X, Y>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    look: Look,
    points: &[(f64, f64)],
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let style = look.color.stroke_width(3);
    let drawn = match look.dash {
        None => chart
            .draw_series(LineSeries::new(points.iter().copied(), style))
            .map(|_| ()),
        Some((dash, gap)) => chart
            .draw_series(DashedLineSeries::new(points.iter().copied(), dash, gap, style))
            .map(|_| ()),
    };
    drawn.map_err(|e| e.to_string())?;
    with_marker!(look, shape => chart
        .draw_series(points.iter().map(|&p| EmptyElement::at(p) + shape()))
        .map(|_| ()))
    .map_err(|e| e.to_string())
}

/// The legend's entries laid out in rows that fit the plot's width: each
/// row holds `(x offset, look, label)`.
fn legend_rows<'s>(entries: &[(Look, &'s str)]) -> Vec<Vec<(i32, Look, &'s str)>> {
    // Text width is estimated (the browser draws the text): about 0.55 em
    // per character in a sans-serif font.
    let em = f64::from(LEGEND_FONT) / 1.24;
    let width = |label: &str| (LEGEND_SAMPLE + 10) as f64 + label.chars().count() as f64 * 0.55 * em + 28.0;
    let (left, right) = (24.0, f64::from(WIDTH) - 12.0);
    let mut rows: Vec<Vec<(i32, Look, &str)>> = Vec::new();
    let mut x = right;
    for &(look, label) in entries {
        if x + width(label) > right {
            rows.push(Vec::new());
            x = left;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x as i32, look, label));
        }
        x += width(label);
    }
    rows
}

/// The length of the line sample in front of a legend label.
const LEGEND_SAMPLE: i32 = 48;

fn draw_legend(area: &DrawingArea<SVGBackend<'_>, Shift>, rows: &[Vec<(i32, Look, &str)>]) -> Result<(), String> {
    let text = ("sans-serif", LEGEND_FONT)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (r, row) in rows.iter().enumerate() {
        let y = (LEGEND_ROW as i32) * (r as i32) + (LEGEND_ROW as i32) / 2 + 4;
        for &(x, look, label) in row {
            let (from, to) = ((x, y), (x + LEGEND_SAMPLE, y));
            let style = look.color.stroke_width(3);
            let line = match look.dash {
                None => area.draw(&PathElement::new(vec![from, to], style)),
                Some((dash, gap)) => area.draw(&DashedPathElement::new(vec![from, to], dash, gap, style)),
            };
            line.map_err(|e| e.to_string())?;
            let at = (x + LEGEND_SAMPLE / 2, y);
            with_marker!(look, shape => area.draw(&(EmptyElement::at(at) + shape()))).map_err(|e| e.to_string())?;
            area.draw(&Text::new(label, (x + LEGEND_SAMPLE + 10, y), text.clone()))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// `1e5`, `250`, `2.5`, `0.01`: short tick labels, with no trailing zeros.
fn short_number(x: f64) -> String {
    let trimmed = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    if x >= 10_000.0 || (x > 0.0 && x < 1e-4) {
        format!("{x:.0e}")
    } else if x >= 1.0 || x <= 0.0 {
        trimmed(format!("{x:.1}"))
    } else {
        // Two significant digits: 0.25, 0.01, 0.0015.
        let decimals = (-x.log10()).ceil() as usize + 1;
        trimmed(format!("{x:.decimals$}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_an_svg_with_its_labels() {
        let dir = std::env::temp_dir().join(format!("reproduce-plot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let path = dir.join("t.svg");
        let series = [
            Series {
                label: "threads".to_owned(),
                points: vec![(1e5, 0.01), (1e6, 0.1), (1e7, 2.0)],
            },
            Series {
                label: "nothing".to_owned(),
                points: vec![],
            },
        ];
        assert!(line_chart(&path, "Time", "limit", "seconds", YScale::Log, &series).expect("drawn"));
        let svg = std::fs::read_to_string(&path).expect("written");
        assert!(
            svg.starts_with("<svg") && svg.contains("threads") && svg.contains("Time"),
            "{svg}"
        );
        assert!(line_chart(&path, "Ratio", "limit", "x", YScale::Linear, &series).expect("drawn"));
        let empty = [Series {
            label: "none".to_owned(),
            points: vec![(0.0, 1.0)],
        }];
        assert!(!line_chart(&path, "Empty", "x", "y", YScale::Log, &empty).expect("nothing to draw"));
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short_number(100_000.0), "1e5");
        assert_eq!(short_number(250.0), "250");
        assert_eq!(short_number(0.01), "0.01");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(120.0), "120");
        assert_eq!(short_number(2.5), "2.5");
        assert_eq!(short_number(0.0), "0");
    }
}
