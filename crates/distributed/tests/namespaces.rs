//! Hosts of their own: three network namespaces, each with an address of
//! its own (10.77.0.1 to 10.77.0.3), joined by veth pairs to a bridge in a
//! fourth, stand in for three machines. A host file names them, and one
//! member is started in each (`ip netns exec`), as a reader would start one
//! on each machine. Needs root (CI runs as root); elsewhere each test prints
//! "skipped: <reason>" and passes. `just cluster-namespaces` runs them.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use concurrency_core::known_prime_count;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-distributed");

/// The members' port, in each namespace.
const PORT: u16 = 2101;

/// Runs `ip` with `args`, or says why it failed.
fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run ip: {err}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Three "hosts" and the hub that joins them, and the members started in
/// them. Dropping it kills and reaps the members, then deletes the
/// namespaces (which removes their links), also when a test fails.
struct Hosts {
    hub: String,
    hosts: Vec<String>,
    dir: std::path::PathBuf,
    members: Vec<Child>,
}

impl Hosts {
    /// Makes the namespaces `{tag}-hub` and `{tag}-0..3`: a bridge in the
    /// hub, a veth pair from it to each host, whose end is `eth0` with the
    /// address 10.77.0.(i+1)/24.
    fn new(tag: &str, count: usize) -> Result<Hosts, String> {
        let name = format!("cd{}{tag}", std::process::id());
        let mut made = Hosts {
            hub: format!("{name}-hub"),
            hosts: Vec::new(),
            dir: std::env::temp_dir().join(format!("chapter-distributed-{name}")),
            members: Vec::new(),
        };
        ip(&["netns", "add", &made.hub])?;
        ip(&["-n", &made.hub, "link", "add", "br0", "type", "bridge"])?;
        ip(&["-n", &made.hub, "link", "set", "br0", "up"])?;
        for index in 0..count {
            let host = format!("{name}-{index}");
            ip(&["netns", "add", &host])?;
            made.hosts.push(host.clone());
            let veth = format!("v{index}");
            ip(&[
                "-n", &made.hub, "link", "add", &veth, "type", "veth", "peer", "name", "eth0", "netns", &host,
            ])?;
            ip(&["-n", &made.hub, "link", "set", &veth, "master", "br0", "up"])?;
            ip(&[
                "-n",
                &host,
                "addr",
                "add",
                &format!("{}/24", address(index)),
                "dev",
                "eth0",
            ])?;
            ip(&["-n", &host, "link", "set", "eth0", "up"])?;
            ip(&["-n", &host, "link", "set", "lo", "up"])?;
        }
        std::fs::create_dir_all(&made.dir).map_err(|err| format!("cannot make {}: {err}", made.dir.display()))?;
        Ok(made)
    }

    /// Writes the host file and starts one member in each host.
    fn start(&mut self, args: &[&str]) {
        let hostfile = self.dir.join("hosts.txt");
        let lines: Vec<String> = (0..self.hosts.len())
            .map(|index| format!("{}:{PORT}", address(index)))
            .collect();
        std::fs::write(&hostfile, lines.join("\n") + "\n").unwrap();
        for (index, host) in self.hosts.iter().enumerate() {
            let child = Command::new("ip")
                .args(["netns", "exec", host, BIN, "--hostfile", hostfile.to_str().unwrap()])
                .args(["--process", &index.to_string()])
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            self.members.push(child);
        }
    }

