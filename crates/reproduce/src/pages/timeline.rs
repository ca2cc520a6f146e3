//! What ran when: a small run of each runner type, drawn as a timeline.
//!
//! The delay chapters' tables say how long a run took; they cannot show the
//! tutorial's point, which is about *when* each worker worked: in the
//! synchronous run Worker-2 never works, async tasks take turns on one
//! thread, threads overlap, processes have their own PIDs. A timeline shows
//! it: one row per worker, time across, one bar per number (from the start
//! of its forced delay to the end of its check), coloured by the thread and
//! process that checked it.
//!
//! Each picture is one run of `NUMBERS` numbers at `DELAY` with the
//! tutorial's worker count, made with
//! [`Job::with_timeline`](concurrency_core::Job::with_timeline); the timed
//! rounds of the pages leave the timeline off. The SVG goes next to the
//! results page (`timeline-<chapter>-<runner type>.svg`), and the page lists
//! what made it.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use concurrency_core::{Job, RunReport, TaskRunner, Verdict};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Page;

/// The numbers of a timeline run: few enough to see each bar.
pub(crate) const NUMBERS: u64 = 20;
/// Its forced delay: the tutorial's, so a bar is mostly the delay.
pub(crate) const DELAY: Duration = Duration::from_millis(50);

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

/// The Okabe–Ito palette, as in `plots`: one colour per thread or process.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
];

/// One picture to make: a runner, its worker count, and the chapter whose
/// page lists it.
pub(crate) struct Picture<'a> {
    pub(crate) chapter: &'a str,
    pub(crate) runner: &'a dyn TaskRunner,
    pub(crate) workers: usize,
}

impl Picture<'_> {
    /// `timeline-async-simple.svg`; the runner's name tells two runtimes
    /// of one runner type apart (`-multi-thread`).
    fn file_name(&self, suffix: &str) -> String {
        let kind = self.runner.runner_type().to_lowercase().replace('_', "-");
        format!("timeline-{}-{kind}{suffix}.svg", self.chapter)
    }
}

