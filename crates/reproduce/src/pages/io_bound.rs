//! I/O-bound work: every mode of the chapter against its embedded server
//! (on 127.0.0.1, any free port), in interleaved rounds, then the
//! thread-count sweep in its own rounds, with its plot and CSV of the
//! medians. The figures to hold them against are those of "compare
//! concurrent methods" (downloads over the internet, sums of squares) and
//! "Parallelization in Python" (batches of downloads).

use std::fmt::Write as _;
use std::time::Duration;

use chapter_io_bound::client::{REPEAT, TIMEOUT};
use chapter_io_bound::server::{LARGE_PAGE, LATENCY, SMALL_PAGE};
use chapter_io_bound::{Check, Mode, Outcome, Plan, Server, ServerConfig, Sinks, Tally, Target, Work, sweep};
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, python_rounds_phrase, python_with_packages, time_cell};
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, guard, mark};
use crate::python::{IoRun, Python};
use crate::{Page, Settings};

const IO_BOUND_NOTE: &str = "\"Compare concurrent methods\" measured, over the internet, 160 downloads: about 35 s one after the \
     other with a session, 73 to 86 s without one, under a second with the right number of threads, 8.6 to 61 s with asyncio, \
     2.7 to 13.7 s with processes; its 20 sums of squares 7.42 s sequentially, 1.37 s with processes. \
     \"Parallelization in Python\" measured 10 batches: 8.07 s processes, 5.17 s threads, 13.02 s coroutines calling the \
     blocking `requests`, 1.41 s with `aiohttp`, 3.20 s behind a semaphore of 3.";

/// What a row of the modes' rounds reported: the chapter's outcome, or a
/// run of `python/io_bound.py` with the server's count of its connections.
enum Report {
    Rust(Outcome),
    Python { run: IoRun, connections: u64 },
}

