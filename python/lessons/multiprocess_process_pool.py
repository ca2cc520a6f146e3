"""Chapter 5, PROCESS_POOL: a ProcessPoolExecutor of three processes, given a
task per number; each process takes the next task when it is free. The Rust
twin is crates/multiprocess/examples/process_pool.rs.

python3 python/lessons/multiprocess_process_pool.py
"""

# ANCHOR: example
import os
import time
from concurrent.futures import ProcessPoolExecutor

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def check(n):
    """One task: runs in whichever pool process is free."""
    time.sleep(DELAY)
    return os.getpid(), n, is_prime(n)


def main():
    started = time.perf_counter()
    found = {}  # pid -> its primes, in the order the processes first answered
    # Leaving the `with` block waits for every process of the pool.
    with ProcessPoolExecutor(max_workers=3) as pool:
        # 100 tasks, each pickled on its way there and its answer on the way back.
        for pid, n, prime in pool.map(check, range(1, 101)):
            primes = found.setdefault(pid, [])
            if prime:
                primes.append(n)
    for i, (pid, primes) in enumerate(found.items()):
        print(f"Worker-{i + 1} (pid {pid}): {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # 100 x 0.01 s over three
    everything = [p for primes in found.values() for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert len(set(everything)) == 25, "no prime found twice"


# A child started with "spawn" imports this file: it must not start workers.
if __name__ == "__main__":
    main()
# ANCHOR_END: example