/// Runs each picture's small job with a timeline, draws it into `out`, and
/// adds the files to `page` with a section that says which run made each
/// one. A wrong count or a failed run marks the page not ok.
pub(crate) fn add_timelines(page: &mut Page, out: &Path, pictures: &[(Picture<'_>, &str)]) {
    let mut section = format!(
        "\n#### What ran when\n\nEach timeline is one run of the numbers 1..={NUMBERS} at {} ms \
         per number, recorded with `Job::with_timeline` (the timed rounds above record nothing): \
         a row per worker, a bar per number from the start of its delay to the end of its check, \
         coloured by the process and thread that checked it.\n\n",
        DELAY.as_millis()
    );
    for (picture, suffix) in pictures {
        let file = picture.file_name(suffix);
        let job = Job::new(NUMBERS, picture.workers, DELAY).with_timeline();
        let label = format!("{} {}", picture.runner.runner_type(), picture.workers);
        let outcome = picture.runner.run(&job).map_err(|e| e.to_string()).and_then(|report| {
            check(&report)?;
            let title = format!(
                "{}: {label}, 1..={NUMBERS} at {} ms",
                picture.runner.name(),
                DELAY.as_millis()
            );
            draw(&out.join(&file), &title, &report)?;
            Ok(report)
        });
        match outcome {
            Ok(report) => {
                let _ = writeln!(
                    section,
                    "- [`{file}`](results/{file}): {} ({label}), {:.2} s, {}; {}.",
                    picture.runner.name(),
                    report.elapsed.as_secs_f64(),
                    report.verdict(),
                    report.note()
                );
                page.plots.push(file);
            }
            Err(why) => {
                let _ = writeln!(section, "- **`{file}` failed:** {why}");
                page.ok = false;
            }
        }
    }
    page.body.push_str(&section);
}

/// A timeline is worth drawing only if the run was right and every number
/// has its span.
fn check(report: &RunReport) -> Result<(), String> {
    if !matches!(report.verdict(), Verdict::Exact { .. }) {
        return Err(format!("the count is wrong: {}", report.verdict()));
    }
    for worker in &report.workers {
        if worker.spans.len() as u64 != worker.processed {
            return Err(format!(
                "{} checked {} numbers but recorded {} spans",
                worker.name,
                worker.processed,
                worker.spans.len()
            ));
        }
    }
    Ok(())
}

/// Who checked a number: a process and one of its threads.
fn checker(span: &concurrency_core::Span) -> (u32, String) {
    (span.pid, span.thread.clone())
}

/// Draws `report`'s spans into the SVG file `path`: a row per worker
/// (Worker-1 on top, every worker named even if it has no span), seconds
/// since the run's first span across, a colour per (process, thread).
pub(crate) fn draw(path: &Path, title: &str, report: &RunReport) -> Result<(), String> {
    let spans = report.workers.iter().flat_map(|w| w.spans.iter());
    let start = spans.clone().map(|s| s.start_us).min().unwrap_or(0);
    let end = spans.clone().map(|s| s.end_us).max().unwrap_or(start);
    let mut checkers: Vec<(u32, String)> = Vec::new();
    for span in spans {
        if !checkers.contains(&checker(span)) {
            checkers.push(checker(span));
        }
    }
    let secs = |us: u64| (us - start) as f64 / 1e6;
    let x_max = secs(end).max(1e-3) * 1.02;
    let rows = report.workers.len().max(1);
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
        .x_desc("seconds since the first number started")
        .axis_desc_style(("sans-serif", LABEL_FONT))
        .label_style(("sans-serif", LABEL_FONT))
        .light_line_style(BLACK.mix(0.04))
        .draw()
        .map_err(|e| fail(e.to_string()))?;

    // Worker-1 on top: row i is drawn at y = rows - 1 - i.
    let y_of = |i: usize| (rows - 1 - i) as f64;
    for (i, worker) in report.workers.iter().enumerate() {
        let bars = worker.spans.iter().map(|span| {
            let colour = colour_of(&checkers, span);
            let corners = [
                (secs(span.start_us), y_of(i) - 0.32),
                (secs(span.end_us), y_of(i) + 0.32),
            ];
            Rectangle::new(corners, colour.filled())
        });
        chart.draw_series(bars).map_err(|e| fail(e.to_string()))?;
        // A white edge, so back-to-back numbers stay apart.
        let edges = worker.spans.iter().map(|span| {
            let corners = [
                (secs(span.start_us), y_of(i) - 0.32),
                (secs(span.end_us), y_of(i) + 0.32),
            ];
            Rectangle::new(corners, WHITE.stroke_width(1))
        });
        chart.draw_series(edges).map_err(|e| fail(e.to_string()))?;
        // The worker's name, left of its row, in the label area.
        let (x, y) = chart.backend_coord(&(0.0, y_of(i)));
        let style = ("sans-serif", LABEL_FONT)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(worker.name.clone(), (x - 10, y), style))
            .map_err(|e| fail(e.to_string()))?;
    }

    let half = (WIDTH / 2) as i32;
    for (k, (pid, thread)) in checkers.iter().enumerate() {
        let (column, line) = ((k % 2) as i32, (k / 2) as i32);
        let (x, y) = (24 + column * half, 8 + line * LEGEND_ROW as i32);
        let colour = PALETTE[k % PALETTE.len()];
        legend_area
            .draw(&Rectangle::new([(x, y + 4), (x + 24, y + 24)], colour.filled()))
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

fn colour_of(checkers: &[(u32, String)], span: &concurrency_core::Span) -> RGBColor {
    let k = checkers
        .iter()
        .position(|c| c.0 == span.pid && c.1 == span.thread)
        .unwrap_or(0);
    PALETTE[k % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chapter_sync::SyncTaskRunner;

    fn sync_run(timeline: bool) -> RunReport {
        let job = Job::new(20, 2, Duration::from_millis(1));
        let job = if timeline { job.with_timeline() } else { job };
        SyncTaskRunner::new()
            .run(&job)
            .expect("the synchronous run cannot fail")
    }

    #[test]
    fn the_sync_runner_records_a_span_per_number_one_after_the_other() {
        let report = sync_run(true);
        assert_eq!(report.verdict(), Verdict::Exact { count: 8 });
        let [first, second] = report.workers.as_slice() else {
            panic!("two workers");
        };
        // The tutorial's lesson: Worker-2 never works.
        assert_eq!(first.spans.len(), 20);
        assert!(second.spans.is_empty());
        assert!(
            first
                .spans
                .iter()
                .all(|s| s.start_us < s.end_us && s.thread == first.thread)
        );
        for pair in first.spans.windows(2) {
            assert!(pair[0].end_us <= pair[1].start_us, "overlap: {pair:?}");
        }
        assert!(check(&report).is_ok());
    }

    /// Whether some span of one worker overlaps some span of another.
    fn workers_overlap(report: &RunReport) -> bool {
        let spans: Vec<(usize, &concurrency_core::Span)> = report
            .workers
            .iter()
            .enumerate()
            .flat_map(|(i, w)| w.spans.iter().map(move |s| (i, s)))
            .collect();
        spans.iter().any(|(i, a)| {
            spans
                .iter()
                .any(|(j, b)| i != j && a.start_us < b.end_us && b.start_us < a.end_us)
        })
    }

    #[test]
    fn async_tasks_overlap_on_one_thread_and_threads_overlap_on_several() {
        use chapter_async::{AsyncRuntime, AsyncTaskRunner, RunnerType};
        use chapter_multithread::MultiThreadTaskRunner;
        // 20 ms delays: three workers sleeping side by side overlap for
        // most of each delay, however busy the machine.
        let job = Job::new(9, 3, Duration::from_millis(20)).with_timeline();
        let tasks = AsyncTaskRunner::new(RunnerType::Simple, AsyncRuntime::TokioCurrentThread)
            .run(&job)
            .expect("the async run");
        assert!(check(&tasks).is_ok());
        let threads: Vec<&str> = tasks
            .workers
            .iter()
            .flat_map(|w| w.spans.iter().map(|s| s.thread.as_str()))
            .collect();
        assert!(threads.windows(2).all(|t| t[0] == t[1]), "one thread: {threads:?}");
        assert!(workers_overlap(&tasks), "tasks interleave");

        let pool = MultiThreadTaskRunner::new(chapter_multithread::RunnerType::ThreadPool)
            .run(&job)
            .expect("the threaded run");
        assert!(check(&pool).is_ok());
        let mut names: Vec<&str> = pool
            .workers
            .iter()
            .flat_map(|w| w.spans.iter().map(|s| s.thread.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        assert!(names.len() > 1, "several threads: {names:?}");
        assert!(workers_overlap(&pool), "threads overlap");
    }

    #[test]
    fn without_a_timeline_nothing_is_recorded() {
        let report = sync_run(false);
        assert!(report.workers.iter().all(|w| w.spans.is_empty()));
        assert!(check(&report).is_err(), "a run without spans is no picture");
        let json = serde_json::to_string(&report).expect("a report serializes");
        assert!(json.contains(r#""spans":[]"#), "{json}");
    }

    #[test]
    fn the_svg_is_written_and_names_every_worker() {
        let dir = std::env::temp_dir().join(format!("reproduce-timeline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let runner = SyncTaskRunner::new();
        let mut page = Page {
            ok: true,
            ..Page::default()
        };
        let picture = Picture {
            chapter: "sync",
            runner: &runner,
            workers: 2,
        };
        add_timelines(&mut page, &dir, &[(picture, "")]);
        assert!(page.ok, "{}", page.body);
        assert_eq!(page.plots, ["timeline-sync-simple.svg"]);
        let svg = std::fs::read_to_string(dir.join("timeline-sync-simple.svg")).expect("the SVG was written");
        std::fs::remove_dir_all(&dir).expect("the temporary folder goes");
        for name in ["Worker-1", "Worker-2", "SyncTaskRunner", "thread "] {
            assert!(svg.contains(name), "{name} missing");
        }
        assert!(page.body.contains("8 (exact)"), "{}", page.body);
    }
}
