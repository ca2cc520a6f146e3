//! `sweep`: the threads mode for a range of thread counts, as the
//! tutorial's `thread_optimize` did; a CSV, an SVG plot and a table.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{print_err, print_out};

use super::{ClientOpts, ServerOpts, target};
use crate::sweep::{self as thread_sweep, MAX_THREADS};

/// The options of `sweep`.
#[derive(Debug, Clone, Args)]
pub struct SweepCmd {
    #[command(flatten)]
    server: ServerOpts,

    #[command(flatten)]
    client: ClientOpts,

    /// The largest thread count tried (the Python tutorial went to 999).
    #[arg(long, value_name = "K", default_value_t = MAX_THREADS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1024))]
    max_threads: usize,

    /// Try every count 1..=K instead of the 1-2-3-4-6-8 ladder.
    #[arg(long)]
    every: bool,

    /// Where the SVG plot goes.
    #[arg(long, value_name = "FILE", default_value = "target/io-bound/thread_sweep.svg")]
    plot: PathBuf,

    /// Where the CSV goes.
    #[arg(long, value_name = "FILE", default_value = "target/io-bound/thread_sweep.csv")]
    csv: PathBuf,
}

/// Times every thread count, writes the CSV and the plot, prints the table:
/// exit code 1 when the sweep or a file failed.
pub(super) fn sweep(cmd: SweepCmd) -> ExitCode {
    let (embedded, plan) = target(&cmd.server, &cmd.client);
    let counts = thread_sweep::thread_counts(cmd.max_threads, cmd.every);
    print_out(&format!(
        "threads mode, {} requests to {}, for {} thread counts up to {}\n",
        plan.requests(),
        plan.base,
        counts.len(),
        cmd.max_threads
    ));
    let result = thread_sweep::sweep(&plan, &counts, &mut |p| {
        print_out(&format!(
            "  {:>4} threads: {:.4} s\n",
            p.threads,
            p.elapsed.as_secs_f64()
        ));
    });
    if let Some(server) = embedded {
        server.shutdown();
    }
    let points = match result {
        Ok(points) => points,
        Err(err) => {
            print_err!("error: the sweep failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    let title = format!("{} downloads: duration against threads", plan.requests());
    let written = thread_sweep::write_file(&cmd.csv, &thread_sweep::csv(&points))
        .and_then(|()| thread_sweep::plot(&points, &title, &cmd.plot));
    if let Err(err) = written {
        print_err!("error: {err}");
        return ExitCode::FAILURE;
    }
    let mut text = format!("\n{}", thread_sweep::table(&points).for_stdout());
    if let Some(best) = thread_sweep::best(&points) {
        text.push_str(&format!(
            "\nbest: {} threads, {:.4} s\n",
            best.threads,
            best.elapsed.as_secs_f64()
        ));
    }
    text.push_str(&format!("wrote {} and {}\n", cmd.csv.display(), cmd.plot.display()));
    print_out(&text);
    ExitCode::SUCCESS
}
