"""Membership search: the Python side of the search chapter.

The tutorial "Parallelization in Python" looked up 1,000 random numbers in a
collection holding range(1_000_000), first in a list, a tuple, a set and a
dict, then in batches spread over threads and processes, keeping the slow
list on purpose. This script does the same with the Rust chapter's needles
(`crates/search`), read from --needles: a JSON file `{"batches": [[n, ...],
...]}`, so both languages look up exactly the same numbers.

Modes:
  list, tuple, set, dict   every needle of every batch, one thread; the
                           collection is built before the clock starts
  batches-threads          the batches shared among --workers threads, each
                           searching the one list (built before the clock)
  batches-processes        the batches shared among a Pool of --workers
                           processes; each builds its own list, on the clock,
                           as each Rust worker process does

The batches of each worker are contiguous, as the Rust chapter shares them.
Standard library only. Prints one JSON object: mode, batches, lookups, found,
elapsed.
"""

import argparse
import json
import multiprocessing
import threading
import time
import interpreter

MODES = ["list", "tuple", "set", "dict", "batches-threads", "batches-processes"]

BUILDERS = {
    "list": list,
    "tuple": tuple,
    "set": set,
    "dict": dict.fromkeys,
}


def count_in(needles, collection):
    """How many of `needles` the collection holds: Python's `in`, one by one."""
    found = 0
    for needle in needles:
        if needle in collection:
            found += 1
    return found


def shares(batches, workers):
    """Contiguous runs of batch numbers, one per worker, sizes differing by at
    most one (the Rust chapter's Plan::shares)."""
    return [range(w * batches // workers, (w + 1) * batches // workers) for w in range(workers)]


def on_threads(batches, collection, workers):
    """One thread per share; each adds up its own count, read after join."""
    counts = [0] * workers

    def work(w, share):
        counts[w] = sum(count_in(batches[b], collection) for b in share)

    threads = [threading.Thread(target=work, args=(w, share), name=f"Worker-{w + 1}")
               for w, share in enumerate(shares(len(batches), workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts)


def process_share(job):
    """A worker process's part: build the list, then search its batches."""
    size, needle_batches = job
    collection = list(range(size))
    return sum(count_in(needles, collection) for needles in needle_batches)


def on_processes(batches, size, workers):
    """A Pool of processes, one share each: only the needles travel to them."""
    jobs = [(size, [batches[b] for b in share]) for share in shares(len(batches), workers)]
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(process_share, jobs))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needles", required=True, help='a JSON file {"batches": [[n, ...], ...]}')
    parser.add_argument("--size", type=int, default=1_000_000, help="the collection holds range(SIZE)")
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--workers", type=int, default=None, help="threads or processes [default: one per batch]")
    args = parser.parse_args()
    if not 0 <= args.size <= 100_000_000:
        parser.error("--size must be between 0 and 100000000")
    try:
        with open(args.needles, encoding="utf-8") as file:
            batches = json.load(file)["batches"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        parser.error(f"cannot read the needles from {args.needles}: {error}")
    if not batches or not all(isinstance(b, list) and all(isinstance(n, int) for n in b) for b in batches):
        parser.error(f"{args.needles} holds no batches of integers")
    workers = len(batches) if args.workers is None else args.workers
    if args.mode.startswith("batches-") and not 1 <= workers <= len(batches):
        parser.error(f"--workers must be between 1 and the number of batches ({len(batches)})")

    if args.mode in BUILDERS:
        collection = BUILDERS[args.mode](range(args.size))
        started = time.perf_counter()
        found = sum(count_in(needles, collection) for needles in batches)
        elapsed = time.perf_counter() - started
        workers = 1
    elif args.mode == "batches-threads":
        collection = list(range(args.size))
        started = time.perf_counter()
        found = on_threads(batches, collection, workers)
        elapsed = time.perf_counter() - started
    else:
        started = time.perf_counter()
        found = on_processes(batches, args.size, workers)
        elapsed = time.perf_counter() - started

    print(json.dumps({"program": "search", "interpreter": interpreter.describe(),
                      "mode": args.mode, "size": args.size, "workers": workers,
                      "batches": len(batches), "lookups": sum(len(b) for b in batches),
                      "found": found, "elapsed": elapsed}))


if __name__ == "__main__":
    main()
