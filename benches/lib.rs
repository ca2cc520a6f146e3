//! Criterion benchmarks for the workspace; the benchmarks live in
//! `benches/benches/`, one file per subject. Run them with
//! `cargo bench -p concurrency-benches` (or `just bench`).
