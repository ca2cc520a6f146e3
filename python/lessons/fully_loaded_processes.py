"""Fully loaded: one cpu_intensive task per logical processor, each in a process
of a pool, as the experiment's with_concurrency.py did (standard library only).

python3 python/lessons/fully_loaded_processes.py
"""

# ANCHOR: example
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor

# The experiment's multiplier 1 is ten million terms, seconds per task in
# Python; a hundredth of it keeps the lesson short.
MULTIPLIER = 0.01


def cpu_intensive(n, multiplier):
    """The sum over i < 10_000_000 * multiplier of sqrt(i**3 + i**2 + i*n)."""
    total = 0.0
    for i in range(int(10_000_000 * multiplier)):
        total += math.sqrt(i**3 + i**2 + i * n)  # exact int, rounded once to a float
    return total


if __name__ == "__main__":
    tasks = os.cpu_count()  # one task per logical processor
    started = time.perf_counter()
    with ProcessPoolExecutor(tasks) as pool:  # one process per task: a GIL each
        results = list(pool.map(cpu_intensive, range(tasks), [MULTIPLIER] * tasks))
    for n, value in enumerate(results):
        print(f"task {n}: {value!r}")  # map keeps the order of the tasks
    print(f"{tasks} tasks in {time.perf_counter() - started:.3f} s")
    assert results[0] == 1264905793486.179, "the value the Rust example checks too"
    one_by_one = [cpu_intensive(n, MULTIPLIER) for n in range(tasks)]
    assert results == one_by_one, "the same values as one task after the other"
# ANCHOR_END: example
