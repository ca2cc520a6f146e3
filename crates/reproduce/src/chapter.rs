//! The chapters this program measures: their files, titles and pages.

use clap::ValueEnum;

use crate::pages::{self, PageFn};

/// The chapters this program measures, in the order it runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Chapter {
    /// Chapter 1: synchronous.
    Sync,
    /// Chapter 2: cooperative.
    Cooperative,
    /// Chapter 3: asynchronous.
    Async,
    /// Chapter 4: multithreading.
    Multithread,
    /// Chapter 5: multiprocessing.
    Multiprocess,
    /// The comparison of the best three, and Python side by side.
    Comparison,
    /// The final solution, and Python's.
    Final,
    /// Fully loaded: cpu_intensive on every core, Rust and Python.
    FullyLoaded,
    /// Calling Rust from Python: the extension module, with the GIL released.
    Python,
    /// I/O-bound: downloads from a local server, and the thread sweep.
    IoBound,
    /// Search: structures and batches.
    Search,
    /// The algorithm beats the concurrency: the sieve against primesieve.
    Sieve,
    /// Beyond one machine: timely dataflow against threads.
    Distributed,
}

impl Chapter {
    /// Every chapter, in the order of a full run.
    pub const ALL: [Chapter; 13] = [
        Chapter::Sync,
        Chapter::Cooperative,
        Chapter::Async,
        Chapter::Multithread,
        Chapter::Multiprocess,
        Chapter::Comparison,
        Chapter::Final,
        Chapter::FullyLoaded,
        Chapter::Python,
        Chapter::IoBound,
        Chapter::Search,
        Chapter::Sieve,
        Chapter::Distributed,
    ];

    /// The results file's name, without `.md`.
    pub fn file_stem(self) -> &'static str {
        match self {
            Chapter::Sync => "sync",
            Chapter::Cooperative => "cooperative",
            Chapter::Async => "async",
            Chapter::Multithread => "multithread",
            Chapter::Multiprocess => "multiprocess",
            Chapter::Comparison => "comparison",
            Chapter::Final => "final",
            Chapter::FullyLoaded => "fully-loaded",
            Chapter::Python => "python",
            Chapter::IoBound => "io-bound",
            Chapter::Search => "search",
            Chapter::Sieve => "sieve",
            Chapter::Distributed => "distributed",
        }
    }

    /// The function that measures and writes the chapter's page.
    pub fn page(self) -> PageFn {
        match self {
            Chapter::Sync => pages::delay::sync,
            Chapter::Cooperative => pages::delay::cooperative,
            Chapter::Async => pages::delay::asynchronous,
            Chapter::Multithread => pages::delay::multithread,
            Chapter::Multiprocess => pages::delay::multiprocess,
            Chapter::Comparison => pages::comparison::page,
            Chapter::Final => pages::final_solution::page,
            Chapter::FullyLoaded => pages::fully_loaded::page,
            Chapter::Python => pages::python::page,
            Chapter::IoBound => pages::io_bound::page,
            Chapter::Search => pages::search::page,
            Chapter::Sieve => pages::sieve::page,
            Chapter::Distributed => pages::distributed::page,
        }
    }

    /// The results page's title.
    pub fn title(self) -> &'static str {
        match self {
            Chapter::Sync => "Chapter 1: synchronous execution",
            Chapter::Cooperative => "Chapter 2: cooperative execution",
            Chapter::Async => "Chapter 3: asynchronous execution",
            Chapter::Multithread => "Chapter 4: multithreading",
            Chapter::Multiprocess => "Chapter 5: multiprocessing",
            Chapter::Comparison => "The comparison of the best three",
            Chapter::Final => "The final solution",
            Chapter::FullyLoaded => "Fully loaded",
            Chapter::Python => "Calling Rust from Python",
            Chapter::IoBound => "I/O-bound work: downloads",
            Chapter::Search => "Search",
            Chapter::Sieve => "The algorithm beats the concurrency",
            Chapter::Distributed => "Beyond one machine",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chapter_has_its_own_file() {
        let mut stems: Vec<&str> = Chapter::ALL.iter().map(|c| c.file_stem()).collect();
        stems.sort_unstable();
        stems.dedup();
        assert_eq!(stems.len(), Chapter::ALL.len());
    }
}
