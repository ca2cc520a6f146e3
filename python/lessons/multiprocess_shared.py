"""Chapter 5, SHARED: three worker processes take the numbers one at a time
from a queue the parent fills, and send their primes back over another. The
Rust twin is crates/multiprocess/examples/shared.rs.

python3 python/lessons/multiprocess_shared.py
"""

# ANCHOR: example
import os
import time
from multiprocessing import Process, Queue

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short
WORKERS = 3


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def work(worker, numbers, results):
    primes = []
    while (n := numbers.get()) is not None:  # a trip between processes per number
        time.sleep(DELAY)
        if is_prime(n):
            primes.append(n)
    results.put((worker, os.getpid(), primes))


def main():
    started = time.perf_counter()
    numbers, results = Queue(), Queue()
    for n in range(1, 101):
        numbers.put(n)
    for _ in range(WORKERS):
        numbers.put(None)  # one "no more numbers" per worker
    processes = [Process(target=work, args=(f"Worker-{i}", numbers, results))
                 for i in range(1, WORKERS + 1)]
    for process in processes:
        process.start()
    found = sorted(results.get() for _ in processes)  # before join: drain the pipe
    for process in processes:
        process.join()
        assert process.exitcode == 0, "a worker failed"
    for worker, pid, primes in found:
        print(f"{worker} (pid {pid}): {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # 100 x 0.01 s over three
    everything = [p for _, _, primes in found for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert len(set(everything)) == 25, "no prime found twice"


# A child started with "spawn" imports this file: it must not start workers.
if __name__ == "__main__":
    main()
# ANCHOR_END: example
