//! The page under several interpreters (`--python python3 --python
//! python3.14t`): the extension built for each, the rows' labels, and the
//! column that names the interpreter and its GIL beside every row.

use std::fmt::Write as _;

use indicatif::ProgressBar;

use super::extension::{Extension, Run, workspace};
use crate::Settings;
use crate::measure::Measured;

/// `first`, the extension of the first interpreter, followed by the
/// extension built for each other interpreter of the run; and a paragraph
/// on those that could not be built (empty when all were).
pub(super) fn with_others(settings: &Settings, first: Extension, bar: &ProgressBar) -> (Vec<Extension>, String) {
    let workspace = workspace();
    let tools = workspace.join(super::VENV);
    let mut extensions = vec![first];
    let mut not_built = String::new();
    for (k, python) in settings.other_pythons.iter().enumerate() {
        bar.set_message(format!("Python extension: maturin build -i {}", python.program));
        match Extension::build_for(&workspace, &tools, python, k + 1) {
            Ok(extension) => extensions.push(extension),
            Err(why) => {
                bar.println(format!("error: the Python extension for {}: {why}", python.program));
                let _ = writeln!(
                    not_built,
                    "**Not measured under `{}` ({}):** {why}.\n",
                    python.program, python.version
                );
            }
        }
    }
    (extensions, not_built)
}

/// The interpreters of the page and how the extension was built for them,
/// as the paragraph above the tables says it.
pub(super) fn names(extensions: &[Extension]) -> String {
    match extensions {
        [first, others @ ..] if !others.is_empty() => {
            let others: Vec<String> = others.iter().map(|e| format!("`{}`", e.version)).collect();
            format!(
                "`{}` (the extension built by `maturin develop --release`, abi3) and on {} (a wheel built for each \
                 by `maturin build -i`: version-specific for a free-threaded build, which abi3 cannot serve), \
                 each mode's rows side by side in the same rounds; a row's speedups are over the one-call rows of \
                 its own interpreter",
                first.version,
                others.join(", ")
            )
        }
        [one, ..] => format!(
            "{} with the extension built by `maturin develop --release` (abi3)",
            one.version
        ),
        [] => "no interpreter".to_owned(),
    }
}

/// A row's label: `` `python` `` with one interpreter; with several,
/// `` `python` on python3.14t ``, named as `--python` named it.
pub(super) fn row_label(mode: &str, extension: &Extension, interpreters: usize) -> String {
    if interpreters == 1 {
        format!("`{mode}`")
    } else {
        format!("`{mode}` on {}", extension.program_name())
    }
}

/// The "Python" cell of a row: the interpreter and its GIL as the runs
/// reported them, after importing the extension (a free-threaded build
/// whose GIL an import turned back on says `GIL on`), or as the interpreter
/// reported itself before any run.
pub(super) fn cell(measured: &Measured<Run>, extension: &Extension) -> String {
    measured
        .reports()
        .find_map(|run| run.interpreter.as_ref())
        .map_or_else(|| extension.version.clone(), |interpreter| interpreter.label())
}
