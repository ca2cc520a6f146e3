"""Chapter 4, SIMPLE: one thread per worker, every thread taking numbers from
one shared queue. The Rust twin is crates/multithread/examples/simple.rs.

python3 python/lessons/multithread_simple.py
"""

# ANCHOR: example
import queue
import threading
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def work(numbers, primes):
    """Take numbers until the queue is empty; `get_nowait` hands each out once."""
    while True:
        try:
            n = numbers.get_nowait()
        except queue.Empty:
            return
        time.sleep(DELAY)  # sleeping releases the GIL: both threads sleep at once
        if is_prime(n):
            primes.append(n)


def main():
    started = time.perf_counter()
    numbers = queue.Queue()
    for n in range(1, 101):
        numbers.put(n)
    found = {"Worker-1": [], "Worker-2": []}  # each thread appends to its own list
    threads = [threading.Thread(target=work, args=(numbers, primes))
               for primes in found.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker, primes in found.items():
        print(f"{worker}: {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # half of 100 x 0.01 s
    everything = [p for primes in found.values() for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert len(set(everything)) == 25, "no prime found twice"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
