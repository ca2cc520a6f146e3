//! The data structures, the search, and the per-structure timing table (the
//! tutorial's `kernprof -lv` output, as a table).

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::hash::BuildHasher;
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::{Align, Table, time_it};
use serde::Serialize;

use crate::{expected_found, needles};

// ANCHOR: haystack
/// Something we can ask "is `n` in you?": the Python `in` operator.
pub trait Haystack {
    /// Whether `n` is in the collection.
    fn has(&self, n: u32) -> bool;
}

/// A `Vec` scanned from the front, as Python scans a `list`: O(n).
impl Haystack for Vec<u32> {
    fn has(&self, n: u32) -> bool {
        self.contains(&n)
    }
}

/// A slice scanned the same way (what the batch workers borrow).
impl Haystack for [u32] {
    fn has(&self, n: u32) -> bool {
        self.contains(&n)
    }
}

/// A ring buffer: also a linear scan, over its two halves.
impl Haystack for VecDeque<u32> {
    fn has(&self, n: u32) -> bool {
        self.contains(&n)
    }
}

/// Hashing: O(1) on average, with any hasher `S`. std's default
/// (`RandomState`, SipHash 1-3 with a random key) resists inputs crafted to
/// collide; `foldhash::HashSet` (the hasher of the `hashbrown` crate) is far
/// cheaper to compute, with a weaker guarantee.
impl<S: BuildHasher> Haystack for HashSet<u32, S> {
    fn has(&self, n: u32) -> bool {
        self.contains(&n)
    }
}

/// A B-tree: O(log n), and its elements stay in order.
impl Haystack for BTreeSet<u32> {
    fn has(&self, n: u32) -> bool {
        self.contains(&n)
    }
}

/// A `Vec` that is known to be sorted, so it can be searched by halving:
/// O(log n) with no extra memory. The newtype keeps the promise: the only
/// way to make one sorts the elements.
#[derive(Debug, Clone)]
pub struct SortedVec(Vec<u32>);

impl SortedVec {
    /// Sorts `elements` (cheap for `0..size`, which is sorted already).
    pub fn new(mut elements: Vec<u32>) -> Self {
        elements.sort_unstable();
        SortedVec(elements)
    }
}

impl Haystack for SortedVec {
    fn has(&self, n: u32) -> bool {
        self.0.binary_search(&n).is_ok()
    }
}

/// The tutorial's `search`: how many of `needles` are in `haystack`.
pub fn search<H: Haystack + ?Sized>(needles: &[u32], haystack: &H) -> usize {
    needles.iter().filter(|&&n| haystack.has(n)).count()
}
// ANCHOR_END: haystack

/// The collections the chapter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Structure {
    /// `Vec<u32>` with `contains`: a linear scan (Python's `list`).
    Vec,
    /// `VecDeque<u32>` with `contains`: a linear scan too.
    VecDeque,
    /// A sorted `Vec<u32>` with `binary_search`.
    SortedVec,
    /// `HashSet<u32>` with std's default hasher (Python's `set`).
    HashSet,
    /// `HashSet<u32>` with the `foldhash` hasher.
    HashSetFoldhash,
    /// `BTreeSet<u32>`.
    BtreeSet,
}

impl Structure {
    /// Every structure, in the order of the table.
    pub const ALL: [Structure; 6] = [
        Structure::Vec,
        Structure::VecDeque,
        Structure::SortedVec,
        Structure::HashSet,
        Structure::HashSetFoldhash,
        Structure::BtreeSet,
    ];

