//! The compile errors the book quotes, as tests: each file under
//! `compile_fail/` must fail to compile with exactly the message in its
//! `.stderr` file (which the book includes). The messages belong to the
//! toolchain CI uses; after a compiler upgrade, regenerate them with
//! `TRYBUILD=overwrite cargo test -p exercises --test compile_fail`.

// Ignored by the plain `cargo test`: trybuild builds its own copy of the
// dependencies (tokio among them), minutes on a fresh clone. CI runs it
// (`.ci/run`, the exercises step).
#[test]
#[ignore = "builds tokio again for trybuild; CI runs it"]
fn the_compile_errors_the_book_quotes() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
