//! The host file: one `host:port` line per process, in the order of their
//! indices, the format timely's own `-h` option reads. The same file goes
//! to every machine; each is started with its own `--process`.

use std::net::TcpListener;
use std::path::Path;

/// Reads the host file at `path`: its `host:port` lines, blank lines and
/// `#` comments skipped. An error is one line naming the file and the line.
pub fn read_hostfile(path: &Path) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|err| format!("cannot read the host file {}: {err}", path.display()))?;
    parse_hosts(&text).map_err(|err| format!("host file {}: {err}", path.display()))
}

/// The addresses in a host file's `text`.
pub fn parse_hosts(text: &str) -> Result<Vec<String>, String> {
    let mut hosts = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let valid = line.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty() && !host.contains(char::is_whitespace) && port.parse::<u16>().is_ok_and(|port| port != 0)
        });
        if !valid {
            return Err(format!(
                "line {}: expected host:port (a port from 1 to 65535), found {line:?}",
                number + 1
            ));
        }
        // Two processes cannot listen on one address: the second would
        // fail to bind only after waiting for the first, or connect to it
        // instead of to a peer of its own.
        if let Some(first) = hosts.iter().position(|(_, host): &(usize, String)| host == line) {
            return Err(format!(
                "line {}: {line} is already the address of process {first} (line {}): \
                 each process needs an address of its own",
                number + 1,
                hosts[first].0
            ));
        }
        hosts.push((number + 1, line.to_owned()));
    }
    if hosts.is_empty() {
        return Err("names no process (one host:port line per process)".to_owned());
    }
    Ok(hosts.into_iter().map(|(_, host)| host).collect())
}

/// Checks that this process can listen on `address` before timely tries:
/// timely would otherwise first wait for the lower-numbered processes and
/// only then fail to bind, and say less about it. (Another program may
/// still take the port between this check and timely's bind; then timely's
/// own error is reported.)
pub fn check_can_listen(address: &str) -> Result<(), String> {
    TcpListener::bind(address)
        .map(drop)
        .map_err(|err| format!("cannot listen on {address}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_file_parses_with_comments_and_blank_lines() {
        let hosts = parse_hosts("# three machines\nalpha:2101\n\nbeta.example.org:2101\n10.0.0.3:7000\n").unwrap();
        assert_eq!(hosts, ["alpha:2101", "beta.example.org:2101", "10.0.0.3:7000"]);
    }

    #[test]
    fn a_bad_host_file_is_refused_naming_the_line() {
        for (text, needle) in [
            ("alpha:2101\nbeta\n", "line 2"),
            ("alpha:0\n", "line 1"),
            ("alpha:99999\n", "line 1"),
            (":2101\n", "line 1"),
            ("a b:2101\n", "line 1"),
            ("\n# nothing\n", "names no process"),
            (
                "alpha:2101\nbeta:2101\nalpha:2101\n",
                "line 3: alpha:2101 is already the address of process 0 (line 1)",
            ),
        ] {
            let err = parse_hosts(text).unwrap_err();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }

    #[test]
    fn a_port_in_use_is_refused() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = taken.local_addr().unwrap().to_string();
        let err = check_can_listen(&address).unwrap_err();
        assert!(err.contains(&address), "{err}");
    }
}
