#!/usr/bin/env bash
# Installs the Debian tools the results pages measure against, when they are
# missing: `scripts/apt-tools.sh wrk:wrk primesieve:primesieve-bin` (each
# argument is COMMAND:PACKAGE). `just bench-all` runs it first. It never
# fails: a tool it cannot install (no apt, no root, no network) is named,
# and the page that needs it skips that row with a note.
set -uo pipefail

missing=()
for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "note: not installed: ${missing[*]} (no apt-get here); the rows that need them are skipped"
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "note: not installed: ${missing[*]}; run 'sudo apt-get install ${missing[*]}', or the rows that need them are skipped"
    exit 0
fi
echo "installing ${missing[*]} (apt-get) for the results pages"
if ! "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
    # A fresh machine may have no package lists yet.
    "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 || true
    "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
        || echo "note: could not install ${missing[*]}; the rows that need them are skipped"
fi
exit 0
