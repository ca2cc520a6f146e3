"""Chapter 7, the final solution: split 1..=N into one exact range per worker and
count each range in a process of a pool (standard library only).

python3 python/lessons/final_simple.py
"""

# ANCHOR: example
import math
import time
from concurrent.futures import ProcessPoolExecutor


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def ranges(maximum, workers):
    """1..=maximum in `workers` ranges that hold every number once."""
    ends = [w * maximum // workers for w in range(workers + 1)]  # 0, ..., maximum
    return [range(ends[w] + 1, ends[w + 1] + 1) for w in range(workers)]


def count_primes(numbers):
    return sum(1 for n in numbers if is_prime(n))


def calc_primes(maximum, workers):
    """The tutorial's calc_primes, with exact ranges: one range per process."""
    with ProcessPoolExecutor(workers) as pool:  # a process per range: no GIL in the way
        return sum(pool.map(count_primes, ranges(maximum, workers)))


if __name__ == "__main__":
    LIMIT = 100_000
    print("7 ranges:", ranges(LIMIT, 7))  # 7 does not divide 10^5
    numbers = [n for r in ranges(LIMIT, 7) for n in r]
    assert numbers == list(range(1, LIMIT + 1)), "every number in exactly one range"
    started = time.perf_counter()
    primes = calc_primes(LIMIT, 10)
    elapsed = time.perf_counter() - started
    print(f"calc_primes({LIMIT}, 10) = {primes} in {elapsed:.3f} s")
    assert primes == 9592, "pi(10^5) = 9592"
# ANCHOR_END: example
