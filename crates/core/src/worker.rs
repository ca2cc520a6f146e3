//! The tutorial's `Worker`: a named unit of work that checks numbers and
//! keeps the primes it found.

use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::fault::FaultPlan;
use crate::primes::prime_task;
use crate::report::WorkerReport;
use crate::timeline::Recorder;

/// What a worker is doing, as the tutorial's `WorkerStatus` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WorkerStatus {
    /// Waiting for a number.
    Idle,
    /// Checking a number.
    Busy,
    /// Gone for good: its thread panicked or its process died.
    Dead,
}

// ANCHOR: worker
/// A worker: `Worker-1`, `Worker-2`, ... as in the tutorial.
///
/// It owns everything it records (no shared state), so any chapter can move
/// it into a thread, a task or a process, and get it back to build the
/// [`WorkerReport`].
#[derive(Debug)]
pub struct Worker {
    number: usize,
    name: String,
    status: WorkerStatus,
    /// The tutorial's forced "preparation" delay, slept before each number.
    delay: Duration,
    primes: Vec<u64>,
    processed: u64,
    busy: Duration,
    /// With no delay: when the worker checked its first number (see `busy`
    /// in [`WorkerReport`]).
    first_number_at: Option<Instant>,
    progress: ProgressBar,
    /// Numbers checked but not yet added to the progress bar.
    unreported: u64,
    /// A planned failure of this worker (`--fail-worker`), if any.
    fault: Option<FaultPlan>,
    /// Its spans, when the job asked for a timeline
    /// ([`with_timeline`](Self::with_timeline)); `None`, the default, costs
    /// one branch per number and nothing else.
    timeline: Option<Recorder>,
}

impl Worker {
    /// The worker called `Worker-{number}` (numbers start at 1, as in the
    /// tutorial), with the given forced delay.
    pub fn new(number: usize, delay: Duration) -> Self {
        Worker {
            number,
            name: format!("Worker-{number}"),
            status: WorkerStatus::Idle,
            delay,
            primes: Vec::new(),
            processed: 0,
            busy: Duration::ZERO,
            first_number_at: None,
            progress: ProgressBar::hidden(),
            unreported: 0,
            fault: None,
            timeline: None,
        }
    }

    /// Records a [`Span`](crate::Span) per number when `on`: when the
    /// worker started on it, when it had checked it, on which thread and in
    /// which process. Off (the default), nothing is recorded.
    pub fn with_timeline(mut self, on: bool) -> Self {
        self.timeline = on.then(Recorder::default);
        self
    }

    /// Marks the start of the next number's span, before its forced delay.
    /// [`process`](Self::process) does it; an async worker, which awaits its
    /// delay and then calls [`check`](Self::check), calls this before the
    /// delay. Without a timeline it does nothing.
    pub fn begin(&mut self) {
        if let Some(recorder) = &mut self.timeline {
            recorder.begin();
        }
    }

    /// Arms the run's planned failure, if it is this worker's: the worker
    /// then fails by itself when it is about to check its number
    /// `plan.after + 1` ([`FaultPlan`], `--fail-worker`). A plan for another
    /// worker is ignored, so a runner can hand every worker the same plan.
    pub fn with_fault(mut self, plan: Option<FaultPlan>) -> Self {
        self.fault = FaultPlan::for_worker(plan, self.number);
        self
    }

    /// Reports every number this worker checks to `progress` (a clone of the
    /// run's progress bar; clones share one bar).
    pub fn with_progress(mut self, progress: ProgressBar) -> Self {
        self.progress = progress;
        self
    }

    /// The worker's name, e.g. `Worker-1`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the worker is doing now.
    pub fn status(&self) -> WorkerStatus {
        self.status
    }

    /// Marks the worker idle, busy or dead. Chapters whose runner picks an
    /// idle worker (the cooperative one) or detects dead ones use this.
    pub fn set_status(&mut self, status: WorkerStatus) {
        self.status = status;
    }

