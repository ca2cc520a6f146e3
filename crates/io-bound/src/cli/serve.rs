//! `serve`: the embedded server alone, for another client or another run's
//! `--url`, until interrupted or for `--seconds`.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{print_out, usage_error};

use super::ServerOpts;
use crate::server::Server;

/// The options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeCmd {
    #[command(flatten)]
    server: ServerOpts,

    /// Port on 127.0.0.1 (0: any free port, printed).
    #[arg(long, value_name = "P", default_value_t = 0)]
    port: u16,

    /// Stop after this many seconds [default: run until interrupted].
    #[arg(long, value_name = "S", value_parser = RangedU64ValueParser::<u64>::new().range(1..=86_400))]
    seconds: Option<u64>,
}

/// Serves until interrupted (Ctrl-C or `kill`) or for `--seconds`, then
/// prints what it served; exit code 2 when it cannot listen.
pub(super) fn serve(cmd: ServeCmd) -> ExitCode {
    let config = cmd.server.config();
    let server = match Server::start(config.clone(), cmd.port) {
        Ok(server) => server,
        Err(err) => usage_error(format!("cannot listen on 127.0.0.1:{}: {err}", cmd.port)),
    };
    let signals = match StopSignals::watch() {
        Ok(signals) => signals,
        Err(err) => usage_error(format!("cannot watch for SIGINT and SIGTERM: {err}")),
    };
    let pages: Vec<String> = config
        .pages
        .iter()
        .map(|p| format!("{} ({} bytes)", p.path, p.size))
        .collect();
    print_out(&format!(
        "serving {} on {} with {} ms latency; stop with Ctrl-C or kill\n",
        pages.join(" and "),
        server.base_url(),
        config.latency.as_millis()
    ));
    // Ctrl-C (SIGINT) and `kill` (SIGTERM) stop the server the same way:
    // it prints what it served and exits with 0, as after --seconds (a
    // signal left to its default action would end it with no summary).
    if let Some(signal) = signals.wait(cmd.seconds) {
        print_out(&format!("{signal}: stopping\n"));
    }
    let stats = server.stats();
    server.shutdown();
    print_out(&format!(
        "served {} requests on {} connections ({} bytes)\n",
        stats.requests, stats.connections, stats.ok_bytes
    ));
    ExitCode::SUCCESS
}

/// `SIGINT` and `SIGTERM`, watched from the moment this is made (before
/// the server says it serves, so that a signal sent at once is caught).
struct StopSignals {
    runtime: tokio::runtime::Runtime,
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn watch() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (interrupt, terminate) = runtime.block_on(async {
            Ok::<_, std::io::Error>((signal(SignalKind::interrupt())?, signal(SignalKind::terminate())?))
        })?;
        Ok(StopSignals {
            runtime,
            interrupt,
            terminate,
        })
    }

    /// Waits for either signal (which it names) or `seconds` (`None`).
    fn wait(mut self, seconds: Option<u64>) -> Option<&'static str> {
        self.runtime.block_on(async {
            let time_up = async {
                match seconds {
                    Some(seconds) => tokio::time::sleep(Duration::from_secs(seconds)).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = self.interrupt.recv() => Some("SIGINT"),
                _ = self.terminate.recv() => Some("SIGTERM"),
                () = time_up => None,
            }
        })
    }
}
