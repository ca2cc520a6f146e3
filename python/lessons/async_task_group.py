"""Chapter 3, TASK_GROUP: the same tasks in an asyncio.TaskGroup (Python 3.11+).

The Rust twin, with tokio's JoinSet, is crates/async/examples/task_group.rs.
python3 python/lessons/async_task_group.py
"""

# ANCHOR: example
import asyncio
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; this keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


async def worker(numbers):
    primes = []
    while not numbers.empty():
        n = numbers.get_nowait()
        await asyncio.sleep(DELAY)
        if is_prime(n):
            primes.append(n)
    return primes


async def main():
    started = time.perf_counter()
    numbers = asyncio.Queue()
    for n in range(1, 101):
        numbers.put_nowait(n)
    # ANCHOR: group
    # Leaving the block waits for every task. Were one to raise, the group
    # would cancel the others and raise here.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker(numbers)) for _ in range(3)]
    # ANCHOR_END: group
    found = []
    for i, task in enumerate(tasks, start=1):
        primes = task.result()
        print(f"Worker-{i}: {primes} ({len(primes)} primes)")
        found.extend(primes)
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")
    assert len(found) == 25, "pi(100) = 25"
    assert len(set(found)) == 25, "no number counted twice"


if __name__ == "__main__":
    asyncio.run(main())
# ANCHOR_END: example
