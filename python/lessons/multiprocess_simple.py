"""Chapter 5, SIMPLE: one process per worker, each given its own chunk of the
numbers; the primes come back over a queue. The Rust twin is
crates/multiprocess/examples/simple.rs.

python3 python/lessons/multiprocess_simple.py
"""

# ANCHOR: example
import os
import time
from multiprocessing import Process, Queue

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short
CHUNKS = [range(1, 35), range(35, 69), range(69, 101)]  # 34, 34 and 32 numbers


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def work(worker, chunk, results):
    primes = []  # in the child process: its own interpreter, its own GIL
    for n in chunk:
        time.sleep(DELAY)
        if is_prime(n):
            primes.append(n)
    results.put((worker, os.getpid(), primes))  # pickled, sent down a pipe


def main():
    started = time.perf_counter()
    results = Queue()
    processes = [Process(target=work, args=(f"Worker-{i}", chunk, results))
                 for i, chunk in enumerate(CHUNKS, start=1)]
    for process in processes:
        process.start()
    found = sorted(results.get() for _ in processes)  # before join: drain the pipe
    for process in processes:
        process.join()
        assert process.exitcode == 0, "a worker failed"
    for worker, pid, primes in found:
        print(f"{worker} (pid {pid}): {primes} ({len(primes)} primes)")
    print(f"Elapsed: {time.perf_counter() - started:.2f}s")  # the three run at once
    everything = [p for _, _, primes in found for p in primes]
    assert len(everything) == 25, "pi(100) = 25"
    assert everything == sorted(set(everything)), "in order, no prime twice"


# A child started with "spawn" imports this file: it must not start workers.
if __name__ == "__main__":
    main()
# ANCHOR_END: example
