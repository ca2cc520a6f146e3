//! Running a child process to its end, or to a time limit, with its output.

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::STARTUP;

/// `program --version`: `Python 3.11.7`, or why it cannot be run.
pub(super) fn version_of(program: &str) -> Result<String, String> {
    let mut command = Command::new(program);
    command.arg("--version");
    match output_within(&mut command, Some(STARTUP)) {
        Ok(Some(output)) if output.status.success() => {
            // Old Pythons print the version on standard error.
            let text = [output.stdout, output.stderr].concat();
            Ok(String::from_utf8_lossy(&text).trim().to_owned())
        }
        Ok(Some(output)) => Err(format!("{program} --version failed ({})", output.status)),
        Ok(None) => Err(format!("{program} --version did not answer")),
        Err(err) => Err(format!("{program} not found ({err})")),
    }
}

/// Runs `command` to the end within `limit`: `Err` with the last line it
/// wrote on standard error (pip's and venv's messages end with the reason)
/// when it fails.
pub(super) fn finished(command: &mut Command, limit: Duration) -> Result<(), String> {
    match output_within(command, Some(limit)) {
        Ok(Some(output)) if output.status.success() => Ok(()),
        Ok(Some(output)) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
            Err(format!("{}: {}", output.status, last.trim()))
        }
        Ok(None) => Err(format!("it ran for more than {} s and was stopped", limit.as_secs())),
        Err(err) => Err(err.to_string()),
    }
}

/// Runs `command` with its output captured, as [`Command::output`] does,
/// but gives up on it after `limit` (if any): then the child is killed and
/// reaped, and the answer is `Ok(None)`. Every child is waited for.
///
/// Standard output and error are read on two threads while this one
/// watches the clock, so a chatty child never blocks on a full pipe. A
/// child that started processes of its own (a `multiprocessing.Pool`) may
/// leave them holding the pipes for a moment after it is killed; they
/// notice that their parent is gone at their next task, and the readers
/// are not waited for longer than [`AFTER_EXIT`].
pub(super) fn output_within(command: &mut Command, limit: Option<Duration>) -> io::Result<Option<Output>> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = limit.map(|limit| Instant::now() + limit);
    let status: Option<ExitStatus> = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => break None,
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(err);
            }
        }
    };
    let Some(status) = status else {
        // Out of time: kill it, and reap it so no zombie is left behind.
        let _ = child.kill();
        child.wait()?;
        return Ok(None);
    };
    Ok(Some(Output {
        status,
        stdout: stdout.recv_timeout(AFTER_EXIT).unwrap_or_default(),
        stderr: stderr.recv_timeout(AFTER_EXIT).unwrap_or_default(),
    }))
}

/// How often [`output_within`] looks whether the child has ended.
const POLL: Duration = Duration::from_millis(10);
/// How long the output of a child that has ended may take to arrive.
const AFTER_EXIT: Duration = Duration::from_secs(5);

/// Reads `pipe` to its end on a thread of its own; the bytes arrive on the
/// channel (nothing, if there is no pipe or it cannot be read).
fn read_in_background<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(bytes);
    });
    receiver
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_child_that_runs_past_its_limit_is_killed_and_reaped() {
        let started = Instant::now();
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30");
        let output = output_within(&mut sleeper, Some(Duration::from_millis(200))).expect("sleep starts");
        assert!(output.is_none(), "{output:?}");
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        let mut echo = Command::new("echo");
        echo.arg("done");
        let output = output_within(&mut echo, Some(Duration::from_secs(30)))
            .expect("echo starts")
            .expect("echo finishes in time");
        assert_eq!(output.stdout, b"done\n");
    }
}
