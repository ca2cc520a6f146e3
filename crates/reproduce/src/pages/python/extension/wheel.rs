//! The extension for the other interpreters of `--python` (a free-threaded
//! `python3.14t` beside `python3`): a wheel built for that interpreter by
//! the virtual environment's maturin, unpacked under `target/`, and put on
//! that interpreter's `PYTHONPATH` for its runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Extension, check};
use crate::python::{Interpreter, Python};

impl Extension {
    /// The extension built for `python`, the `index`-th interpreter of the
    /// run: `maturin build --release -i PROGRAM` with the maturin of `tools`
    /// (the virtual environment [`Extension::build`] made). For a GIL build
    /// the wheel is abi3; for a free-threaded one maturin builds one for its
    /// own version (`cp314t`), since the abi3 cannot serve it. The wheel is
    /// unpacked into `target/python-ext-INDEX-NAME/site`, which the runs put
    /// on `PYTHONPATH`: the interpreter runs as it was given (the tests'
    /// stand-in included), with nothing installed into it.
    pub(in crate::pages::python) fn build_for(
        workspace: &Path,
        tools: &Path,
        python: &Python,
        index: usize,
    ) -> Result<Extension, String> {
        let program = Path::new(&python.program);
        let name: String = program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' })
            .collect();
        let dir = workspace.join("target").join(format!("python-ext-{index}-{name}"));
        // A wheel left from an earlier build would be taken for this one.
        let _ = std::fs::remove_dir_all(&dir);
        let (wheels, site) = (dir.join("wheel"), dir.join("site"));
        let what = format!("maturin build -i {}", python.program);
        let built = Command::new(tools.join("bin").join("maturin"))
            .args(["build", "--release", "--quiet", "-i"])
            .arg(program)
            .arg("-m")
            .arg(workspace.join("crates/python/Cargo.toml"))
            .arg("--out")
            .arg(&wheels)
            .env_remove("VIRTUAL_ENV")
            .current_dir(workspace)
            .output();
        check(built, &what)?;
        let wheel: PathBuf = std::fs::read_dir(&wheels)
            .map_err(|err| format!("{what}: no wheel in {} ({err})", wheels.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.extension().is_some_and(|e| e == "whl"))
            .ok_or_else(|| format!("{what} wrote no wheel into {}", wheels.display()))?;
        let unpacked = Command::new(program)
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&site)
            .output();
        check(
            unpacked,
            &format!("{} -m zipfile -e (unpacking the wheel)", python.program),
        )?;
        let interpreter = Interpreter::of(program.as_os_str(), &workspace.join("python"))?;
        Ok(Extension {
            python: program.to_path_buf(),
            script: workspace.join("python/extension.py"),
            version: interpreter.label(),
            pythonpath: Some(site),
            name: python.program.clone(),
        })
    }
}
