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

/// Serves until interrupted (Ctrl-C ends the process) or for `--seconds`,
/// then prints what it served; exit code 2 when it cannot listen.
pub(super) fn serve(cmd: ServeCmd) -> ExitCode {
    let config = cmd.server.config();
    let server = match Server::start(config.clone(), cmd.port) {
        Ok(server) => server,
        Err(err) => usage_error(format!("cannot listen on 127.0.0.1:{}: {err}", cmd.port)),
    };
    let pages: Vec<String> = config
        .pages
        .iter()
        .map(|p| format!("{} ({} bytes)", p.path, p.size))
        .collect();
    print_out(&format!(
        "serving {} on {} with {} ms latency; stop with Ctrl-C\n",
        pages.join(" and "),
        server.base_url(),
        config.latency.as_millis()
    ));
    match cmd.seconds {
        Some(seconds) => std::thread::sleep(Duration::from_secs(seconds)),
        // Ctrl-C ends the process, and with it the server.
        None => loop {
            std::thread::park();
        },
    }
    let stats = server.stats();
    server.shutdown();
    print_out(&format!(
        "served {} requests on {} connections ({} bytes)\n",
        stats.requests, stats.connections, stats.ok_bytes
    ));
    ExitCode::SUCCESS
}
