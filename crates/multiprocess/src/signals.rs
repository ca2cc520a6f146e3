//! An interrupt is not a death: what the parent does on `SIGINT`, `SIGTERM`
//! and `SIGHUP`.
//!
//! A watcher thread kills and reaps every live worker ([`stop_all_workers`]),
//! says so in one line and exits with the code a shell expects, 128 + the
//! signal's number (130 for `SIGINT`, 143 for `SIGTERM`). The runner threads
//! see their workers' pipes break meanwhile, exactly as when a worker dies;
//! [`stopping`] is how they tell the two apart.

use std::io::{self, Read, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};

use concurrency_core::print_err;

use crate::registry::stop_all_workers;

// ANCHOR: interrupt
/// The signals that stop the program. Their numbers are the same on every
/// Unix (POSIX fixes them), so they need no bindings.
const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// The signal the program is stopping on, 0 until one arrives. Set inside
/// the signal handler itself, before anything else happens.
static STOPPING_ON: AtomicI32 = AtomicI32::new(0);

/// `true` once `SIGINT`, `SIGTERM` or `SIGHUP` has arrived: the program is
/// shutting down, and the workers are being killed by it.
///
/// This is what keeps an interrupt from looking like a crash. The watcher
/// kills the workers, so every runner thread talking to one sees its pipe
/// break, exactly as when a worker dies. The flag is raised before the
/// first worker is killed, so a runner that checks it *after* seeing a
/// pipe break and reaping ([`park_if_stopping`]) can tell the two apart:
/// a worker killed by our own shutdown is not a death.
pub fn stopping() -> bool {
    STOPPING_ON.load(Ordering::SeqCst) != 0
}

/// Called by a runner thread that is about to report a worker's death or
/// failure: while the program is being interrupted, that news is our own
/// doing, and the watcher thread is about to exit the process with the
/// signal's code. So the thread waits for that instead of racing it with a
/// false warning or an exit code of its own.
pub fn park_if_stopping() {
    if stopping() {
        wait_for_the_exit()
    }
}

/// Waits for the signal watcher's `exit`, which ends every thread.
pub(crate) fn wait_for_the_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// Installs, once, the handler for `SIGINT` (Ctrl-C), `SIGTERM` (`kill`)
/// and `SIGHUP`: the runner calls it before it starts its first worker.
///
/// A signal handler may do almost nothing (no lock, no allocation), so ours
/// only records which signal came and wakes a watcher thread through a
/// pipe, the classic "self-pipe" trick. The watcher does the real work in
/// ordinary code: [`stop_all_workers`], one line, and the exit code.
pub(crate) fn install_signal_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        if let Err(err) = watch_signals() {
            print_err!("warning: cannot watch for SIGINT and SIGTERM ({err}); an interrupt would not stop the workers");
        }
    });
}

fn watch_signals() -> io::Result<()> {
    let (mut wake, wake_writer) = io::pipe()?;
    for signal in [SIGHUP, SIGINT, SIGTERM] {
        let writer = wake_writer.try_clone()?;
        let on_signal = move || {
            // The first signal names the exit code; later ones change nothing.
            let _ = STOPPING_ON.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
            let _ = (&writer).write(&[1]);
        };
        // SAFETY: `on_signal` runs inside a signal handler, where only
        // async-signal-safe operations are allowed. It does two: an atomic
        // compare-exchange and one write(2) to a pipe. It takes no lock and
        // allocates nothing.
        unsafe { signal_hook_registry::register(signal, on_signal) }?;
    }
    std::thread::Builder::new()
        .name("signal-watch".to_owned())
        .spawn(move || {
            let mut byte = [0];
            if wake.read_exact(&mut byte).is_ok() {
                let signal = STOPPING_ON.load(Ordering::SeqCst);
                let stopped = stop_all_workers();
                let workers = if stopped == 1 { "worker" } else { "workers" };
                print_err!("interrupted: stopped {stopped} {workers}");
                std::process::exit(128 + signal)
            }
        })?;
    Ok(())
}
// ANCHOR_END: interrupt
