"""Chapter 3, SIMPLE: one asyncio task per worker, all taking numbers from
one shared asyncio.Queue; the awaited delays overlap on one thread.

The Rust twin is crates/async/examples/simple.rs.
python3 python/lessons/async_simple.py
"""

# ANCHOR: example
import asyncio
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; this keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


# ANCHOR: tasks
async def worker(numbers):
    """Take numbers until the queue is empty."""
    primes = []
    while not numbers.empty():
        n = numbers.get_nowait()
        await asyncio.sleep(DELAY)  # gives the thread to another task
        if is_prime(n):
            primes.append(n)
    return primes


async def main():
    started = time.perf_counter()
    numbers = asyncio.Queue()
    for n in range(1, 101):
        numbers.put_nowait(n)
    # create_task per worker: each task starts at once...
    tasks = [asyncio.create_task(worker(numbers)) for _ in range(3)]
    found = []
    for i, task in enumerate(tasks, start=1):
        # ...and awaiting them in order only decides when we look.
        primes = await task
        print(f"Worker-{i}: {primes} ({len(primes)} primes)")
        found.extend(primes)
    # 100 delays of 0.01 s shared by 3 tasks: about a third of chapter 1's run.
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")
    assert len(found) == 25, "pi(100) = 25"
    assert len(set(found)) == 25, "no number counted twice"
# ANCHOR_END: tasks


if __name__ == "__main__":
    asyncio.run(main())
# ANCHOR_END: example
