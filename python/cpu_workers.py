"""Count the primes in 1..=N with W threads or W processes, recording when each worker computed.

The experiment of the multithreading chapter ("No GIL"): both languages run
the same program. W workers take blocks of numbers from one shared counter
and check each number with the tutorial's trial division. Each worker
records its *stretches*: the times it was computing without a pause. A
pause is a gap of PAUSE seconds or more between two numbers, or a number
that took that long (the worker was waiting for the GIL or for a core in
between). Under the GIL, Python threads take turns: their stretches
alternate and their busy times add up to the run's time. Processes, like
Rust's threads, compute side by side.

Prints one JSON object: the count, the time, and per worker its name,
process id, thread, numbers checked, busy seconds and stretches (seconds
since the run started, as [start, end] pairs).
"""

import argparse
import json
import multiprocessing
import os
import threading
import time

from primes_common import PRIME_COUNTS, is_prime
import interpreter

PAUSE = 0.001


def check_block(first, last, origin):
    """Checks first..=last; returns (primes, busy, stretches) with times since origin."""
    primes, busy, stretches = 0, 0.0, []
    start = end = time.perf_counter()
    for n in range(first, last + 1):
        before = time.perf_counter()
        primes += is_prime(n)
        after = time.perf_counter()
        if before - end >= PAUSE or after - before >= PAUSE:
            stretches.append((start, end))
            start = after
        end = after
    stretches.append((start, end))
    spans = [(a - origin, b - origin) for a, b in stretches if b > a]
    busy = sum(b - a for a, b in spans)
    return primes, busy, spans


def block_task(args):
    """One block in a worker process: its result, with the process that checked it."""
    first, last, origin = args
    return (os.getpid(), *check_block(first, last, origin))


def blocks(limit, size):
    return [(first, min(first + size - 1, limit)) for first in range(1, limit + 1, size)]


def run_threads(limit, workers, size, origin):
    todo = blocks(limit, size)
    lock = threading.Lock()
    reports = [None] * workers

    def worker(index):
        report = {"name": f"Worker-{index + 1}", "pid": os.getpid(), "thread": threading.current_thread().name,
                  "numbers": 0, "primes": 0, "busy": 0.0, "stretches": []}
        while True:
            with lock:
                if not todo:
                    break
                first, last = todo.pop(0)
            primes, busy, spans = check_block(first, last, origin)
            report["numbers"] += last - first + 1
            report["primes"] += primes
            report["busy"] += busy
            report["stretches"] += spans
        reports[index] = report

    threads = [threading.Thread(target=worker, args=(i,), name=f"Worker-{i + 1}") for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return reports


def run_processes(limit, workers, size, origin):
    by_pid = {}
    todo = blocks(limit, size)
    tasks = [(first, last, origin) for first, last in todo]
    with multiprocessing.Pool(workers) as pool:
        for (first, last), (pid, primes, busy, spans) in zip(todo, pool.imap(block_task, tasks)):
            report = by_pid.setdefault(pid, {"name": "", "pid": pid, "thread": "MainThread", "numbers": 0,
                                             "primes": 0, "busy": 0.0, "stretches": []})
            report["numbers"] += last - first + 1
            report["primes"] += primes
            report["busy"] += busy
            report["stretches"] += spans
    reports = sorted(by_pid.values(), key=lambda r: min((s[0] for s in r["stretches"]), default=0.0))
    for index, report in enumerate(reports):
        report["name"] = f"Worker-{index + 1}"
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["threads", "processes"], required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--block", type=int, default=1_000, help="numbers a worker takes at a time")
    args = parser.parse_args()
    if args.limit < 1 or args.workers < 1 or args.block < 1:
        parser.error("--limit, --workers and --block must be at least 1")
    origin = time.perf_counter()
    run = run_threads if args.mode == "threads" else run_processes
    reports = run(args.limit, args.workers, args.block, origin)
    elapsed = time.perf_counter() - origin
    count = sum(r["primes"] for r in reports)
    expected = PRIME_COUNTS.get(args.limit)
    print(json.dumps({"program": "cpu_workers", "interpreter": interpreter.describe(),
                      "mode": args.mode, "limit": args.limit, "workers": reports,
                      "count": count, "expected": expected, "elapsed": elapsed}))
    if expected is not None and count != expected:
        raise SystemExit(f"wrong count: {count}, expected {expected}")


if __name__ == "__main__":
    main()
