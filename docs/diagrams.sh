#!/usr/bin/env bash
# The book's diagrams: every docs/src/diagrams/NAME.dot is drawn by Graphviz
# into NAME.svg beside it, and both are committed, so the book builds without
# Graphviz and the picture's source is text a reviewer can read.
#
#   bash docs/diagrams.sh           # (re)draw every .svg from its .dot
#   bash docs/diagrams.sh --check   # fail, naming the file, when a .svg is
#                                   # missing or was not drawn from its .dot
#                                   # as it is now
#
# Drawing stamps each picture with the SHA-256 of the source it was drawn
# from (an XML comment); --check compares that stamp with the source's hash.
# It does not redraw: the exact bytes Graphviz writes depend on its version
# and on the fonts installed (text widths), which differ between machines,
# while the stamp says what matters: this picture comes from this source.
# `dot` comes from Debian's graphviz package; drawing installs it when it is
# missing (scripts/apt-tools.sh); --check needs only sha256sum.
set -euo pipefail

cd "$(dirname "$0")/.."
dir=docs/src/diagrams

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "usage: bash docs/diagrams.sh [--check]" >&2; exit 2 ;;
esac

shopt -s nullglob
sources=("$dir"/*.dot)
if [ ${#sources[@]} -eq 0 ]; then
    echo "FAILED: no diagram sources in $dir" >&2
    exit 1
fi

stamp() { printf '<!-- drawn by docs/diagrams.sh from %s, sha256 %s -->' "$(basename "$1")" "$(sha256sum <"$1" | cut -d' ' -f1)"; }

if ! $check; then
    if ! command -v dot >/dev/null 2>&1; then
        bash scripts/apt-tools.sh dot:graphviz
    fi
    command -v dot >/dev/null 2>&1 || { echo "FAILED: Graphviz's dot is not installed (apt-get install graphviz)" >&2; exit 1; }
    for source in "${sources[@]}"; do
        picture="${source%.dot}.svg"
        # The stamp goes right after the XML declaration (line 1).
        dot -Tsvg "$source" | sed "1a $(stamp "$source")" >"$picture"
        echo "drew $picture"
    done
    exit 0
fi

failed=0
for source in "${sources[@]}"; do
    picture="${source%.dot}.svg"
    if [ ! -f "$picture" ]; then
        echo "FAILED: $source has no picture: run 'bash docs/diagrams.sh' and commit $picture"
        failed=1
    elif ! grep -qxF "$(stamp "$source")" "$picture"; then
        echo "FAILED: $picture was not drawn from $source as it is now: run 'bash docs/diagrams.sh' and commit it"
        failed=1
    fi
done
# A picture whose source is gone would be shown but never checked.
for picture in "$dir"/*.svg; do
    if [ ! -f "${picture%.svg}.dot" ]; then
        echo "FAILED: $picture has no source ${picture%.svg}.dot"
        failed=1
    fi
done
[ $failed -eq 0 ] && echo "ok: ${#sources[@]} diagrams drawn from their sources as they are"
exit $failed