    /// The name in tables.
    pub fn label(self) -> &'static str {
        match self {
            Structure::Vec => "Vec (contains)",
            Structure::VecDeque => "VecDeque (contains)",
            Structure::SortedVec => "sorted Vec (binary_search)",
            Structure::HashSet => "HashSet (contains)",
            Structure::HashSetFoldhash => "HashSet, foldhash (contains)",
            Structure::BtreeSet => "BTreeSet (contains)",
        }
    }

    /// What "Parallelization in Python" measured for its nearest Python structure with
    /// `kernprof -lv` (search line only, 1,000 look-ups, share of the
    /// script's total time), where there is one.
    pub fn tutorial(self) -> &'static str {
        match self {
            Structure::Vec => "list: 2.887 s (50.7%)",
            Structure::VecDeque => "tuple: 2.510 s (44.1%)",
            Structure::SortedVec => "-",
            Structure::HashSet => "set: 0.29 ms; dict: 0.47 ms",
            Structure::HashSetFoldhash => "-",
            Structure::BtreeSet => "-",
        }
    }

    // ANCHOR: profile
    /// Builds this structure holding `0..size`, then searches it once for
    /// each list of needles in `passes`, timing the build and the searches
    /// apart: building a `HashSet` of a million numbers costs far more than
    /// a thousand look-ups in it, and a real program builds once and looks
    /// up many times. Each pass brings new numbers, so no pass finds the
    /// previous one's answers still in the cache.
    pub fn profile(self, size: u32, passes: &[Vec<u32>]) -> Profile {
        fn measure<H: Haystack>(s: Structure, size: u32, build: impl FnOnce() -> H, passes: &[Vec<u32>]) -> Profile {
            let (haystack, build) = time_it(build);
            let mut times = Vec::with_capacity(passes.len());
            let mut found = 0;
            for needles in passes {
                let (count, time) = time_it(|| search(needles, &haystack));
                found += count;
                times.push(time);
            }
            times.sort_unstable();
            Profile {
                structure: s,
                passes: passes.len(),
                lookups: passes.iter().map(Vec::len).sum(),
                found,
                expected: passes.iter().map(|n| expected_found(n, size)).sum(),
                build,
                search: times.get(times.len() / 2).copied().unwrap_or_default(),
            }
        }
        let elements = || (0..size).collect::<Vec<u32>>();
        match self {
            Structure::Vec => measure(self, size, elements, passes),
            Structure::VecDeque => measure(self, size, || (0..size).collect::<VecDeque<u32>>(), passes),
            Structure::SortedVec => measure(self, size, || SortedVec::new(elements()), passes),
            Structure::HashSet => measure(self, size, || (0..size).collect::<HashSet<u32>>(), passes),
            Structure::HashSetFoldhash => measure(self, size, || (0..size).collect::<foldhash::HashSet<u32>>(), passes),
            Structure::BtreeSet => measure(self, size, || (0..size).collect::<BTreeSet<u32>>(), passes),
        }
    }
    // ANCHOR_END: profile
}

/// One structure's line in the timing table.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// Which structure.
    pub structure: Structure,
    /// How many times it was searched, each time for new needles.
    pub passes: usize,
    /// How many numbers were looked up, over all the passes.
    pub lookups: usize,
    /// How many of them it holds.
    pub found: usize,
    /// How many of them it should hold (arithmetic: `v < size`).
    pub expected: usize,
    /// Time to build it (not part of the search time).
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub build: Duration,
    /// Time of one pass: the median of the passes.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub search: Duration,
}

impl Profile {
    /// Whether every pass counted what arithmetic says.
    pub fn is_exact(&self) -> bool {
        self.found == self.expected
    }

    /// The time of one look-up: a pass divided by its needles.
    pub fn per_lookup(&self) -> Duration {
        let per_pass = self.lookups.checked_div(self.passes).unwrap_or(0);
        u32::try_from(per_pass)
            .ok()
            .and_then(|n| self.search.checked_div(n))
            .unwrap_or_default()
    }
}

/// How many passes of 1,000 look-ups the profile times per structure: the
/// table shows the median, so one pass that a busy machine slowed down
/// does not decide a row.
pub const PASSES: u64 = 5;

/// Profiles every structure on the same needles: batches `0..PASSES` of
/// `seed`, one per pass.
pub fn profile_all(seed: u64, size: u32, max_needle: u32) -> Vec<Profile> {
    let passes: Vec<Vec<u32>> = (0..PASSES).map(|b| needles(seed, b, max_needle)).collect();
    Structure::ALL.iter().map(|s| s.profile(size, &passes)).collect()
}

/// The sentence above the profile table.
pub fn profile_heading(seed: u64, size: u32, max_needle: u32) -> String {
    format!(
        "1,000 random numbers from 0..={max_needle} looked up in each structure holding 0..{size} (seed {seed}), \
         {PASSES} times with new numbers each time; the search time is the median pass:"
    )
}

