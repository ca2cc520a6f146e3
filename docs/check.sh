#!/usr/bin/env bash
# Builds the book and fails on what `mdbook build` lets through.
#
# mdBook 0.5 exits 0 when an `{{#include}}` names a file that does not exist
# (it logs an ERROR and leaves the directive in the page), when it names an
# anchor that does not exist (the code block is silently empty), and when a
# link points to a page that does not exist. This script catches all three:
#
#   1. every {{#include}} / {{#rustdoc_include}} in docs/src names a file
#      that exists and, for a named anchor, a file with both
#      `ANCHOR: name` and `ANCHOR_END: name` lines;
#   2. every relative link to a .md file in docs/src points to a file;
#   3. the build logs no ERROR, and no `{{#include` is left in the HTML;
#   4. every relative href/src in the built HTML points to a file of the
#      build (this catches images and links that came in through an
#      include, such as the plots of the results pages);
#   5. no figure without a source: a measured figure (a time, a speedup, a
#      rate, a percentage) typed by hand into a chapter page, the README or
#      a crate's `//!` docs must come from a results page or be credited to
#      the tutorial in its sentence. docs/check-figures.sh holds the rule and
#      runs alone, without mdbook;
#   6. every chapter page shows at most about 120 lines of code outside its
#      collapsed <details> sections (docs/code-lines.py).
#
# Usage: bash docs/check.sh                 build, then check
#        bash docs/check.sh --no-build      check the sources and docs/book as they are
#        bash docs/check.sh --figures-only  step 5 alone (= bash docs/check-figures.sh)
set -euo pipefail
cd "$(dirname "$0")"

build=yes
case "${1:-}" in
    --no-build) build=no ;;
    --figures-only) exec bash check-figures.sh ;;
    "") ;;
    *) echo "usage: bash docs/check.sh [--no-build | --figures-only]" >&2; exit 2 ;;
esac

failures=0
fail() { printf 'FAILED: %s\n' "$*"; failures=$((failures + 1)); }

# 1. Includes and their anchors.
while IFS= read -r hit; do
    page=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    spec=$(sed -E 's/.*\{\{#(include|rustdoc_include) +([^} ]+) *\}\}.*/\2/' <<<"$rest")
    path=${spec%%:*}
    anchor=""
    [[ "$spec" == *:* ]] && anchor=${spec#*:}
    target="$(dirname "$page")/$path"
    if [ ! -f "$target" ]; then
        fail "$page:$line includes $path, which does not exist"
        continue
    fi
    # A line number or range (`:10`, `:10:20`, `::20`) needs no anchor.
    if [ -n "$anchor" ] && ! [[ "$anchor" =~ ^[0-9:]*$ ]]; then
        if ! grep -Eq "ANCHOR: *$anchor\b" "$target"; then
            fail "$page:$line: $path has no 'ANCHOR: $anchor'"
        elif ! grep -Eq "ANCHOR_END: *$anchor\b" "$target"; then
            fail "$page:$line: $path has no 'ANCHOR_END: $anchor'"
        fi
    fi
done < <(grep -rnoE '\{\{#(include|rustdoc_include) +[^}]+\}\}' --include='*.md' src | grep -v '^src/results/' || true)

# 2. Relative links to Markdown pages.
while IFS= read -r hit; do
    page=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    link=$(sed -E 's/.*\]\(([^)#]*\.md)(#[^)]*)?\).*/\1/' <<<"$rest")
    case "$link" in http://* | https://* | /*) continue ;; esac
    # A results page is read on its own and included into a chapter page
    # one folder up (its stamp links `results/method.md`): either may hold
    # the target. The built book's links are checked below.
    if [[ "$page" == src/results/* ]] && [ -f "src/$link" ]; then
        continue
    fi
    [ -f "$(dirname "$page")/$link" ] || fail "$page:$line links to $link, which does not exist"
done < <(grep -rnoE '\]\([^)#: ]+\.md(#[^) ]*)?\)' --include='*.md' src || true)

# 3. The build, and what it leaves behind.
if [ "$build" = yes ]; then
    if ! command -v mdbook >/dev/null; then
        echo "mdbook is not installed: cargo install mdbook --locked --no-default-features --features search" >&2
        exit 1
    fi
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    if ! mdbook build . 2>&1 | tee "$log"; then
        fail "mdbook build exited with an error"
    fi
    if grep -Ewq 'ERROR' "$log"; then
        fail "mdbook build logged errors (above)"
    fi
fi
[ -d book ] || { fail "no built book in docs/book"; exit 1; }
# The book has a search box only when mdbook was built with its `search`
# feature (the install line above); without it, readers lose the search.
if ! compgen -G 'book/searchindex*.js' >/dev/null; then
    fail "the built book has no search index: install mdbook with --features search"
fi
if leftovers=$(grep -rlF '{{#include' --include='*.html' book); then
    fail "unexpanded {{#include}} in: $(tr '\n' ' ' <<<"$leftovers")"
fi
if leftovers=$(grep -rlF '{{#rustdoc_include' --include='*.html' book); then
    fail "unexpanded {{#rustdoc_include}} in: $(tr '\n' ' ' <<<"$leftovers")"
fi

# 4. Relative links and images in the HTML.
while IFS= read -r html; do
    dir=$(dirname "$html")
    while IFS= read -r ref; do
        ref=${ref#*=\"}
        ref=${ref%\"}
        case "$ref" in
            "" | \#* | http:* | https:* | mailto:* | data:* | javascript:* | //* | /*) continue ;;
        esac
        file=${ref%%#*}
        file=${file%%\?*}
        [ -n "$file" ] || continue
        [ -e "$dir/$file" ] || fail "${html#book/} refers to $file, which is not in the build"
    done < <(grep -oE '(href|src)="[^"]*"' "$html" | sort -u)
done < <(find book -name '*.html' ! -name 'print.html' ! -name '404.html')

# 5. No figure without a source (the rule is documented in check-figures.sh).
if ! bash check-figures.sh; then
    fail "hand-typed figures (above)"
fi

# 6. The lesson first: a chapter page shows at most about 120 lines of code
# outside its collapsed sections (docs/code-lines.py counts them in the
# built HTML; 130 leaves room for a table-sized listing).
if ! python3 code-lines.py --book book --max 130; then
    fail "a chapter page shows too much code before the reader clicks (above)"
fi

# A page waiting for a results file says so with a marker line; once the
# file exists, the marker should become the include (see docs/README.md).
while IFS= read -r hit; do
    page=${hit%%:*}
    path=$(sed -E 's/.*pending include: ([^ ]+) -->.*/\1/' <<<"$hit")
    if [ -f "$(dirname "$page")/$path" ]; then
        echo "note: $page waits for $path, which now exists: replace its marker by {{#include $path}}"
    fi
done < <(grep -rn 'pending include: ' --include='*.md' src || true)

if [ "$failures" -gt 0 ]; then
    echo "docs/check.sh: $failures problem(s)"
    exit 1
fi
echo "docs/check.sh: the book is built, every include, anchor and link resolves, and every figure has a source"
