"""The "fully loaded" experiment: one cpu_intensive() task per logical processor."""

import argparse
import concurrent.futures
import json
import math
import os
import time
import interpreter


def cpu_intensive(n, multiplier):
    """Sum of sqrt(i^3 + i^2 + i*n) for i < 10_000_000 * multiplier.

    Python's int is exact, so the polynomial never overflows; math.sqrt turns
    it into a float (rounded to nearest) and takes the square root.
    """
    total = 0
    for i in range(10_000_000 * multiplier):
        total += math.sqrt(i**3 + i**2 + i * n)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=os.cpu_count())
    parser.add_argument("--multiplier", type=int, default=1)
    parser.add_argument("--mode", choices=["sequential", "processes"], default="processes")
    args = parser.parse_args()
    if args.tasks < 1 or args.multiplier < 1:
        parser.error("--tasks and --multiplier must be at least 1")
    started = time.perf_counter()
    if args.mode == "sequential":
        results = [cpu_intensive(n, args.multiplier) for n in range(args.tasks)]
    else:
        with concurrent.futures.ProcessPoolExecutor() as executor:
            results = list(executor.map(cpu_intensive, range(args.tasks), [args.multiplier] * args.tasks))
    elapsed = time.perf_counter() - started
    print(json.dumps({"program": "fully_loaded", "interpreter": interpreter.describe(),
                      "mode": args.mode, "tasks": args.tasks,
                      "multiplier": args.multiplier, "results": [repr(r) for r in results],
                      "elapsed": elapsed}))


if __name__ == "__main__":
    main()