    /// The forced delay this worker sleeps before each number.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// Processes one number the synchronous way: sleeps the forced delay with
    /// `std::thread::sleep`, which blocks the whole thread, then checks it.
    ///
    /// Async chapters cannot use this (a blocking sleep stalls every task on
    /// the thread): they await their runtime's sleep and then call
    /// [`check`](Self::check).
    pub fn process(&mut self, n: u64) -> Option<u64> {
        self.begin();
        if !self.delay.is_zero() {
            std::thread::sleep(self.delay);
        }
        self.check(n)
    }

    /// Checks `n` with no delay and records the result: the work itself.
    pub fn check(&mut self, n: u64) -> Option<u64> {
        if self.delay.is_zero() {
            // No clock per number: a check takes a fraction of a microsecond
            // and two clock reads would cost a noticeable share of it.
            self.first_number_at.get_or_insert_with(Instant::now);
            return self.record(n);
        }
        let started = Instant::now();
        let found = self.record(n);
        self.busy += started.elapsed();
        found
    }

    /// Processes every number of `range` with [`process`](Self::process).
    pub fn process_range(&mut self, range: RangeInclusive<u64>) {
        for n in range {
            self.process(n);
        }
    }
    // ANCHOR_END: worker

    /// Checks `n` and keeps it if it is prime; no delay, no clock. A worker
    /// whose planned failure is due fails here instead.
    fn record(&mut self, n: u64) -> Option<u64> {
        if let Some(plan) = self.fault
            && plan.after == self.processed
        {
            self.status = WorkerStatus::Dead;
            plan.how.strike(plan.after);
        }
        let found = prime_task(n);
        self.primes.extend(found);
        self.processed += 1;
        self.count_progress();
        // The only cost of the timeline when it is off: this branch.
        if let Some(recorder) = &mut self.timeline {
            recorder.end(n);
        }
        found
    }

    /// Moves the progress bar. With a delay every number is worth a redraw;
    /// without one, a number takes well under a microsecond and touching the
    /// shared bar each time would cost more than the work, so we batch.
    fn count_progress(&mut self) {
        const BATCH: u64 = 4096;
        self.unreported += 1;
        if !self.delay.is_zero() || self.unreported >= BATCH {
            self.flush_progress();
        }
    }

    fn flush_progress(&mut self) {
        if self.unreported > 0 {
            self.progress.inc(self.unreported);
            self.unreported = 0;
        }
    }

    /// Finishes the worker and reports what it did. Call it on the thread
    /// (and in the process) where the worker ran: the report records the
    /// current process id and thread name.
    pub fn into_report(mut self) -> WorkerReport {
        self.flush_progress();
        if let Some(first) = self.first_number_at {
            self.busy += first.elapsed();
        }
        let thread = std::thread::current();
        WorkerReport {
            name: self.name,
            pid: std::process::id(),
            thread: thread.name().unwrap_or("unnamed").to_owned(),
            primes: self.primes,
            processed: self.processed,
            busy: self.busy,
            died: None,
            spans: self.timeline.map(|recorder| recorder.spans).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::FailHow;

    /// `--fail-worker 1 --fail-after 2`: Worker-1 checks two numbers, then
    /// panics at the third, naming itself; Worker-2 ignores the plan.
    #[test]
    fn a_planned_fault_strikes_its_worker_at_its_number() {
        let plan = Some(FaultPlan {
            worker: 1,
            after: 2,
            how: FailHow::Panic,
        });
        let mut other = Worker::new(2, Duration::ZERO).with_fault(plan);
        other.process_range(1..=10);
        assert_eq!(other.into_report().processed, 10);

        let mut doomed = Worker::new(1, Duration::ZERO).with_fault(plan);
        doomed.process_range(1..=2);
        let died = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doomed.process(3)));
        let message = died.expect_err("the third number is fatal");
        let text = message.downcast_ref::<String>().map(String::as_str).unwrap_or("");
        assert_eq!(text, "injected fault after 2 numbers");
    }

