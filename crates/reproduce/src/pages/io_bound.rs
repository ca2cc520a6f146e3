//! I/O-bound work: every mode of the chapter against its embedded server
//! (on 127.0.0.1, any free port), in interleaved rounds, then the
//! thread-count sweep in its own rounds, with its plot and CSV of the
//! medians. The figures to hold them against are those of "compare
//! concurrent methods" (downloads over the internet, sums of squares) and
//! "Parallelization in Python" (batches of downloads).

mod load;
mod modes;
mod side_by_side;
mod thread_sweep;

use std::fmt::Write as _;
use std::time::Duration;

use chapter_io_bound::client::{REPEAT, TIMEOUT};
use chapter_io_bound::server::{LARGE_PAGE, LATENCY, SMALL_PAGE};
use chapter_io_bound::{Plan, Server, ServerConfig, sweep};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, python_with_packages};
use crate::measure::Noise;
use crate::{Page, Settings};

const IO_BOUND_NOTE: &str = "\"Compare concurrent methods\" measured, over the internet, 160 downloads: about 35 s one after the \
     other with a session, 73 to 86 s without one, under a second with the right number of threads, 8.6 to 61 s with asyncio, \
     2.7 to 13.7 s with processes; its 20 sums of squares 7.42 s sequentially, 1.37 s with processes. \
     \"Parallelization in Python\" measured 10 batches: 8.07 s processes, 5.17 s threads, 13.02 s coroutines calling the \
     blocking `requests`, 1.41 s with `aiohttp`, 3.20 s behind a semaphore of 3.";

/// The io-bound page. A mode that fails is named on the page and the
/// others still run.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let (repeat, latency, max_threads) = if settings.quick {
        (10, Duration::from_millis(1), 8)
    } else {
        (REPEAT, LATENCY, sweep::MAX_THREADS)
    };
    let config = ServerConfig {
        latency,
        ..ServerConfig::default()
    };
    // Dropping the server also stops it and joins its thread, so an early
    // return below leaves nothing running; the end shuts it down explicitly.
    let server = Server::start(config, 0).map_err(|e| format!("cannot start the local server: {e}"))?;
    let plan = Plan {
        base: server.base_url(),
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat,
        timeout: TIMEOUT,
    };
    let expected = chapter_io_bound::expected_tally(&plan, server.config());
    let io_settings = chapter_io_bound::Settings::new(settings.exe.clone());
    let mut report = progress(bar, "io-bound");

    // Python with `requests` and `aiohttp`, in a virtual environment made
    // on first use; without it the page says why and goes on.
    let python = python_with_packages(settings, bar);
    // The modes, interleaved round by round.
    let modes = modes::measure(settings, &io_settings, &plan, &server, &python, &mut report);

    // The sweep, each thread count a row of the same rounds.
    let counts = sweep::thread_counts(max_threads, false);
    let swept = thread_sweep::measure(settings, &plan, &counts, &mut report);
    server.shutdown();

    let noise = Noise::tally(&modes.judgements, &modes.claims, &|i| modes.measured[i].label.clone());
    let exact_modes = modes.exact_count();
    let mut body = format!(
        "{} requests ({} x {repeat}) to the chapter's embedded server on 127.0.0.1, {} ms latency per answer, \
         {} s timeout; {} threads, {} permits, {} processes; {} sums of squares from {}. \
         `sync-print` and `sync-log` write to a sink that discards them here. \
         Connections are the server's count (first round). The speedup is the median of the per-round ratios \
         over `sync-session` for downloads, over `cpu-sequential` for sums.\n\n{}\n\
         **{exact_modes} of {} modes exact in every round**\n\n{}{}",
        plan.requests(),
        plan.paths.join(" and "),
        latency.as_millis(),
        TIMEOUT.as_secs(),
        io_settings.threads,
        io_settings.at_once,
        io_settings.processes,
        io_settings.cpu_count,
        io_settings.cpu_base,
        modes::table(&modes),
        modes.measured.len(),
        failures(&modes.measured),
        noise.paragraph()
    );

    let python_exact = side_by_side::section(&mut body, settings, &python, &modes.measured, &modes.python, &expected);

    let mut plots = Vec::new();
    let sweep_ok = thread_sweep::section(
        &mut body,
        settings,
        &plan,
        max_threads,
        &counts,
        &swept,
        &expected,
        &mut plots,
    )?;
    let load_ok = load::section(&mut body, settings, &mut report);
    let _ = write!(body, "\n{IO_BOUND_NOTE}\n");
    Ok(Page {
        body,
        ok: modes.all_exact() && sweep_ok && python_exact && load_ok,
        plots,
    })
}
