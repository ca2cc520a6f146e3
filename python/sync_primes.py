"""Count the primes in 1..=N on one thread: the tutorial's synchronous baseline."""

import argparse
import json
import time

from primes_common import PRIME_COUNTS, count_primes
import interpreter


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=100_000)
    args = parser.parse_args()
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    started = time.perf_counter()
    count = count_primes(1, args.limit)
    elapsed = time.perf_counter() - started
    expected = PRIME_COUNTS.get(args.limit)
    print(json.dumps({"program": "sync_primes", "interpreter": interpreter.describe(),
                      "limit": args.limit, "workers": 1,
                      "count": count, "expected": expected, "elapsed": elapsed}))
    if expected is not None and count != expected:
        raise SystemExit(f"wrong count: {count}, expected {expected}")


if __name__ == "__main__":
    main()
