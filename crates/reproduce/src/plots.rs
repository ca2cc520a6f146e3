//! The plots, drawn with plotters as SVG: text in an SVG is drawn by the
//! browser, so no font library is needed to build or run this.

use std::path::Path;

use plotters::prelude::*;

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

/// Draws `series` against a logarithmic x axis into the SVG file `path`.
/// Series with no positive point are left out; with nothing left, no file
/// is written and `Ok(false)` is returned.
pub fn line_chart(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    y_scale: YScale,
    series: &[Series],
) -> Result<bool, String> {
    let positive: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|s| s.points.iter().copied())
        .filter(|&(x, y)| x > 0.0 && y > 0.0 && x.is_finite() && y.is_finite())
        .collect();
    if positive.is_empty() {
        return Ok(false);
    }
    let (x_min, x_max) = bounds(positive.iter().map(|p| p.0));
    let (y_min, y_max) = bounds(positive.iter().map(|p| p.1));
    // A little room around the points, in the axis's own scale.
    let x_range = (x_min / 2.0)..(x_max * 2.0);
    let draw = |err: String| format!("cannot draw {}: {err}", path.display());

    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| draw(e.to_string()))?;
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(72);
    match y_scale {
        YScale::Log => {
            let y_range = (y_min / 2.0)..(y_max * 2.0);
            let mut chart = builder
                .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
                .map_err(|e| draw(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc(x_desc)
                .y_desc(y_desc)
                .x_label_formatter(&|x| short_number(*x))
                .y_label_formatter(&|y| short_number(*y))
                .draw()
                .map_err(|e| draw(e.to_string()))?;
            for (i, s) in series.iter().enumerate() {
                let color = Palette99::pick(i).to_rgba();
                let points: Vec<(f64, f64)> = s.points.iter().copied().filter(|&(x, y)| x > 0.0 && y > 0.0).collect();
                chart
                    .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                    .map_err(|e| draw(e.to_string()))?
                    .label(s.label.as_str())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
                chart
                    .draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                    .map_err(|e| draw(e.to_string()))?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(|e| draw(e.to_string()))?;
        }
        YScale::Linear => {
            let mut chart = builder
                .build_cartesian_2d(x_range.log_scale(), 0.0..(y_max * 1.15))
                .map_err(|e| draw(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc(x_desc)
                .y_desc(y_desc)
                .x_label_formatter(&|x| short_number(*x))
                .draw()
                .map_err(|e| draw(e.to_string()))?;
            for (i, s) in series.iter().enumerate() {
                let color = Palette99::pick(i).to_rgba();
                let points: Vec<(f64, f64)> = s.points.iter().copied().filter(|&(x, _)| x > 0.0).collect();
                chart
                    .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                    .map_err(|e| draw(e.to_string()))?
                    .label(s.label.as_str())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
                chart
                    .draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                    .map_err(|e| draw(e.to_string()))?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(|e| draw(e.to_string()))?;
        }
    }
    root.present().map_err(|e| draw(e.to_string()))?;
    Ok(true)
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// `1e5`, `0.01`, `250`: short tick labels for a logarithmic axis.
fn short_number(x: f64) -> String {
    if x >= 10_000.0 {
        format!("{x:.0e}")
    } else if x >= 1.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1e}")
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
        assert_eq!(short_number(0.01), "1.0e-2");
    }
}
