//! The processes mode, with the chapter binary as the worker program.

use std::path::Path;

use chapter_fully_loaded::{Experiment, Mode, Outcome, PYTHON_RESULTS};

#[test]
fn worker_processes_match_python_bit_for_bit() {
    let exe = Path::new(env!("CARGO_BIN_EXE_chapter-fully-loaded"));
    let experiment = Experiment {
        tasks: 4,
        multiplier: 1,
    };
    let mut arrived = 0;
    let outcome =
        Outcome::measure(Mode::Processes, experiment, exe, &mut |_| arrived += 1).expect("4 worker processes");
    assert_eq!(arrived, 4);
    for (n, value) in outcome.values_in_task_order().iter().enumerate() {
        assert_eq!(value.to_bits(), PYTHON_RESULTS[n].to_bits(), "task {n}");
    }
}

#[test]
fn a_worker_program_that_cannot_start_is_an_error_not_a_panic() {
    let experiment = Experiment {
        tasks: 2,
        multiplier: 1,
    };
    let missing = Path::new("/nonexistent/chapter-fully-loaded");
    let err = Outcome::measure(Mode::Processes, experiment, missing, &mut |_| {}).expect_err("no such program");
    assert!(err.to_string().contains("cannot start the process for task 0"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn workers_of_a_parent_killed_outright_exit_by_themselves() {
    use concurrency_core::testing::{assert_orphans_exit, start_with_children};

    // Two tasks of half a minute or more each: still running when the parent
    // is killed, so only their own watch on the parent can stop them.
    let args = ["--mode", "processes", "--tasks", "2", "--multiplier", "1000"];
    let (parent, workers) = start_with_children(env!("CARGO_BIN_EXE_chapter-fully-loaded"), &args, 2);
    assert_orphans_exit(parent, &workers, std::time::Duration::from_secs(3));
}
