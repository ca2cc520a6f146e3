#!/usr/bin/env bash
# Checks that every results page names the same run of `just bench-all`, so a
# reader comparing two chapters compares figures from one machine, one
# commit and one sitting. Each page's header says "in the run of `DATE,
# commit HASH`" (crates/reproduce/src/run.rs writes it); a page rewritten
# alone (`reproduce --only ...`) names another run and fails here, and so
# does a run from a working tree with uncommitted changes (`-dirty`).
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
distinct=$(printf '%s\n' "${runs[@]}" | cut -f1 | sort -u)
if [ "$(printf '%s\n' "$distinct" | grep -c .)" -gt 1 ]; then
    echo "FAILED: the results pages name more than one run:"
    printf '%s\n' "${runs[@]}" | sort | sed 's/^/  /'
    failures=$((failures + 1))
fi
if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "every page in $folder names the run of $distinct"
