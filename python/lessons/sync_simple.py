"""Chapter 1, SIMPLE: two workers and one queue, run one after the other.

Worker-1 empties the queue before Worker-2 starts. The Rust twin is
crates/sync/examples/simple.rs.   python3 python/lessons/sync_simple.py
"""

# ANCHOR: example
import queue
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; this keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def main():
    started = time.perf_counter()
    numbers = queue.Queue()
    for n in range(1, 101):
        numbers.put(n)
    found = {}
    for worker in ("Worker-1", "Worker-2"):
        # Each worker takes numbers until the queue is empty; nothing else
        # runs meanwhile, so Worker-2 finds the queue already empty.
        primes = []
        while not numbers.empty():
            n = numbers.get()
            time.sleep(DELAY)  # the forced delay: the thread waits, idle
            if is_prime(n):
                primes.append(n)
        found[worker] = primes
    for worker, primes in found.items():
        print(f"{worker}: {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # the delays add up
    assert len(found["Worker-1"]) == 25, "pi(100) = 25, all found by Worker-1"
    assert found["Worker-2"] == [], "Worker-2 never gets a number"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
