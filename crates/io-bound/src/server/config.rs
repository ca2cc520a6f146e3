//! What the server serves: its pages, their sizes, its latency and its
//! fault knobs, with the tutorial's two sites as the default.

use std::time::Duration;

use serde::Serialize;

use super::Faults;

/// One page the server serves: `path` answers `size` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The path, starting with `/`.
    pub path: String,
    /// The body's length in bytes.
    pub size: usize,
}

/// Everything the server needs to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerConfig {
    /// How long every request waits before its answer: the stand-in for the
    /// internet's round trip.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub latency: Duration,
    /// The pages served; any other path is a 404.
    pub pages: Vec<Page>,
    /// The fault knobs.
    pub faults: Faults,
}

/// The tutorial's two sites, as paths of the local server: a project's home
/// page (tens of kilobytes) and a one-line page (a few hundred bytes).
pub const LARGE_PAGE: &str = "/jython";
/// The small page's path.
pub const SMALL_PAGE: &str = "/dice";
/// The large page's default size.
pub const LARGE_BYTES: usize = 12_000;
/// The small page's default size.
pub const SMALL_BYTES: usize = 300;
/// The default latency, per request.
pub const LATENCY: Duration = Duration::from_millis(10);

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            latency: LATENCY,
            pages: vec![
                Page {
                    path: LARGE_PAGE.into(),
                    size: LARGE_BYTES,
                },
                Page {
                    path: SMALL_PAGE.into(),
                    size: SMALL_BYTES,
                },
            ],
            faults: Faults::NONE,
        }
    }
}

impl ServerConfig {
    /// The size of the page at `path`, if the server has one.
    pub fn size_of(&self, path: &str) -> Option<usize> {
        self.pages.iter().find(|p| p.path == path).map(|p| p.size)
    }
}
