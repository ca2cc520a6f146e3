//! The index of the results folder.

use std::fmt::Write as _;
use std::path::Path;

use crate::{Settings, Summary};

/// The index of the results folder: what each file holds. With
/// `keep_others` (a run of some chapters, `--only`), the entries of the
/// previous index whose files are still there stay, in their places, and
/// this run's entries replace theirs or come after them; otherwise the
/// index lists this run's files alone.
pub fn write_index(out: &Path, summary: &Summary, settings: &Settings, keep_others: bool) -> std::io::Result<()> {
    let index = out.join("index.md");
    let mut entries: Vec<(String, String)> = Vec::new();
    if keep_others && let Ok(old) = std::fs::read_to_string(&index) {
        for line in old.lines() {
            let name = line
                .strip_prefix("- [")
                .and_then(|rest| rest.split_once(']'))
                .map(|(name, _)| name);
            if let Some(name) = name.filter(|name| out.join(name).is_file()) {
                entries.push((name.to_owned(), line.to_owned()));
            }
        }
    }
    // The "How we measure" page, which every stamp links, comes first.
    if !entries.iter().any(|(n, _)| n == crate::method::FILE) {
        let name = crate::method::FILE.to_owned();
        entries.insert(0, (name.clone(), format!("- [{name}]({name}): how we measure")));
    }
    for (path, ok) in &summary.written {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mark = if *ok { "" } else { " (**a check failed**)" };
        let line = format!("- [{name}]({name}){mark}");
        match entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = line,
            None => entries.push((name, line)),
        }
    }
    let mut text = format!(
        "# Results\n\nWritten by `{}` in the run of {}. {}",
        settings.command(),
        crate::run::run_line(&summary.run),
        settings.parameters(),
    );
    let minutes = summary.elapsed.as_secs_f64() / 60.0;
    let _ = write!(
        text,
        " The run took {} (`reproduce` alone, without building it or the criterion benches).\n\n",
        if minutes < 1.0 {
            format!("{:.0} s", summary.elapsed.as_secs_f64())
        } else {
            format!("{minutes:.0} min")
        },
    );
    for (_, line) in &entries {
        let _ = writeln!(text, "{line}");
    }
    for (chapter, reason) in &summary.failures {
        let _ = writeln!(text, "- {}: **failed**: {reason}", chapter.file_stem());
    }
    std::fs::write(index, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_only_run_keeps_the_other_entries_of_the_index() {
        let out = std::env::temp_dir().join(format!("reproduce-index-{}", std::process::id()));
        std::fs::create_dir_all(&out).expect("a temporary folder");
        for name in ["sync.md", "io-bound.md", "io-bound-sweep.svg"] {
            std::fs::write(out.join(name), "").expect("writable");
        }
        let written = |names: &[(&str, bool)]| Summary {
            written: names.iter().map(|&(n, ok)| (out.join(n), ok)).collect(),
            failures: Vec::new(),
            run: "2026-12-02 11:10 UTC, commit abc1234".to_owned(),
            elapsed: std::time::Duration::from_secs(90),
            machine: None,
        };
        let settings = Settings::quick_for_tests();
        let read = || std::fs::read_to_string(out.join("index.md")).expect("an index");
        write_index(
            &out,
            &written(&[("sync.md", true), ("gone.md", true)]),
            &settings,
            false,
        )
        .expect("written");
        write_index(
            &out,
            &written(&[("io-bound.md", false), ("io-bound-sweep.svg", true)]),
            &settings,
            true,
        )
        .expect("written");
        let index = read();
        assert!(
            index.contains(
                "- [sync.md](sync.md)\n- [io-bound.md](io-bound.md) (**a check failed**)\n- [io-bound-sweep.svg]"
            ),
            "{index}"
        );
        assert!(!index.contains("gone.md"), "{index}");
        write_index(&out, &written(&[("io-bound.md", true)]), &settings, false).expect("written");
        assert!(!read().contains("sync.md"), "{}", read());
        let _ = std::fs::remove_dir_all(&out);
    }
}
