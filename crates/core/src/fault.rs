//! Fault injection: one option, the same in every chapter, to make one
//! worker fail on purpose and see what the runner does about it.
//!
//! `--fail-worker K --fail-after N` makes `Worker-K` fail when it is about to
//! check its number `N + 1`, having checked `N`; `--fail-how` says how. A
//! thread or a task can only panic (a thread that exits or aborts takes the
//! whole process with it); a worker *process* can also exit, abort like a
//! crash, or hang, alive but silent, which only a deadline detects. Each
//! chapter accepts the ways that make sense for its workers
//! ([`FaultArgs::plan_for`]) and refuses the others with exit code 2.
//!
//! The plan travels with the worker: [`Worker::with_fault`](crate::Worker::with_fault)
//! arms it, and the worker strikes by itself at the planned number, in a
//! thread, a task or a process alike.

use std::any::Any;
use std::fmt;

use clap::builder::RangedU64ValueParser;
use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::args::MAX_WORKERS;

/// The exit code of a worker process told to fail with [`FailHow::Exit`]
/// (its `--help` text says 3: keep the two in step).
pub const FAULT_EXIT_CODE: i32 = 3;

/// How a worker fails on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailHow {
    /// Panics: a thread or a task dies, a process exits with code 101.
    Panic,
    /// Exits with code 3 in the middle of its work (processes only).
    Exit,
    /// Aborts, killed by SIGABRT like a crash (processes only).
    Abort,
    /// Stops answering and waits forever, alive, as a deadlocked worker
    /// does; only its parent's deadline ends it (processes only).
    Hang,
}

impl FailHow {
    /// The way's name on the command line: `panic`, `exit`, `abort`, `hang`.
    pub fn name(self) -> &'static str {
        match self {
            FailHow::Panic => "panic",
            FailHow::Exit => "exit",
            FailHow::Abort => "abort",
            FailHow::Hang => "hang",
        }
    }

    /// Fails now, this way, after `after` numbers. The panic message does
    /// not name the worker: whoever reports the panic names it, once
    /// ("Worker-2 failed: panicked: injected fault after 3 numbers").
    pub fn strike(self, after: u64) -> ! {
        match self {
            FailHow::Panic => {
                let numbers = if after == 1 { "number" } else { "numbers" };
                panic!("injected fault after {after} {numbers}")
            }
            FailHow::Exit => std::process::exit(FAULT_EXIT_CODE),
            FailHow::Abort => std::process::abort(),
            FailHow::Hang => loop {
                std::thread::park();
            },
        }
    }
}

/// The message of a caught panic (`catch_unwind`, a joined thread, a
/// task's join error): the `String` or `&str` that every `panic!` with a
/// message carries.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic with no message")
}

/// Silences the panic hook, for a run with a fault planned: its panic is
/// expected, and the run reports it in its one error line ("Worker-1
/// failed: panicked: ..."), so the default hook's message and backtrace
/// note, printed from whichever thread panicked, would only say it again.
/// A run with no fault keeps the default hook, whose file and line a real
/// bug needs. The hook is the whole process's: call it from `main`'s side,
/// once, before the run.
pub fn quiet_expected_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

/// A planned failure: `Worker-{worker}` fails, the way `how` says, when it
/// is about to check its number `after + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultPlan {
    /// The number of the worker that fails (2 for `Worker-2`).
    pub worker: usize,
    /// How many numbers it checks before it fails.
    pub after: u64,
    /// How it fails.
    pub how: FailHow,
}

impl FaultPlan {
    /// Refuses, with a usage error (exit code 2), a plan for a worker that
    /// no run has: with at most `most_workers` workers, `--fail-worker 9`
    /// would never strike, and a run that was asked to fail and did not
    /// would mislead.
    pub fn names_a_worker_or_exit(plan: Option<FaultPlan>, most_workers: usize) {
        if let Some(plan) = plan.filter(|plan| plan.worker > most_workers) {
            crate::usage_error(format!(
                "--fail-worker {} names no worker: the runs have Worker-1 to Worker-{most_workers}",
                plan.worker
            ));
        }
    }

    /// The plan if it is `worker`'s (numbered from 1), `None` otherwise:
    /// what a runner hands each worker it starts.
    pub fn for_worker(plan: Option<FaultPlan>, worker: usize) -> Option<FaultPlan> {
        plan.filter(|plan| plan.worker == worker)
    }
}

impl fmt::Display for FaultPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "--fail-worker {} --fail-after {} --fail-how {}",
            self.worker,
            self.after,
            self.how.name()
        )
    }
}

