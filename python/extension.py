"""The "fully loaded" experiment and the prime count, through the Rust extension.

Two tables, each run every way a Python programmer would try: pure Python
(one call, threads, processes) and the Rust extension module concurrency_rs
(one call, threads, processes, and its own rayon pool). Every function of
the extension releases the GIL while it computes, so under plain Python
threads it runs on as many cores as there are threads; pure Python under
threads runs on one core at a time, whatever the thread count.

    python python/extension.py                       # both tables, every mode once
    python python/extension.py --table primes --limit 1000000
    python python/extension.py --table cpu --mode extension-threads --json

With --mode, one run prints one JSON object (what `just bench-all` reads).
Build the extension first (README: `just python`, or `maturin develop`).
"""

import argparse
import concurrent.futures
import json
import math
import os
import sys
import time

import concurrency_rs

import fully_loaded
import primes_common
import interpreter

# The modes of both tables, in the order of their rows.
MODES = [
    "python",               # pure Python, one call after another
    "python-threads",       # pure Python, a ThreadPoolExecutor: the GIL lets one run at a time
    "python-processes",     # pure Python, a ProcessPoolExecutor: the tutorial's answer
    "extension",            # the extension, one call after another
    "extension-threads",    # the extension under a ThreadPoolExecutor: the GIL is released
    "extension-processes",  # the extension under a ProcessPoolExecutor
    "extension-rayon",      # one call; the extension's own rayon pool does the splitting
]
TABLES = ["cpu", "primes"]


def split_by_work(limit, parts):
    """1..=limit as `parts` contiguous (first, last) ranges of about equal work.

    Trial division costs more for bigger numbers: checking a prime p takes
    about sqrt(p)/2 divisions, and primes thin out like 1/ln(p), so the work
    of 1..=x grows like x**1.5 / ln(x). Equal *lengths* would give the last
    range most of the work (for 1..=10**7 in two halves, the upper half costs
    about twice the lower), and a pool of two threads would end with one of
    them working alone. So the cut points are where that estimate of the
    cumulative work reaches 1/parts, 2/parts, ... of the total.
    """
    if parts < 1:
        raise ValueError("parts must be at least 1")
    if limit < 1000 or parts == 1:
        return primes_common.split(limit, parts)

    def work(x):
        return x**1.5 / math.log(x) if x > 2 else 0.0

    total = work(limit)
    cuts = []
    for k in range(1, parts):
        target = total * k / parts
        low, high = 1, limit
        while low < high:  # the smallest x with work(x) >= target
            middle = (low + high) // 2
            if work(middle) < target:
                low = middle + 1
            else:
                high = middle
        cuts.append(low)
    ranges, first = [], 1
    for cut in cuts + [limit]:
        ranges.append((first, cut))
        first = cut + 1
    return ranges


def count_range(bounds):
    """Pure Python: the primes of first..=last (a top-level function, so a
    process pool can send it to its workers by name)."""
    first, last = bounds
    return primes_common.count_primes(first, last)


def count_range_rs(bounds):
    """The extension: the primes of first..=last, with the GIL released."""
    first, last = bounds
    return concurrency_rs.count_primes(last, first)


def run_cpu(mode, tasks, multiplier, threads):
    """cpu_intensive(n, multiplier) for n in range(tasks), in task order."""
    ns, multipliers = range(tasks), [multiplier] * tasks
    if mode == "python":
        return [fully_loaded.cpu_intensive(n, multiplier) for n in ns]
    if mode == "extension":
        return [concurrency_rs.cpu_intensive(n, multiplier) for n in ns]
    if mode == "extension-rayon":
        return concurrency_rs.cpu_intensive_parallel(tasks, multiplier, threads)
    function = fully_loaded.cpu_intensive if mode.startswith("python") else concurrency_rs.cpu_intensive
    pool = concurrent.futures.ThreadPoolExecutor if mode.endswith("threads") else concurrent.futures.ProcessPoolExecutor
    with pool(max_workers=threads) as executor:
        return list(executor.map(function, ns, multipliers))


