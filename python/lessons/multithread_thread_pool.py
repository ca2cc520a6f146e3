"""Chapter 4, THREAD_POOL: a ThreadPoolExecutor of three threads, named
Worker_0, Worker_1, ... as in the tutorial, given one contiguous chunk each.
The Rust twin is crates/multithread/examples/thread_pool.rs.

python3 python/lessons/multithread_thread_pool.py
"""

# ANCHOR: example
import threading
import time
from concurrent.futures import ThreadPoolExecutor

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short
CHUNKS = [range(1, 35), range(35, 69), range(69, 101)]  # 34, 34 and 32 numbers


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def one_chunk(chunk):
    primes = []
    for n in chunk:
        time.sleep(DELAY)
        if is_prime(n):
            primes.append(n)
    return threading.current_thread().name, primes


def main():
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="Worker") as pool:
        found = list(pool.map(one_chunk, CHUNKS))  # one task per chunk
    for name, primes in found:
        print(f"{name}: {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # the longest chunk
    everything = [p for _, primes in found for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert everything == sorted(set(everything)), "in order, no prime twice"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
