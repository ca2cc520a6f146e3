#!/usr/bin/env bash
# Checks that every results page names the same run of `just bench-all`, so a
# reader comparing two chapters compares figures from one machine, one
# commit and one sitting. Each page's header says "in the run of `DATE,
# commit HASH`" (crates/reproduce/src/run.rs writes it); a page rewritten
# alone (`reproduce --only ...`) names another run and fails here, and so
# does a run from a working tree with uncommitted changes (`-dirty`), from
# an unknown commit, or from a commit that is not an ancestor of HEAD. The
# measured code changed since the run's commit is listed as a note.
#
# The plots and CSV files beside the pages name their run too (reproduce
# writes `<!-- run: RUN -->` into every SVG and `# run: RUN` as the first
# line of every CSV): one that names no run, or another run than the pages,
# fails. Files written before reproduce stamped them name no run, so the
# committed results fail here until `just bench-all` writes them again.
#
# Usage: bash docs/check-run.sh [FOLDER]   (default: docs/src/results)
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-docs/src/results}

runs=()
failures=0
for page in "$folder"/*.md; do
    run=$(grep -o -m1 'in the run of `[^`]*`' "$page" | sed 's/^in the run of `\(.*\)`$/\1/' || true)
    if [ -z "$run" ]; then
        echo "FAILED: $page names no run"
        failures=$((failures + 1))
        continue
    fi
    if [[ "$run" == *-dirty ]]; then
        echo "FAILED: $page comes from a working tree with uncommitted changes ($run)"
        failures=$((failures + 1))
    fi
    runs+=("$run	$page")
done
# The plots and the CSV: written by the same run as the pages.
for file in "$folder"/*.svg "$folder"/*.csv; do
    [ -e "$file" ] || continue
    case "$file" in
        *.svg) run=$(grep -o -m1 '<!-- run: .* -->' "$file" | sed 's/^<!-- run: \(.*\) -->$/\1/' || true) ;;
        *) run=$(head -n1 "$file" | sed -n 's/^# run: //p') ;;
    esac
    if [ -z "$run" ]; then
        echo "FAILED: $file names no run (written before reproduce stamped its plots? run \`just bench-all\` again)"
        failures=$((failures + 1))
        continue
    fi
    runs+=("$run	$file")
done
distinct=$(printf '%s\n' "${runs[@]}" | cut -f1 | sort -u)
if [ "$(printf '%s\n' "$distinct" | grep -c .)" -gt 1 ]; then
    echo "FAILED: the results pages, plots and CSV files name more than one run:"
    printf '%s\n' "${runs[@]}" | sort | sed 's/^/  /'
    failures=$((failures + 1))
fi
# The run's commit must be one this checkout descends from: a run from an
# unknown commit (no git when it ran) or from a branch that never landed
# says nothing about the code here. What the measured code changed since
# the run is listed, so a reader can judge whether a figure could move.
if [ "$failures" -eq 0 ] && [ -n "$distinct" ]; then
    commit=${distinct##*, commit }
    if [ "$commit" = unknown ] || [ "$commit" = "$distinct" ]; then
        echo "FAILED: the run names no commit ($distinct): it cannot be traced to the code it measured"
        failures=$((failures + 1))
    elif ! git rev-parse -q --verify "$commit^{commit}" >/dev/null; then
        echo "FAILED: the run's commit $commit is not in this repository"
        failures=$((failures + 1))
    elif ! git merge-base --is-ancestor "$commit" HEAD; then
        echo "FAILED: the run's commit $commit is not an ancestor of HEAD: the pages measured other code"
        failures=$((failures + 1))
    else
        # The measured paths: what the pages' figures come from (the
        # runners, reproduce, the Python baselines, the build settings);
        # the examples, the lessons, tests and docs measure nothing.
        changed=$(git diff --name-only "$commit" HEAD -- crates benches python Cargo.toml Cargo.lock \
            ':(exclude,glob)crates/*/examples/**' ':(exclude,glob)crates/*/tests/**' ':(exclude,glob)crates/**/tests.rs' ':(exclude)python/lessons' \
            ':(exclude)python/tests' ':(exclude)crates/exercises' ':(exclude)*.md' || true)
        if [ -n "$changed" ]; then
            echo "note: measured code changed since the run's commit $commit:"
            sed 's/^/  /' <<<"$changed"
        fi
    fi
fi
if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "every page, plot and CSV file in $folder names the run of $distinct"
