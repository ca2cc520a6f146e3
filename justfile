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

# Check your answer to an exercise, e.g. `just exercise chapters::sync`:
# its tests run against the starter you edited (they fail until it is right).
exercise name:
    cargo test -p exercises --features starter -- {{name}}::

# Check formatting and lints the way CI does.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Run the distributed chapter on three "hosts" of their own: network
# namespaces 10.77.0.1-3 joined by a bridge, one member started in each from
# a host file, then a host cut off mid-run and one unreachable at start.
# Needs root (it says "skipped" otherwise); the namespaces are removed
# afterwards.
cluster-namespaces:
    cargo test -p chapter-distributed --test namespaces -- --nocapture --test-threads 1

# Run the criterion benchmarks (reports land in target/criterion/).
bench:
    cargo bench -p concurrency-benches

# Reproduce every table of the tutorials on this machine, Rust and Python
# side by side (docs/src/results/), then the benchmarks: the slowest recipe,
# since every run is repeated to take medians. The book's pages come from
# this run: 3 interleaved rounds, the prime tables up to 10^7.
# `just bench-all tutorial` runs the tutorial's limits up to 10^8 in
# reproduce's default 5 rounds (hours on a small machine);
# `just bench-all quick` runs reduced parameters, into
# target/bench-all-quick/, and skips the benchmarks.
# First it installs wrk and primesieve with apt when they are missing (the
# io-bound page's load row measures against wrk, the sieve page against
# primesieve; without one, its rows are skipped with a note).
# A free-threaded Python on the PATH (python3.14t, python3.13t) is taken by
# itself (`--python-free-threaded`): the "Calling Rust from Python" page runs
# its rows under it beside python3's; reproduce says in one line which it
# found, or that it found none.
bench-all mode="full":
    #!/usr/bin/env bash
    set -euo pipefail
    bash scripts/apt-tools.sh wrk:wrk primesieve:primesieve-bin
    if [ "{{mode}}" = quick ]; then
        cargo run --release -p reproduce -- --quick --python-free-threaded
    elif [ "{{mode}}" = tutorial ]; then
        cargo run --release -p reproduce -- --python-free-threaded
        cargo bench -p concurrency-benches
    else
        cargo run --release -p reproduce -- --runs 3 --max-limit 10000000 --python-free-threaded
        cargo bench -p concurrency-benches
    fi

# Build the Rust extension module (crates/python) into a virtual environment
# under target/ and test it from Python: the README's commands. Needs python3
# with its venv module; pip fetches maturin and pytest from PyPI once.
# `just python python3 python3.14t` does it for each interpreter named, each
# in its own environment (target/python-ext-venv for python3,
# target/python-ext-venv-python3.14t ...): a free-threaded Python gets a
# wheel of its own version (cp314t), since an abi3 wheel cannot serve it.
python +interpreters="python3":
    #!/usr/bin/env bash
    set -euo pipefail
    for interpreter in {{interpreters}}; do
        venv=target/python-ext-venv
        if [ "$interpreter" != python3 ]; then venv="target/python-ext-venv-$(basename "$interpreter")"; fi
        echo "== $interpreter: $("$interpreter" python/interpreter.py) in $venv"
        "$interpreter" -m venv "$venv"
        (
            . "$venv/bin/activate"
            pip install --quiet --disable-pip-version-check -r python/requirements-extension.txt
            maturin develop --release -m crates/python/Cargo.toml
            pytest python/tests
        )
    done

# Build the book into docs/book and check every include, anchor and link
# (needs mdbook: `cargo install mdbook --locked --no-default-features --features search`).
docs:
    bash docs/check.sh

# What CI runs.
ci:
    bash .ci/run