    #[test]
    fn workers_are_numbered_from_one_like_the_tutorial() {
        let names: Vec<String> = (1..=3)
            .map(|n| Worker::new(n, Duration::ZERO).name().to_owned())
            .collect();
        assert_eq!(names, ["Worker-1", "Worker-2", "Worker-3"]);
    }

    #[test]
    fn a_worker_keeps_the_primes_it_checked() {
        let mut worker = Worker::new(1, Duration::ZERO);
        worker.process_range(1..=20);
        assert_eq!(worker.check(23), Some(23));
        assert_eq!(worker.check(24), None);
        let report = worker.into_report();
        assert_eq!(report.primes, [2, 3, 5, 7, 11, 13, 17, 19, 23]);
        assert_eq!(report.processed, 22);
        assert_eq!(report.pid, std::process::id());
    }

    #[test]
    fn busy_time_leaves_out_the_delay_and_spans_the_work_without_one() {
        // Two sleeps of 100 ms and two checks of a microsecond: busy time
        // that counted the sleeps would be at least 200 ms. Half a sleep
        // leaves a busy machine 100 ms to preempt two tiny checks.
        let mut sleeper = Worker::new(1, Duration::from_millis(100));
        sleeper.process_range(1..=2);
        assert!(
            sleeper.into_report().busy < Duration::from_millis(100),
            "the 200 ms of sleep are not work"
        );
        let started = Instant::now();
        let mut worker = Worker::new(2, Duration::ZERO);
        worker.process_range(1..=100_000);
        let busy = worker.into_report().busy;
        assert!(busy > Duration::ZERO && busy <= started.elapsed(), "{busy:?}");
        assert_eq!(Worker::new(3, Duration::ZERO).into_report().busy, Duration::ZERO);
    }

    #[test]
    fn process_sleeps_the_forced_delay() {
        let mut worker = Worker::new(1, Duration::from_millis(20));
        let started = Instant::now();
        worker.process_range(1..=3);
        assert!(started.elapsed() >= Duration::from_millis(60));
    }

    #[test]
    fn a_timeline_has_one_span_per_number_in_order_without_overlap() {
        let mut worker = Worker::new(1, Duration::from_millis(2)).with_timeline(true);
        worker.process_range(1..=5);
        let report = worker.into_report();
        assert_eq!(report.spans.len() as u64, report.processed);
        let numbers: Vec<u64> = report.spans.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
        for span in &report.spans {
            // Each span holds its 2 ms delay: it cannot be empty.
            assert!(span.start_us < span.end_us, "{span:?}");
            assert_eq!(span.pid, std::process::id());
        }
        for pair in report.spans.windows(2) {
            assert!(pair[0].end_us <= pair[1].start_us, "{pair:?}");
        }
    }

    #[test]
    fn no_timeline_no_spans() {
        let mut worker = Worker::new(1, Duration::from_millis(1));
        worker.process_range(1..=3);
        worker.begin();
        worker.check(4);
        assert!(worker.into_report().spans.is_empty());
        let mut off = Worker::new(2, Duration::ZERO).with_timeline(false);
        off.process_range(1..=3);
        assert!(off.into_report().spans.is_empty());
    }

    #[test]
    fn begin_then_check_spans_an_awaited_delay() {
        // What an async worker does: mark the start, wait, then check.
        let mut worker = Worker::new(1, Duration::from_millis(5)).with_timeline(true);
        worker.begin();
        std::thread::sleep(Duration::from_millis(5));
        worker.check(7);
        let spans = worker.into_report().spans;
        assert_eq!(spans.len(), 1);
        assert!(spans[0].end_us - spans[0].start_us >= 5_000, "{spans:?}");
    }

    #[test]
    fn every_checked_number_reaches_the_progress_bar() {
        let bar = ProgressBar::hidden();
        let mut worker = Worker::new(1, Duration::ZERO).with_progress(bar.clone());
        worker.process_range(1..=10_000);
        let _ = worker.into_report();
        assert_eq!(bar.position(), 10_000);
    }
}
