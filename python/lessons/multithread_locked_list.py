"""Chapter 4, LOCKED_LIST: the workers take their numbers from one list behind
a lock, held only while a number is taken. The Rust twin is
crates/multithread/examples/locked_list.rs.

python3 python/lessons/multithread_locked_list.py
"""

# ANCHOR: example
import threading
import time

DELAY = 0.01  # the tutorial's forced delay is 0.05 s; 0.01 s keeps the run short


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def work(numbers, lock, primes):
    while True:
        with lock:  # held while one number is taken, released before the sleep
            if not numbers:
                return
            n = numbers.pop()
        time.sleep(DELAY)
        if is_prime(n):
            primes.append(n)


def main():
    started = time.perf_counter()
    numbers = list(range(100, 0, -1))  # reversed, so that pop() hands out 1 first
    lock = threading.Lock()
    found = {"Worker-1": [], "Worker-2": []}
    threads = [threading.Thread(target=work, args=(numbers, lock, primes))
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
