"""Chapter 5, CHUNKS_IN_POOL: the same ProcessPoolExecutor, given one contiguous
chunk per task instead of one number. The Rust twin is the second half of
crates/multiprocess/examples/process_pool.rs.

python3 python/lessons/multiprocess_chunks_in_pool.py
"""

# ANCHOR: example
import os
import time
from concurrent.futures import ProcessPoolExecutor

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short
CHUNKS = [range(1, 35), range(35, 69), range(69, 101)]  # 34, 34 and 32 numbers


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def one_chunk(chunk):
    """One task, a whole chunk: one trip there and back for 34 numbers."""
    primes = []
    for n in chunk:
        time.sleep(DELAY)
        if is_prime(n):
            primes.append(n)
    return os.getpid(), primes


def main():
    started = time.perf_counter()
    # Leaving the `with` block waits for every process of the pool.
    with ProcessPoolExecutor(max_workers=3) as pool:
        found = list(pool.map(one_chunk, CHUNKS))
    for i, (pid, primes) in enumerate(found):
        print(f"Worker-{i + 1} (pid {pid}): {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # the longest chunk
    everything = [p for _, primes in found for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert everything == sorted(set(everything)), "in order, no prime twice"


# A child started with "spawn" imports this file: it must not start workers.
if __name__ == "__main__":
    main()
# ANCHOR_END: example