// ANCHOR: fault_args
/// The fault-injection options every prime chapter flattens into its parser.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Fault injection")]
pub struct FaultArgs {
    /// Make Worker-K fail on purpose, to see how the runner reports a dead
    /// worker and what becomes of its numbers.
    #[arg(long, value_name = "K",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    pub fail_worker: Option<usize>,

    /// ... after it has checked N numbers [default: 0, at its first number].
    #[arg(long, value_name = "N", requires = "fail_worker")]
    pub fail_after: Option<u64>,

    /// ... this way: panic (threads, tasks, processes); exit, abort or hang
    /// (processes only) [default: panic].
    #[arg(long, value_name = "HOW", value_enum, requires = "fail_worker")]
    pub fail_how: Option<FailHow>,
}
// ANCHOR_END: fault_args

impl FaultArgs {
    /// The plan these options describe, if any, when the chapter's workers
    /// can fail in the ways `supported`; or why not, for a usage error.
    pub fn plan_for(&self, supported: &[FailHow]) -> Result<Option<FaultPlan>, String> {
        let Some(worker) = self.fail_worker else {
            return Ok(None);
        };
        let how = self.fail_how.unwrap_or(FailHow::Panic);
        if !supported.contains(&how) {
            let names: Vec<&str> = supported.iter().map(|h| h.name()).collect();
            return Err(format!(
                "--fail-how {} is not a way this chapter's workers can fail (they can: {})",
                how.name(),
                names.join(", ")
            ));
        }
        Ok(Some(FaultPlan {
            worker,
            after: self.fail_after.unwrap_or(0),
            how,
        }))
    }

    /// [`plan_for`](Self::plan_for), or a usage error (exit code 2).
    pub fn plan_or_exit(&self, supported: &[FailHow]) -> Option<FaultPlan> {
        self.plan_for(supported).unwrap_or_else(|why| crate::usage_error(why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        fault: FaultArgs,
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("chapter").chain(args.iter().copied()))
    }

    #[test]
    fn no_option_no_fault() {
        let cli = parse(&[]).expect("valid");
        assert_eq!(cli.fault.plan_for(&[FailHow::Panic]), Ok(None));
    }

    #[test]
    fn a_worker_and_a_count_make_a_plan() {
        let cli = parse(&["--fail-worker", "2", "--fail-after", "5"]).expect("valid");
        let plan = cli.fault.plan_for(&[FailHow::Panic]).expect("supported");
        assert_eq!(
            plan,
            Some(FaultPlan {
                worker: 2,
                after: 5,
                how: FailHow::Panic
            })
        );
        assert_eq!(FaultPlan::for_worker(plan, 2), plan);
        assert_eq!(FaultPlan::for_worker(plan, 1), None);
    }

    #[test]
    fn a_way_the_chapter_cannot_fail_is_refused() {
        let cli = parse(&["--fail-worker", "1", "--fail-how", "hang"]).expect("valid for clap");
        let why = cli
            .fault
            .plan_for(&[FailHow::Panic])
            .expect_err("threads cannot hang on purpose");
        assert!(why.contains("hang") && why.contains("panic"), "{why}");
        let all = [FailHow::Panic, FailHow::Exit, FailHow::Abort, FailHow::Hang];
        assert_eq!(
            cli.fault.plan_for(&all).expect("processes can").map(|p| p.how),
            Some(FailHow::Hang)
        );
    }

    #[test]
    fn bad_fault_options_are_usage_errors() {
        for args in [
            &["--fail-worker", "0"][..],
            &["--fail-after", "3"],
            &["--fail-how", "exit"],
            &["--fail-worker", "1", "--fail-how", "explode"],
            &["--fail-worker", "1", "--fail-after", "-1"],
        ] {
            let err = parse(args).expect_err("must be refused");
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
    }

    /// `--help` of `--fail-how` says "code 3" in words (a doc link would
    /// print literally): the constant must stay that.
    #[test]
    fn the_exit_code_in_the_help_is_the_constant() {
        use clap::CommandFactory;
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains(&format!("Exits with code {FAULT_EXIT_CODE} ")), "{help}");
        assert!(!help.contains("[`"), "a doc link leaked into --help: {help}");
    }

    #[test]
    #[should_panic(expected = "injected fault after 7 numbers")]
    fn a_panic_says_when() {
        FailHow::Panic.strike(7);
    }

    #[test]
    fn a_caught_panic_gives_its_message() {
        let caught = std::panic::catch_unwind(|| FailHow::Panic.strike(1)).expect_err("it panics");
        assert_eq!(panic_message(&*caught), "injected fault after 1 number");
        let caught = std::panic::catch_unwind(|| std::panic::panic_any(17_u8)).expect_err("it panics");
        assert_eq!(panic_message(&*caught), "a panic with no message");
    }
}