/// The timing table, laid out like the tutorial's line profiler: the time of
/// each search and its share of the time of all of them, with the build
/// time beside it and the check against the arithmetic answer.
pub fn profile_table(profiles: &[Profile]) -> Table {
    let total: Duration = profiles.iter().map(|p| p.search).sum();
    let mut table = Table::new([
        ("Structure", Align::Left),
        ("Look-ups", Align::Right),
        ("Found", Align::Right),
        ("Search time", Align::Right),
        ("Per look-up", Align::Right),
        ("% of search", Align::Right),
        ("Build time", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for p in profiles {
        let share = if total.is_zero() {
            0.0
        } else {
            100.0 * p.search.as_secs_f64() / total.as_secs_f64()
        };
        table.push_row([
            p.structure.label().to_owned(),
            p.lookups.to_string(),
            crate::verdict(p.found as u64, p.expected as u64),
            short(p.search),
            short(p.per_lookup()),
            format!("{share:.1}"),
            short(p.build),
            p.structure.tutorial().to_owned(),
        ]);
    }
    table
}

/// A duration in the unit that suits it: `2.89 s`, `4.1 ms`, `287 µs`, `35 ns`.
pub fn short(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.1} ms", secs * 1e3)
    } else if secs >= 1e-6 {
        format!("{:.1} µs", secs * 1e6)
    } else {
        format!("{} ns", d.as_nanos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_structure_finds_what_arithmetic_says() {
        // Half the range, so about half the needles are in the collection
        // and a structure that answered "yes" (or "no") to everything fails.
        for seed in [1, 42] {
            // Small enough for a debug build: 0..2000 searched for needles
            // from 0..=3999.
            let needles = needles(seed, 0, 3_999);
            let size = 2_000;
            let expected = expected_found(&needles, size);
            assert!((400..600).contains(&expected), "{expected}");
            for structure in Structure::ALL {
                let p = structure.profile(size, std::slice::from_ref(&needles));
                assert_eq!(p.found, expected, "{structure:?} with seed {seed}");
                assert_eq!(p.lookups, 1_000);
                assert!(p.is_exact());
            }
        }
    }

    #[test]
    fn every_structure_agrees_with_a_hash_set_on_edge_values() {
        let needles = [0, 1, 9, 10, 11, 5, u32::MAX, 1_000_000];
        let reference: HashSet<u32> = (0..10).collect();
        let expected = search(&needles, &reference);
        assert_eq!(expected, 4); // 0, 1, 9, 5
        for structure in Structure::ALL {
            assert_eq!(
                structure.profile(10, &[needles.to_vec()]).found,
                expected,
                "{structure:?}"
            );
        }
    }

    #[test]
    fn every_pass_is_searched_and_counted_against_its_own_needles() {
        let passes: Vec<Vec<u32>> = (0..PASSES).map(|b| needles(3, b, 3_999)).collect();
        // Different needles in every pass, or the later passes would find
        // the earlier ones' answers in the cache.
        assert!(passes.windows(2).all(|w| w[0] != w[1]));
        let expected: usize = passes.iter().map(|n| expected_found(n, 2_000)).sum();
        for structure in Structure::ALL {
            let p = structure.profile(2_000, &passes);
            assert_eq!((p.passes, p.lookups), (5, 5_000), "{structure:?}");
            assert_eq!(p.found, expected, "{structure:?}");
            assert!(p.is_exact(), "{structure:?}");
        }
    }

    #[test]
    fn per_lookup_divides_one_pass_by_its_needles() {
        let p = Profile {
            structure: Structure::HashSet,
            passes: 5,
            lookups: 5_000,
            found: 5_000,
            expected: 4_999,
            build: Duration::ZERO,
            search: Duration::from_millis(2),
        };
        assert_eq!(p.per_lookup(), Duration::from_micros(2));
        assert!(!p.is_exact());
        let none = Profile {
            passes: 0,
            lookups: 0,
            ..p
        };
        assert_eq!(none.per_lookup(), Duration::ZERO);
    }

    #[test]
    fn the_table_has_a_line_per_structure_and_shares_that_add_up() {
        let profiles = profile_all(7, 10_000, 19_999);
        let text = profile_table(&profiles).to_string();
        assert_eq!(text.lines().count(), 2 + Structure::ALL.len(), "{text}");
        assert!(text.contains("sorted Vec (binary_search)"), "{text}");
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(2)
            .map(|line| line.split('|').map(str::trim).collect())
            .collect();
        assert!(rows.iter().all(|cells| cells[3].ends_with("(exact)")), "{text}");
        // Each share is rounded to 0.1: together they make 100 within that.
        let shares: f64 = rows.iter().map(|cells| cells[6].parse::<f64>().expect("a share")).sum();
        assert!((shares - 100.0).abs() <= 0.05 * rows.len() as f64, "{shares}: {text}");
    }

    #[test]
    fn short_picks_a_readable_unit() {
        assert_eq!(short(Duration::from_millis(2887)), "2.89 s");
        assert_eq!(short(Duration::from_micros(4100)), "4.1 ms");
        assert_eq!(short(Duration::from_nanos(287_000)), "287.0 µs");
        assert_eq!(short(Duration::from_nanos(35)), "35 ns");
    }
}
