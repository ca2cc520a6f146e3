"""The sieve chapter in miniature: a segmented sieve of Eratosthenes whose
segments are counted on a pool of processes, against trial division.

The Rust twin, on rayon's threads, is crates/sieve/examples/segmented.rs.
python3 python/lessons/sieve_segmented.py
"""

# ANCHOR: example
import multiprocessing
import os
import time

SEGMENT = 1 << 18  # numbers per segment


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def count_segment(lo, hi, sieving):
    """The primes in range(lo, hi): each sieving prime crosses off its multiples."""
    composite = bytearray(hi - lo)  # a byte per number, 0 until crossed off
    for p in sieving:
        first = max(p * p, -(-lo // p) * p)  # p's first multiple in the segment
        composite[first - lo :: p] = b"\x01" * len(range(first, hi, p))
    return composite.count(0) - (2 if lo == 0 else 0)  # 0 and 1 are not primes


def sieve(limit, pool):
    """pi(limit), and how many numbers were sieved: the pool counts the segments."""
    sieving = [n for n in range(2, int(limit**0.5) + 1) if is_prime(n)]
    starts = range(0, limit + 1, SEGMENT)
    segments = [(lo, min(lo + SEGMENT, limit + 1)) for lo in starts]
    counts = pool.starmap(count_segment, [(lo, hi, sieving) for lo, hi in segments])
    return sum(counts), sum(hi - lo for lo, hi in segments)


def main():
    started = time.perf_counter()
    by_division = sum(1 for n in range(1, 100_001) if is_prime(n))
    took = time.perf_counter() - started
    print(f"trial division, 1 process: pi(100000) = {by_division} in {took:.3f}s")
    assert by_division == 9592, "pi(10^5) = 9592"
    processes = os.cpu_count()
    with multiprocessing.Pool(processes) as pool:
        for limit, pi in [(100_000, 9592), (100_000_000, 5_761_455)]:
            started = time.perf_counter()
            count, sieved = sieve(limit, pool)
            took = time.perf_counter() - started
            print(f"sieve, {processes} processes: pi({limit}) = {count} in {took:.3f}s")
            assert count == pi, f"pi({limit}) = {pi}"
            assert sieved == limit + 1, "every number in exactly one segment"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
