//! The chapter's claims, run as a reader runs them: the binary, on loopback.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use concurrency_core::known_prime_count;
use concurrency_core::testing::{
    assert_orphans_exit, assert_refuses, exists, run_binary, start_with_children, wait_for_children,
};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-distributed");

/// The rows of the table a run printed (Markdown into a pipe): the lines
/// that start with `|` and a digit.
fn rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter(|line| {
            line.trim_start_matches(['|', ' '])
                .starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|line| {
            line.split('|')
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn assert_exact_cluster(processes: usize, workers: usize, limit: u64) {
    assert_exact_cluster_with(processes, workers, limit, "trial-division");
}

/// The run's total is pi(`limit`), every process counted a share, with
/// the `kernel` given.
fn assert_exact_cluster_with(processes: usize, workers: usize, limit: u64, kernel: &str) {
    let out = run_binary(
        BIN,
        &[
            "--processes",
            &processes.to_string(),
            "--workers",
            &workers.to_string(),
            "--limit",
            &limit.to_string(),
            "--kernel",
            kernel,
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = known_prime_count(limit).unwrap();
    assert!(
        stdout.contains(&format!("total: {expected} primes in 1..={limit} (exact")),
        "{stdout}"
    );
    let rows = rows(&stdout);
    assert_eq!(rows.len(), processes, "{stdout}");
    let mut pids: Vec<&str> = rows.iter().map(|row| row[1].as_str()).collect();
    pids.dedup();
    assert_eq!(pids.len(), processes, "one pid per process: {stdout}");
    let checked: u64 = rows.iter().map(|row| row[3].parse::<u64>().unwrap()).sum();
    assert_eq!(checked, limit, "every number checked once: {stdout}");
    assert!(rows.iter().all(|row| row[2] == workers.to_string()), "{stdout}");
    // Every process did a share: the work was distributed.
    assert!(rows.iter().all(|row| row[4].parse::<u64>().unwrap() > 0), "{stdout}");
}

#[test]
fn two_processes_on_loopback_count_exactly() {
    assert_exact_cluster(2, 1, 100_000);
}

#[test]
fn three_processes_of_two_workers_count_exactly() {
    assert_exact_cluster(3, 2, 1_000_000);
}

#[test]
fn the_primes_are_listed_at_small_n() {
    for kernel in ["trial-division", "sieve"] {
        let out = run_binary(
            BIN,
            &["--processes", "2", "--limit", "30", "--primes", "--kernel", kernel],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}");
        assert!(
            stdout.contains("primes: 2 3 5 7 11 13 17 19 23 29\n"),
            "{kernel}: {stdout}"
        );
    }
}

/// `--kernel sieve`: each worker sieves the blocks of its share.
#[test]
fn the_sieve_kernel_counts_exactly() {
    assert_exact_cluster_with(2, 2, 10_000_000, "sieve");
}

/// The claim: pi(10^11) by three processes sieving, exact. Minutes
/// in a release build on two cores: `cargo test --release -p
/// chapter-distributed -- --ignored`.
#[test]
#[ignore = "minutes: run with --release -- --ignored"]
fn three_processes_sieve_to_10_to_the_11_exactly() {
    let out = run_binary(BIN, &["--processes", "3", "--kernel", "sieve", "--limit", "1e11"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("total: 4118054813 primes in 1..=100000000000 (exact"),
        "{stdout}"
    );
}

/// `--hostfile` mode, as on several machines: each member started by hand
/// with its own `--process`, each printing its row and the whole total.
#[test]
fn members_started_by_hand_from_a_host_file_agree() {
    let ports: Vec<TcpListener> = (0..2).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    let hosts: Vec<String> = ports.iter().map(|l| l.local_addr().unwrap().to_string()).collect();
    drop(ports);
    let dir = std::env::temp_dir().join(format!("chapter-distributed-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostfile = dir.join("hosts.txt");
    std::fs::write(&hostfile, format!("# two members on loopback\n{}\n", hosts.join("\n"))).unwrap();
    let members: Vec<_> = (0..2)
        .map(|process| {
            Command::new(BIN)
                .args([
                    "--hostfile",
                    hostfile.to_str().unwrap(),
                    "--process",
                    &process.to_string(),
                    "--limit",
                    "100000",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for member in members {
        let out = member.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("total: 9592 primes in 1..=100000 (exact"), "{stdout}");
        assert_eq!(rows(&stdout).len(), 1, "{stdout}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// timely does not recover a lost process: one killed from outside ends the
/// run within seconds, with one line naming it, and no member left behind.
#[test]
fn a_killed_process_ends_the_run_naming_it_and_leaves_no_orphans() {
    let mut launcher = Command::new(BIN)
        .args(["--processes", "3", "--limit", "1e10"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let members = wait_for_children(launcher.id(), 3);
    assert_eq!(members.len(), 3, "three members started");
    std::thread::sleep(Duration::from_millis(500)); // let them connect and start counting
    let victim = members[1];
    let killed = Instant::now();
    let status = Command::new("kill")
        .args(["-KILL", &victim.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = killed + Duration::from_secs(5);
    let exit = loop {
        if let Some(exit) = launcher.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the run went on for 5 s after a member was killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(1));
    let mut stderr = String::new();
    launcher.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(&format!("(pid {victim}) was killed by signal 9")),
        "{stderr}"
    );
    let left: Vec<u32> = members.iter().copied().filter(|&pid| exists(pid)).collect();
    assert!(left.is_empty(), "members left behind: {left:?}");
}

/// A launcher killed outright runs no cleanup: its members notice by
/// themselves (they watch their parent) and exit.
#[test]
fn members_of_a_killed_launcher_exit_by_themselves() {
    let (launcher, members) = start_with_children(BIN, &["--processes", "2", "--limit", "1e10"], 2);
    assert_orphans_exit(launcher, &members, Duration::from_secs(10));
}

#[test]
fn bad_input_is_refused_in_one_line() {
    let dir = std::env::temp_dir().join(format!("chapter-distributed-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "alpha:2101\nbeta\n").unwrap();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = dir.join("busy.txt");
    std::fs::write(&busy, format!("{}\n127.0.0.1:9\n", taken.local_addr().unwrap())).unwrap();
    let twice = dir.join("twice.txt");
    std::fs::write(&twice, "127.0.0.1:2101\n127.0.0.1:2101\n").unwrap();
    let (bad, busy, twice) = (bad.to_str().unwrap(), busy.to_str().unwrap(), twice.to_str().unwrap());
    assert_refuses(
        BIN,
        &[
            &["--processes", "0"],
            &["--workers", "0"],
            &["--limit", "0"],
            &["--limit", "abc"],
            &["--limit", "1e11"],
            &["--kernel", "sieve", "--limit", "2e12"],
            &["--kernel", "bogus"],
            &["--primes", "--limit", "1000000"],
            &["--process", "0"],
            &["--hostfile", bad, "--process", "0"],
            &["--hostfile", busy, "--process", "0"],
            &["--hostfile", busy, "--process", "2"],
            &["--hostfile", "/no/such/hosts.txt", "--process", "0"],
            &["--hostfile", twice, "--process", "0"],
            &["--hostfile", busy, "--process", "0", "--connect-timeout", "0"],
            &["--progress-timeout", "0"],
            &["--progress-timeout", "soon"],
            &["--retries", "11"],
        ],
    );
    let out = run_binary(BIN, &["--hostfile", twice, "--process", "0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is already the address of process 0"), "{stderr}");
    let out = run_binary(BIN, &["--hostfile", bad, "--process", "0"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    let out = run_binary(BIN, &["--limit", "1e11"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--kernel sieve counts up to 1000000000000"), "{stderr}");
    // An empty name gets a sentence of its own, not `possible values: `.
    let out = run_binary(BIN, &["--hostfile", "", "--process", "0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the name of a host file cannot be empty"), "{stderr}");
    assert!(!stderr.contains("possible values"), "{stderr}");
    let out = run_binary(BIN, &["--hostfile", busy, "--process", "0"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("in use"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(taken);
    let _ = std::fs::remove_dir_all(&dir);
}