    /// Waits for every member, killing all if one runs past `limit`.
    fn wait(&mut self, limit: Duration) -> Vec<Output> {
        let start = Instant::now();
        while self
            .members
            .iter_mut()
            .any(|member| matches!(member.try_wait(), Ok(None)))
        {
            assert!(start.elapsed() < limit, "a member still runs after {limit:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
        self.members
            .drain(..)
            .map(|member| member.wait_with_output().unwrap())
            .collect()
    }
}

impl Drop for Hosts {
    fn drop(&mut self) {
        for member in &mut self.members {
            let _ = member.kill();
            let _ = member.wait();
        }
        for host in self.hosts.iter().chain([&self.hub]) {
            let _ = ip(&["netns", "del", host]);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn address(index: usize) -> String {
    format!("10.77.0.{}", index + 1)
}

/// The hosts, or `None` after printing why they cannot be made here.
fn hosts_or_skip(tag: &str) -> Option<Hosts> {
    match Hosts::new(tag, 3) {
        Ok(hosts) => Some(hosts),
        Err(reason) => {
            println!("skipped: cannot make network namespaces here ({reason})");
            None
        }
    }
}

/// How many TCP connections are established in namespace `host`.
fn established(host: &str) -> usize {
    let out = Command::new("ip")
        .args(["netns", "exec", host, "ss", "-Htn", "state", "established"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

/// No namespace of `hosts` is left.
fn assert_removed(names: &[String]) {
    let out = Command::new("ip").args(["netns", "list"]).output().unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    for name in names {
        assert!(
            !list.lines().any(|line| line.split_whitespace().next() == Some(name)),
            "{name} is left: {list}"
        );
    }
}

#[test]
fn three_members_on_hosts_of_their_own_count_exactly() {
    let Some(mut hosts) = hosts_or_skip("a") else { return };
    let names: Vec<String> = hosts.hosts.iter().chain([&hosts.hub]).cloned().collect();
    let limit = 1_000_000;
    hosts.start(&["--limit", "1e6", "--connect-timeout", "20"]);
    let outs = hosts.wait(Duration::from_secs(120));
    let expected = known_prime_count(limit).unwrap();
    for (index, out) in outs.iter().enumerate() {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "member {index}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(&format!("total: {expected} primes in 1..={limit} (exact")),
            "{stdout}"
        );
    }
    drop(hosts);
    assert_removed(&names);
}

/// A host whose link goes down mid-run (its connections stay open, its
/// packets are dropped) never sends its partial count: every member ends
/// by itself within the progress deadline, with one line. The first of the
/// others to give up names the silent host; one that gives up after it may
/// instead report that it lost that first one (its connection closed).
#[test]
fn a_host_cut_off_mid_run_ends_every_member_within_the_progress_deadline() {
    if Command::new("ss").arg("-V").output().is_err() {
        println!("skipped: ss (iproute2) is not installed");
        return;
    }
    let Some(mut hosts) = hosts_or_skip("b") else { return };
    hosts.start(&["--limit", "5e7", "--progress-timeout", "2", "--connect-timeout", "20"]);
    // Cut it once the cluster is connected: every host has its two
    // connections.
    let start = Instant::now();
    while hosts.hosts.iter().any(|host| established(host) < 2) {
        if start.elapsed() >= Duration::from_secs(30) {
            // Say what the members said: they end by their connect deadline.
            let said: Vec<String> = (hosts.wait(Duration::from_secs(30)).iter())
                .map(|out| format!("{}: {}", out.status, String::from_utf8_lossy(&out.stderr)))
                .collect();
            panic!("the cluster did not connect within 30 s; the members said: {said:#?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Established in the kernel; a moment more for each member to take its
    // connections (it looks every 100 ms) before the count, seconds long.
    std::thread::sleep(Duration::from_secs(1));
    let hub = hosts.hub.clone();
    ip(&["-n", &hub, "link", "set", "v2", "down"]).unwrap();
    let outs = hosts.wait(Duration::from_secs(90));
    let mut named = false;
    for (index, out) in outs.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(3 | 5)), "member {index}: {stderr}");
        let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        named |= index != 2 && errors[0].contains("no partial count from process 2 ");
    }
    assert!(named, "no member named the host cut off: {outs:?}");
}

/// A host that cannot be reached at start (its link is down before the
/// members start: its packets are dropped, nothing refuses them) ends every
/// member within the connect deadline, each with one line naming the peers
/// that did not connect.
#[test]
fn a_host_unreachable_at_start_ends_every_member_within_the_connect_deadline() {
    let Some(mut hosts) = hosts_or_skip("c") else { return };
    let hub = hosts.hub.clone();
    ip(&["-n", &hub, "link", "set", "v2", "down"]).unwrap();
    hosts.start(&["--limit", "1e6", "--connect-timeout", "3"]);
    let outs = hosts.wait(Duration::from_secs(90));
    for (index, out) in outs.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "member {index}: {stderr}");
        let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        let named = if index == 2 {
            format!("could not connect to process 0 at {}:{PORT} (", address(0))
        } else {
            format!("process 2 at {}:{PORT} (", address(2))
        };
        assert!(
            errors[0].contains(&named) && errors[0].contains("--connect-timeout"),
            "{stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "nothing on standard output: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