/// Python's programs (`python/io_bound.py --mode`), each beside the Rust
/// mode that does the same thing, with what it uses.
const PYTHON_PAIRS: [(&str, Mode, &str); 6] = [
    ("sync", Mode::SyncNoSession, "`requests.get`"),
    ("sync-session", Mode::SyncSession, "a `Session`"),
    ("threads", Mode::Threads, "`ThreadPoolExecutor`"),
    ("asyncio", Mode::Async, "`aiohttp`, all at once"),
    ("asyncio-semaphore", Mode::AsyncLimited, "`aiohttp`, `Semaphore`"),
    ("processes", Mode::Processes, "`multiprocessing.Pool`"),
];

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
    let rounds = settings.rounds();
    let mut report = progress(bar, "io-bound");

    // The modes, interleaved round by round.
    // Python with `requests` and `aiohttp`, in a virtual environment made
    // on first use; without it the page says why and goes on.
    let python = python_with_packages(settings, bar);
    let (measured, python_rows, judgements, claims) = {
        let target = Target {
            plan: &plan,
            server: Some(&server),
        };
        // A terminal under the progress bar would garble sync-print's lines
        // and sync-log's records, so both write to a sink that discards
        // them: they time the formatting, not the terminal.
        let sinks = Sinks::discard();
        let mut rows: Rounds<'_, Report> = Rounds::new();
        for mode in Mode::ALL {
            let (io_settings, sinks) = (&io_settings, &sinks);
            rows.add(mode.name(), move || {
                let outcome =
                    chapter_io_bound::run_mode(mode, target, io_settings, sinks).map_err(|e| e.to_string())?;
                Ok(Sample {
                    secs: outcome.elapsed.as_secs_f64(),
                    report: Report::Rust(outcome),
                })
            });
        }
        // Python's programs join the same rounds (the first few), against
        // the same server with the same plan, after the Rust rows: the
        // guard's indices below are those of the Rust rows.
        if let Ok(python) = &python {
            for (name, _, _) in PYTHON_PAIRS {
                let workers = match name {
                    "threads" => io_settings.threads,
                    "asyncio-semaphore" => io_settings.at_once,
                    "processes" => io_settings.processes,
                    _ => 1,
                };
                let (plan, server) = (&plan, &server);
                rows.add_limited(format!("Python {name}"), settings.python_rounds(), move || {
                    let before = server.stats();
                    let run = python.io_bound(name, &plan.base, &plan.paths, plan.repeat, workers, plan.timeout)?;
                    let connections = (server.stats() - before).connections;
                    Ok(Sample {
                        secs: run.elapsed,
                        report: Report::Python { run, connections },
                    })
                });
            }
        }
        let mut measured = rows.run(rounds, &mut report);
        // The guard looks at the CPU-bound sums only: a download waits on
        // the server's latency, which threads overlap far beyond the cores.
        let cores = concurrency_core::cores();
        let index = |mode| Mode::ALL.iter().position(|&m| m == mode);
        let cpu_rows: Vec<usize> = Mode::ALL
            .iter()
            .enumerate()
            .filter(|(_, m)| m.is_cpu())
            .map(|(i, _)| i)
            .collect();
        let mut claims = Vec::new();
        if let Some(base) = index(Mode::CpuSequential) {
            for (mode, workers) in [(Mode::CpuRayon, cores), (Mode::CpuProcesses, io_settings.processes)] {
                if let Some(row) = index(mode) {
                    claims.push(Claim {
                        row,
                        baseline: Baseline::Row(base),
                        workers,
                        bound: Bound::Cpu { cores },
                        peers: cpu_rows.clone(),
                    });
                }
            }
        }
        let mut judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
        // From here on the Rust rows and the Python rows go to two tables.
        let python_rows = measured.split_off(Mode::ALL.len());
        judgements.truncate(Mode::ALL.len());
        let rust = |r| match r {
            Report::Rust(outcome) => Some(outcome),
            Report::Python { .. } => None,
        };
        let measured: Vec<Measured<Outcome>> = measured.into_iter().map(|m| m.filter_map(rust)).collect();
        let python_rows: Vec<Measured<(IoRun, u64)>> = python_rows
            .into_iter()
            .map(|m| {
                m.filter_map(|r| match r {
                    Report::Python { run, connections } => Some((run, connections)),
                    Report::Rust(_) => None,
                })
            })
            .collect();
        (measured, python_rows, judgements, claims)
    };

    // The sweep, each thread count a row of the same rounds.
    let counts = sweep::thread_counts(max_threads, false);
    let swept = {
        let mut rows: Rounds<'_, Tally> = Rounds::new();
        for &threads in &counts {
            let plan = &plan;
            rows.add(format!("sweep, {threads} threads"), move || {
                Sample::timed(|| chapter_io_bound::modes::threads(plan, threads).map_err(|e| e.to_string()))
            });
        }
        rows.run(rounds, &mut report)
    };
    server.shutdown();

    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());
    let modes_exact = measured
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty() && m.reports().all(|o| o.check() == Check::Exact));
    let exact_modes = measured
        .iter()
        .filter(|m| !m.runs.is_empty() && m.reports().all(|o| o.check() == Check::Exact))
        .count();
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
        modes_table(&measured, &judgements),
        measured.len(),
        failures(&measured),
        noise.paragraph()
    );

    let python_exact = python_section(&mut body, settings, &python, &measured, &python_rows, &expected);

    let _ = write!(
        body,
        "\n#### The thread-count sweep\n\nThe threads mode for {} thread counts up to {max_threads}, \
         the same {} requests each time, in {rounds} interleaved rounds.\n\n",
        counts.len(),
        plan.requests()
    );
    let exact = swept
        .iter()
        .filter(|m| !m.runs.is_empty() && m.reports().all(|t| *t == expected))
        .count();
    let _ = writeln!(body, "{}\n{}", sweep_table(&counts, &swept), failures(&swept));
    // The chapter's plot and CSV, drawn from the medians.
    let points: Vec<sweep::Point> = counts
        .iter()
        .zip(&swept)
        .filter_map(|(&threads, m)| {
            Some(sweep::Point {
                threads,
                elapsed: Duration::from_secs_f64(m.stat()?.median),
                tally: *m.reports().next()?,
            })
        })
        .collect();
    if let Some(best) = sweep::best(&points) {
        let _ = write!(body, "Fastest median: {} threads. ", best.threads);
    }
    let _ = writeln!(
        body,
        "**{exact} of {} thread counts exact in every round** (every page and byte expected).",
        counts.len()
    );
    let mut plots = Vec::new();
    if !points.is_empty() {
        let (svg, csv) = ("io-bound-sweep.svg", "io-bound-sweep.csv");
        let title = format!("{} downloads: duration against threads (medians)", plan.requests());
        sweep::plot(&points, &title, &settings.out.join(svg)).map_err(|e| e.to_string())?;
        sweep::write_file(&settings.out.join(csv), &sweep::csv(&points))
            .map_err(|e| format!("cannot write {csv}: {e}"))?;
        // The results pages are included from docs/src/, one folder up.
        let _ = write!(
            body,
            "\n![Duration of {} downloads against the number of threads: the median of {rounds} rounds at each count]\
             (results/{svg})\n\nThe medians as CSV: [{csv}](results/{csv}).\n",
            plan.requests()
        );
        plots.extend([svg.to_owned(), csv.to_owned()]);
    }
    let sweep_ok = exact == counts.len() && !counts.is_empty();
    let load_ok = super::load::section(&mut body, settings, &mut report);
    let _ = write!(body, "\n{IO_BOUND_NOTE}\n");
    Ok(Page {
        body,
        ok: modes_exact && sweep_ok && python_exact && load_ok,
        plots,
    })
}

