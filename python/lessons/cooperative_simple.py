"""Chapter 2, SIMPLE: workers that say whether they are busy, and a runner
that hands each number to the first idle one: Worker-1, every time.

The Rust twin is crates/cooperative/examples/simple.rs.
python3 python/lessons/cooperative_simple.py
"""

# ANCHOR: example
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; this keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


class Worker:
    def __init__(self, name):
        self.name = name
        self.busy = False  # the tutorial's status: Busy or Idle
        self.primes = []

    def process(self, n):
        self.busy = True
        time.sleep(DELAY)  # the forced delay
        if is_prime(n):
            self.primes.append(n)
        self.busy = False  # idle again before the runner looks


def main():
    started = time.perf_counter()
    workers = [Worker("Worker-1"), Worker("Worker-2")]
    for n in range(1, 101):
        # The runner hands the number to the first idle worker. process()
        # has returned before it looks, so that is Worker-1 every time.
        idle = next(w for w in workers if not w.busy)
        idle.process(n)
    for w in workers:
        print(f"{w.name}: {w.primes} ({len(w.primes)} primes)")
    elapsed = time.perf_counter() - started
    print(f"Elapsed: {elapsed:.2f}s")  # the delays still add up
    assert len(workers[0].primes) == 25, "pi(100) = 25, all found by Worker-1"
    assert workers[1].primes == [], "Worker-2 is never picked"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
