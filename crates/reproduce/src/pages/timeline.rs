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

use super::lanes::{Axis, Lane, draw_lanes};
use concurrency_core::{Job, RunReport, TaskRunner, Verdict};

use crate::Page;

/// The numbers of a timeline run: few enough to see each bar.
pub(crate) const NUMBERS: u64 = 20;
/// Its forced delay: the tutorial's, so a bar is mostly the delay.
pub(crate) const DELAY: Duration = Duration::from_millis(50);

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
        "\n### What ran when\n\nEach timeline is one run of the numbers 1..={NUMBERS} at {} ms \
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

/// Draws `report`'s spans into the SVG file `path`: a row per worker
/// (Worker-1 on top, every worker named even if it has no span), seconds
/// since the run's first span across, a colour per (process, thread).
pub(crate) fn draw(path: &Path, title: &str, report: &RunReport) -> Result<(), String> {
    let lanes: Vec<Lane<'_>> = report
        .workers
        .iter()
        .map(|w| Lane {
            name: &w.name,
            spans: &w.spans,
        })
        .collect();
    draw_lanes(path, title, &lanes, Axis::default())
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
