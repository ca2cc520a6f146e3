# Recipes for the workspace. Each is a thin wrapper over a cargo command you
# can also type yourself; `just --list` shows them all.

# List the recipes.
default:
    @just --list

# Run the whole test suite (the README's test command).
test:
    cargo test --workspace

# Run one chapter, e.g. `just run sync --limit 100 --delay-ms 1`.
run chapter *args:
    cargo run --release -p chapter-{{chapter}} -- {{args}}

# Check formatting and lints the way CI does.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Run the criterion benchmarks (reports land in target/criterion/).
bench:
    cargo bench -p concurrency-benches

# Reproduce the tutorial's tables. Partial for now: the chapters that exist,
# with the tutorial's parameters (1000 numbers, 50 ms delay: about 50 s
# each), then the benchmarks.
bench-all:
    cargo run --release -p chapter-sync
    cargo run --release -p chapter-cooperative
    cargo bench -p concurrency-benches

# Build the book into docs/book and check every include, anchor and link
# (needs mdbook: `cargo install mdbook --locked --no-default-features`).
docs:
    bash docs/check.sh

# What CI runs.
ci:
    bash .ci/run
