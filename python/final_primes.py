"""The tutorial's final solution: one range of 1..=N per process of a pool.

Unlike the original, the ranges are exact at their ends (the original's
arithmetic dropped the last number of every range).
"""

import argparse
import json
import multiprocessing
import time

from primes_common import PRIME_COUNTS, count_primes, split
import interpreter


def count_range(bounds):
    first, last = bounds
    return count_primes(first, last)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=10)
    args = parser.parse_args()
    if args.limit < 1 or args.workers < 1:
        parser.error("--limit and --workers must be at least 1")
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        count = sum(pool.map(count_range, split(args.limit, args.workers)))
    elapsed = time.perf_counter() - started
    expected = PRIME_COUNTS.get(args.limit)
    print(json.dumps({"program": "final_primes", "interpreter": interpreter.describe(),
                      "limit": args.limit, "workers": args.workers,
                      "count": count, "expected": expected, "elapsed": elapsed}))
    if expected is not None and count != expected:
        raise SystemExit(f"wrong count: {count}, expected {expected}")


if __name__ == "__main__":
    main()
