"""The tutorial's trial division, shared by the prime baselines."""

import math

# pi(10^k): the known prime counts the Rust workspace checks against too.
PRIME_COUNTS = {10**k: count for k, count in enumerate(
    [0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534, 455052511])}


def is_prime(n):
    """Trial division by 2 and the odd numbers up to the square root."""
    if n in (2, 3):
        return True
    if n <= 1 or n % 2 == 0:
        return False
    for divisor in range(3, math.isqrt(n) + 1, 2):
        if n % divisor == 0:
            return False
    return True


def count_primes(first, last):
    """How many primes lie in first..=last."""
    return sum(1 for n in range(first, last + 1) if is_prime(n))


def split(limit, parts):
    """1..=limit as `parts` contiguous (first, last) ranges, exact at the ends."""
    base, extra = divmod(limit, parts)
    ranges, start = [], 1
    for i in range(parts):
        length = base + (1 if i < extra else 0)
        ranges.append((start, start + length - 1))
        start += length
    return ranges