def run_primes(mode, limit, threads):
    """How many primes lie in 1..=limit."""
    if mode == "python":
        return primes_common.count_primes(1, limit)
    if mode == "extension":
        return concurrency_rs.count_primes(limit)
    if mode == "extension-rayon":
        return concurrency_rs.count_primes_parallel(limit, threads)
    function = count_range if mode.startswith("python") else count_range_rs
    pool = concurrent.futures.ThreadPoolExecutor if mode.endswith("threads") else concurrent.futures.ProcessPoolExecutor
    with pool(max_workers=threads) as executor:
        return sum(executor.map(function, split_by_work(limit, threads)))


def measure(table, mode, args):
    """One run of one mode: a dict for the JSON output. The time covers the
    work and any pool's start-up, not the interpreter's start or imports."""
    started = time.perf_counter()
    if table == "cpu":
        results = run_cpu(mode, args.tasks, args.multiplier, args.threads)
        elapsed = time.perf_counter() - started
        return {"program": "extension", "interpreter": interpreter.describe(),
                "table": table, "mode": mode, "tasks": args.tasks,
                "multiplier": args.multiplier, "threads": args.threads,
                "results": [repr(r) for r in results], "elapsed": elapsed}
    count = run_primes(mode, args.limit, args.threads)
    elapsed = time.perf_counter() - started
    return {"program": "extension", "interpreter": interpreter.describe(),
            "table": table, "mode": mode, "limit": args.limit,
            "threads": args.threads, "count": count,
            "expected": primes_common.PRIME_COUNTS.get(args.limit), "elapsed": elapsed}


def print_table(runs):
    """The runs of one table, with each one's speedup over the first."""
    base = runs[0]["elapsed"]
    for run in runs:
        if run["table"] == "cpu":
            same = "same values" if run["results"] == runs[0]["results"] else "DIFFERENT values"
            check = f"{same} as {runs[0]['mode']}"
        else:
            expected = run["expected"]
            check = f"{run['count']}" + ("" if expected is None else
                                         " (exact)" if run["count"] == expected else f" (WRONG: expected {expected})")
        print(f"  {run['mode']:<20} {run['elapsed']:9.3f} s   x{base / run['elapsed']:6.2f}   {check}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", choices=TABLES + ["both"], default="both")
    parser.add_argument("--mode", choices=MODES, help="run this mode once and print one JSON object")
    parser.add_argument("--tasks", type=int, default=os.cpu_count(), help="cpu table: tasks (one per logical CPU)")
    parser.add_argument("--multiplier", type=int, default=1, help="cpu table: 10 million terms per unit")
    parser.add_argument("--limit", type=int, default=10**7, help="primes table: count 1..=LIMIT")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="threads or processes of every pool")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if args.tasks < 1 or args.multiplier < 1 or args.limit < 1 or args.threads < 1:
        parser.error("--tasks, --multiplier, --limit and --threads must be at least 1")
    if args.mode:
        if args.table == "both":
            parser.error("--mode needs --table cpu or --table primes")
        print(json.dumps(measure(args.table, args.mode, args)))
        return
    tables = TABLES if args.table == "both" else [args.table]
    every = []
    for table in tables:
        runs = []
        for mode in MODES:
            if not args.json:
                print(f"{table}: {mode} ...", file=sys.stderr, flush=True)
            runs.append(measure(table, mode, args))
        every.extend(runs)
        if not args.json:
            what = (f"cpu_intensive, {args.tasks} tasks, multiplier {args.multiplier}" if table == "cpu"
                    else f"primes in 1..={args.limit}")
            print(f"{what}, {args.threads} threads or processes per pool (one run each):")
            print_table(runs)
    if args.json:
        print(json.dumps(every))


if __name__ == "__main__":
    main()
