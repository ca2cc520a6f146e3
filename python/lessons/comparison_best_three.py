"""Chapter 6, the best three on the same work with no delay: asyncio TASK_GROUP,
a THREAD_POOL and CHUNKS_IN_POOL, timed one after the other (standard library only).

python3 python/lessons/comparison_best_three.py
"""

# ANCHOR: example
import asyncio
import math
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

LIMIT = 100_000
WORKERS = 10


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


# ANCHOR: task_group
async def task_group():
    numbers = iter(range(1, LIMIT + 1))  # shared by the tasks, all on one thread
    async def task():  # never awaits: the first task takes every number
        return sum(1 for n in numbers if is_prime(n))
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(task()) for _ in range(WORKERS)]
    return sum(t.result() for t in tasks)
# ANCHOR_END: task_group


def count_range(first, last):
    return sum(1 for n in range(first, last + 1) if is_prime(n))


FIRSTS = [w * LIMIT // WORKERS + 1 for w in range(WORKERS)]  # exact chunks of 1..=LIMIT
LASTS = [(w + 1) * LIMIT // WORKERS for w in range(WORKERS)]


# ANCHOR: thread_pool
def thread_pool():
    with ThreadPoolExecutor(WORKERS) as pool:  # one GIL: one thread at a time
        return sum(pool.map(count_range, FIRSTS, LASTS))
# ANCHOR_END: thread_pool


# ANCHOR: chunks_in_pool
def chunks_in_pool():
    with ProcessPoolExecutor(WORKERS) as pool:  # a process each, and a GIL each
        return sum(pool.map(count_range, FIRSTS, LASTS))
# ANCHOR_END: chunks_in_pool


if __name__ == "__main__":
    runners = {"TASK_GROUP": lambda: asyncio.run(task_group()),
               "THREAD_POOL": thread_pool, "CHUNKS_IN_POOL": chunks_in_pool}
    for name, runner in runners.items():
        started = time.perf_counter()
        primes = runner()
        print(f"{name}: {primes} primes in {time.perf_counter() - started:.3f} s")
        assert primes == 9592, "pi(10^5) = 9592"
# ANCHOR_END: example
