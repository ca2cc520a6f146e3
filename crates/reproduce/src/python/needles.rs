//! The needles of `search.py`, handed over in a temporary file.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// The needles of [`Python::search`], in a temporary file that is removed
/// when this is dropped.
pub(super) struct NeedleFile {
    pub(super) path: PathBuf,
}

/// What `search.py --needles` reads.
#[derive(Serialize)]
struct Needles<'a> {
    batches: &'a [Vec<u32>],
}

impl NeedleFile {
    pub(super) fn write(needles: &[Vec<u32>]) -> Result<NeedleFile, String> {
        // The process id and a counter make the name unique among runs and
        // among threads; `create_new` refuses to overwrite anything.
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "reproduce-needles-{}-{}.json",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let cannot = |err: &dyn std::fmt::Display| format!("cannot write the needles to {}: {err}", path.display());
        let file = std::fs::File::create_new(&path).map_err(|err| cannot(&err))?;
        // From here on the file exists: the guard removes it on every path.
        let guard = NeedleFile { path: path.clone() };
        let mut writer = io::BufWriter::new(file);
        serde_json::to_writer(&mut writer, &Needles { batches: needles }).map_err(|err| cannot(&err))?;
        io::Write::flush(&mut writer).map_err(|err| cannot(&err))?;
        Ok(guard)
    }
}

impl Drop for NeedleFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
