//! The guard's tests: real children (`cat`, `false`, `sleep`, a script).

use std::time::{Duration, Instant};

use super::*;
use crate::roles::Channel;

/// `true` while process `pid` exists, zombies included (`kill -0`
/// succeeds on a zombie: it is a child nobody reaped).
fn exists(pid: u32) -> bool {
    Command::new("sh")
        .args(["-c", &format!("kill -0 {pid} 2>/dev/null")])
        .status()
        .is_ok_and(|status| status.success())
}

/// A role for the tests below: `cat` plays it, echoing its job.
struct Echo;

impl Role for Echo {
    const NAME: &'static str = "echo";
    type Job = u64;
    type Reply = u64;
    fn serve(job: u64, channel: &mut Channel<'_, u64>) -> io::Result<()> {
        channel.send(&job)
    }
}

#[test]
fn a_child_answers_one_frame_and_its_status_is_kept() {
    let mut guard = ChildGuard::default();
    // A frame by hand: length 1 (4 little-endian bytes), then postcard's
    // encoding of 42u64, a single byte.
    let mut command = Command::new("printf");
    command.arg(r"\001\000\000\000\052").stdout(Stdio::piped());
    guard.spawn(&mut command).expect("printf starts");
    assert_eq!(guard.read_frame::<u64>(0).expect("one frame"), 42);
    assert!(guard.wait(0).expect("reaped").success());
    assert!(guard.wait(0).expect("the same status again").success());
    assert!(guard.wait(1).is_err(), "there is no child 1");
}

#[test]
fn a_job_goes_in_as_a_frame_and_the_reply_comes_back() {
    // `cat` copies its input, the job's frame, to its output: read back
    // as the reply, it proves the job was framed and the pipe closed
    // (or `cat` would never exit).
    let mut guard = ChildGuard::default();
    let pid = guard.start::<Echo>(Path::new("cat"), &1234).expect("cat starts");
    assert!(pid > 0);
    assert_eq!(guard.collect::<Echo>(0), Ok(1234));
}

#[test]
fn a_child_that_gives_no_reply_is_described() {
    let mut guard = ChildGuard::default();
    guard.start::<Echo>(Path::new("false"), &1).expect("false starts");
    let why = guard.collect::<Echo>(0).expect_err("no reply");
    assert_eq!(why.reason, "exited with code 1");
    assert_eq!(why.index, 0);
    let missing = guard.start::<Echo>(Path::new("/no/such/program"), &1);
    assert!(missing.is_err(), "a program that cannot start is an error at once");
}

#[test]
fn dropping_the_guard_kills_and_reaps_every_child() {
    let mut guard = ChildGuard::with_capacity(2);
    let sleeper = guard.spawn(Command::new("sleep").arg("30")).expect("sleep starts").id();
    let quick = guard.spawn(&mut Command::new("true")).expect("true starts").id();
    assert!(exists(sleeper));
    let started = Instant::now();
    drop(guard);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the sleeper was killed, not awaited"
    );
    assert!(!exists(sleeper), "the running child was left behind");
    assert!(!exists(quick), "the exited child was left a zombie");
}

#[test]
fn a_role_command_names_the_role_and_a_worker_command_none() {
    let role = role_command::<Echo>(Path::new("x"));
    let envs: Vec<_> = role.get_envs().collect();
    assert!(envs.contains(&(ROLE_VAR.as_ref(), Some("echo".as_ref()))), "{envs:?}");
    let plain = worker_command(Path::new("x"));
    let envs: Vec<_> = plain.get_envs().collect();
    assert!(envs.contains(&(ROLE_VAR.as_ref(), None)), "{envs:?}");
    assert!(envs.iter().any(|(name, _)| *name == PARENT_VAR), "{envs:?}");
}

/// A program that reads nothing, answers nothing and runs for a minute: a
/// script, since `start` passes no arguments.
fn silent_program(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("silent.sh");
    std::fs::write(&path, "#!/bin/sh\nexec sleep 60\n").expect("a script is written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("made executable");
    path
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("concurrency-process-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

#[test]
fn a_child_that_gives_no_sign_of_life_is_killed_reaped_and_named() {
    let dir = scratch("silent");
    let silent = silent_program(&dir);
    let mut guard = ChildGuard::default().with_deadline(Duration::from_millis(300));
    let pid = guard.start::<Echo>(&silent, &1).expect("the script starts");
    let started = Instant::now();
    let why = guard.collect::<Echo>(0).expect_err("no beat, no reply");
    assert_eq!((why.index, why.pid), (0, pid));
    assert!(why.reason.starts_with("gave no sign of life for 0.3 s"), "{why}");
    // A loose bound: the deadline plus a busy machine's delays.
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!exists(pid), "the silent child was left behind");
    drop(guard);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_child_that_dies_is_named_while_another_is_awaited() {
    let dir = scratch("dies");
    let silent = silent_program(&dir);
    // The deadline is long: only the death can end this wait.
    let mut guard = ChildGuard::default().with_deadline(Duration::from_secs(600));
    let waited = guard.start::<Echo>(&silent, &1).expect("the script starts");
    let victim = guard.start::<Echo>(&silent, &2).expect("the script starts");
    let started = Instant::now();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        Command::new("kill").args(["-9", &victim.to_string()]).status()
    });
    let why = guard.collect::<Echo>(0).expect_err("child 1 died");
    assert!(killer.join().expect("the killer thread").is_ok_and(|s| s.success()));
    assert_eq!((why.index, why.pid), (1, victim));
    assert_eq!(why.reason, "was killed by signal 9 (SIGKILL)");
    assert!(started.elapsed() < Duration::from_secs(30));
    drop(guard);
    assert!(!exists(waited) && !exists(victim), "a child was left behind");
    let _ = std::fs::remove_dir_all(dir);
}
