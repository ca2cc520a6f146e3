//! The structure profile: each round profiles every Rust structure in turn,
//! then Python searches each of its structures once (new numbers in every
//! run, as the Rust passes have).

use chapter_search::{Plan, Profile, Structure, profile_all};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::{Measured, Rounds, Sample, Stat};
use crate::python::{Python, SearchRun};

/// What a row of the profile's rounds reported: the Rust profile of every
/// structure, or one pass of `python/search.py` over one structure.
enum ProfileReport {
    Rust(Vec<Profile>),
    Python(SearchRun),
}

/// Python's structures (`search.py --mode`), each beside the Rust structure
/// that searches the same way.
pub(super) const PYTHON_STRUCTURES: [(&str, Structure); 4] = [
    ("list", Structure::Vec),
    ("tuple", Structure::Vec),
    ("set", Structure::HashSet),
    ("dict", Structure::HashSet),
];

/// The profile's rows, Rust's and Python's, measured in the same rounds.
pub(super) struct Profiles {
    /// Every Rust structure's profile, one per round.
    pub rust: Measured<Vec<Profile>>,
    /// One row per Python structure of [`PYTHON_STRUCTURES`] (none without
    /// Python).
    pub python: Vec<Measured<SearchRun>>,
}

/// Runs the profile's rows in interleaved rounds.
pub(super) fn measure(
    settings: &Settings,
    python: &Result<Python, String>,
    base: Plan,
    report: &mut dyn FnMut(&str),
) -> Result<Profiles, String> {
    let Plan {
        seed, size, max_needle, ..
    } = base;
    let mut rows: Rounds<'_, ProfileReport> = Rounds::new();
    rows.add("structure profile", || {
        let sample = Sample::timed(|| Ok(profile_all(seed, size, max_needle)))?;
        Ok(Sample {
            secs: sample.secs,
            report: ProfileReport::Rust(sample.report),
        })
    });
    if let Ok(python) = python {
        for (i, (name, _)) in PYTHON_STRUCTURES.iter().enumerate() {
            let mut pass = 0;
            rows.add_limited(format!("Python {name}"), settings.python_rounds(), move || {
                // Batches far past the batch table's, one per run.
                pass += 1;
                let batch = 1_000 * (i as u64 + 1) + pass;
                let needles = [chapter_search::needles(seed, batch, max_needle)];
                let run = python.search(name, &needles, u64::from(size), 1)?;
                let expected = needles[0].iter().filter(|&&v| v < size).count() as u64;
                if run.found != expected {
                    return Err(format!("found {} numbers, not {expected}", run.found));
                }
                Ok(Sample {
                    secs: run.elapsed,
                    report: ProfileReport::Python(run),
                })
            });
        }
    }
    let mut measured = rows.run(settings.rounds(), report).into_iter();
    let rust = measured.next().map(|m| {
        m.filter_map(|r| match r {
            ProfileReport::Rust(profiles) => Some(profiles),
            ProfileReport::Python(_) => None,
        })
    });
    let python: Vec<Measured<SearchRun>> = measured
        .map(|m| {
            m.filter_map(|r| match r {
                ProfileReport::Python(run) => Some(run),
                ProfileReport::Rust(_) => None,
            })
        })
        .collect();
    Ok(Profiles {
        rust: rust.ok_or("the profile did not run")?,
        python,
    })
}

/// One row per structure: the count, and the median search and build
/// times over the rounds.
pub(super) fn table(profiles: &Measured<Vec<Profile>>) -> Table {
    let mut table = Table::new([
        ("Structure", Align::Left),
        ("Found", Align::Right),
        ("Search time", Align::Right),
        ("Build time", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for (i, structure) in Structure::ALL.iter().enumerate() {
        let mine: Vec<&Profile> = profiles.reports().filter_map(|round| round.get(i)).collect();
        let stat = |f: &dyn Fn(&Profile) -> f64| {
            Stat::of(&mine.iter().map(|p| f(p)).collect::<Vec<_>>()).map_or("-".to_owned(), |s| s.secs_cell())
        };
        table.push_row([
            structure.label().to_owned(),
            mine.first().map_or("-".to_owned(), |p| {
                chapter_search::verdict(p.found as u64, p.expected as u64)
            }),
            stat(&|p| p.search.as_secs_f64()),
            stat(&|p| p.build.as_secs_f64()),
            structure.tutorial().to_owned(),
        ]);
    }
    table
}
