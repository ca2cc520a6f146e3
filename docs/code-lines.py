#!/usr/bin/env python3
"""Count the lines of code a reader meets on each page of the built book.

A chapter page should lead with the lesson: at most about 120 lines of code
in its main flow. Lines inside a collapsed section (<details>) are one click
away and are not counted. Reads the HTML that `mdbook build` wrote.

Usage: python3 docs/code-lines.py [--max N] [PAGE ...]   (PAGE = sync, async, ...;
       default: every chapter page). Exits 1 when a page is over --max.
"""

import argparse
import html.parser
import pathlib
import sys

CHAPTERS = ["sync", "cooperative", "async", "multithread", "multiprocess", "comparison",
            "final", "fully-loaded", "io-bound", "search", "sieve", "distributed", "model"]


class CodeCounter(html.parser.HTMLParser):
    """Counts the lines of <pre> blocks, split by whether a <details> holds them."""

    def __init__(self):
        super().__init__()
        self.details = 0
        self.pre = 0
        self.text = []
        self.shown = 0
        self.folded = 0

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.details += 1
        elif tag == "pre":
            self.pre += 1
            self.text = []

    def handle_endtag(self, tag):
        if tag == "details":
            self.details = max(0, self.details - 1)
        elif tag == "pre" and self.pre:
            self.pre -= 1
            # mdBook hides `# ` lines in a span with class "boring"; they are
            # still in the HTML, as every other line, so they count.
            lines = "".join(self.text).strip("\n").count("\n") + 1
            if self.details:
                self.folded += lines
            else:
                self.shown += lines

    def handle_data(self, data):
        if self.pre:
            self.text.append(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=120, help="most lines shown per page")
    parser.add_argument("--book", default="docs/book", help="the built book (mdbook build's output)")
    parser.add_argument("pages", nargs="*", default=CHAPTERS)
    args = parser.parse_args()
    over = 0
    for page in args.pages:
        path = pathlib.Path(args.book) / f"{page}.html"
        if not path.exists():
            print(f"{page}: no {path} (build the book first: mdbook build docs)")
            over += 1
            continue
        counter = CodeCounter()
        counter.feed(path.read_text(encoding="utf-8"))
        mark = "" if counter.shown <= args.max else f"  OVER {args.max}"
        over += bool(mark)
        print(f"{page:14} {counter.shown:4} lines of code shown, {counter.folded:4} folded{mark}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