/// The modes: work done, errors, connections, median time, paired speedup,
/// check over every round.
fn modes_table(measured: &[Measured<Outcome>], judgements: &[crate::measure::Judgement]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Done", Align::Right),
        ("Errors", Align::Left),
        ("Connections", Align::Right),
        ("Elapsed", Align::Right),
        ("Speedup", Align::Right),
        ("Check", Align::Center),
    ]);
    let find = |mode: Mode| measured.iter().find(|m| m.label == mode.name());
    for (m, judgement) in measured.iter().zip(judgements) {
        let Some(first) = m.reports().next() else {
            table.push_row([m.label.clone(), "-".into(), "failed".into()]);
            continue;
        };
        let (done, total) = first.done();
        let baseline = if first.mode.is_cpu() {
            Mode::CpuSequential
        } else {
            Mode::SyncSession
        };
        let speedup = match judgement.speedup {
            Some(s) => Some(s),
            None => find(baseline).and_then(|b| m.speedup_over(b)),
        };
        let (errors, connections) = match &first.work {
            Work::Fetched { tally, server, .. } => (
                tally.describe_errors(),
                server.map_or_else(|| "-".into(), |s| s.connections.to_string()),
            ),
            Work::Computed { .. } => ("-".into(), "-".into()),
        };
        let wrong = m.reports().filter(|o| o.check() != Check::Exact).count();
        let check = if wrong == 0 {
            format!("exact ({} of {})", m.runs.len(), m.runs.len())
        } else {
            format!("WRONG in {wrong} of {}", m.runs.len())
        };
        table.push_row([
            m.label.clone(),
            format!("{done} of {total}"),
            errors,
            connections,
            mark(time_cell(m), Some(judgement)),
            if first.mode == baseline {
                "baseline".to_owned()
            } else {
                speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            check,
        ]);
    }
    table
}

/// The sweep: median time and spread per thread count.
fn sweep_table(counts: &[usize], swept: &[Measured<Tally>]) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Elapsed", Align::Right),
        ("Pages", Align::Right),
        ("Errors", Align::Left),
    ]);
    for (threads, m) in counts.iter().zip(swept) {
        let first = m.reports().next();
        table.push_row([
            threads.to_string(),
            time_cell(m),
            first.map_or("-".to_owned(), |t| t.ok.to_string()),
            first.map_or("-".to_owned(), Tally::describe_errors),
        ]);
    }
    table
}

/// "Rust and Python side by side": each Python program beside the Rust
/// mode that does the same, the ratio of their times taken round by round.
/// Returns whether every Python run got exactly the expected pages and
/// bytes (`true` when Python did not run: the page says so instead).
fn python_section(
    body: &mut String,
    settings: &Settings,
    python: &Result<Python, String>,
    rust: &[Measured<Outcome>],
    rows: &[Measured<(IoRun, u64)>],
    expected: &Tally,
) -> bool {
    let _ = write!(body, "\n#### Rust and Python side by side\n\n");
    let python = match python {
        Ok(python) => python,
        Err(why) => {
            let _ = writeln!(body, "**Python skipped:** {why}.");
            return true;
        }
    };
    let _ = write!(
        body,
        "{}: `python/io_bound.py`, against the same server with the same {} requests, {}. \
         \"Rust faster by\" is the median of the per-round ratios (Python's time over Rust's in the same round).\n\n",
        python.version,
        expected.requests(),
        python_rounds_phrase(settings)
    );
    let mut table = Table::new([
        ("Python program", Align::Left),
        ("Connections", Align::Right),
        ("Python time", Align::Right),
        ("Rust mode", Align::Left),
        ("Rust time", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    let mut all_exact = true;
    let mut wrong_runs = String::new();
    for ((name, mode, what), m) in PYTHON_PAIRS.iter().zip(rows) {
        let exact = |(run, _): &(IoRun, u64)| {
            run.ok == expected.ok && run.bytes == expected.bytes && run.errors == expected.errors()
        };
        let wrong = m.reports().filter(|r| !exact(r)).count();
        all_exact &= m.error.is_none() && !m.runs.is_empty() && wrong == 0;
        if wrong > 0 {
            let _ = writeln!(
                wrong_runs,
                "- **{name}: WRONG in {wrong} of {} runs** (pages, bytes or errors not the expected ones)",
                m.runs.len()
            );
        }
        let twin = rust.iter().find(|r| r.label == mode.name());
        table.push_row([
            format!("{name} ({what})"),
            m.reports().next().map_or("-".to_owned(), |(_, c)| c.to_string()),
            time_cell(m),
            format!("`{}`", mode.name()),
            twin.map_or("-".to_owned(), time_cell),
            twin.and_then(|r| r.speedup_over(m))
                .map_or("-".to_owned(), |s| s.ratio_cell()),
        ]);
    }
    let _ = writeln!(body, "{table}\n{wrong_runs}{}", failures(rows));
    if all_exact {
        let _ = writeln!(
            body,
            "**Every Python run exact**: every page and byte expected, no error.\n"
        );
    }
    all_exact
}
