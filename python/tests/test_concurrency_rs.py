"""The Rust extension concurrency_rs, tested from Python.

Build it first (`just python`, or `maturin develop -m crates/python/Cargo.toml`
in a virtual environment), then run `pytest python/tests`.
"""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import concurrency_rs as rs
import extension
import primes_common

# What the "fully loaded" experiment printed for cpu_intensive(n, 1), n = 0..3,
# copied as printed: the extension must give these floats, bit for bit.
PRINTED = ["1.264911011363067e+17", "1.2649110113631182e+17", "1.2649110113631494e+17", "1.2649110113631802e+17"]

# A prime near 10**14: checking it takes tens of milliseconds of trial division.
BIG_PRIME = 100_000_000_000_031


# --- exact values -----------------------------------------------------------

@pytest.mark.parametrize("n", range(4))
def test_cpu_intensive_gives_the_printed_value_bit_for_bit(n):
    value = rs.cpu_intensive(n, 1)
    assert repr(value) == PRINTED[n]
    assert value.hex() == float(PRINTED[n]).hex()


def test_cpu_intensive_takes_the_experiments_default_and_keywords():
    assert rs.cpu_intensive(0) == rs.cpu_intensive(n=0, multiplier=1) == float(PRINTED[0])
    assert rs.cpu_intensive(5, 0) == 0.0  # no terms at all


def test_cpu_intensive_parallel_keeps_task_order():
    assert [repr(v) for v in rs.cpu_intensive_parallel(4, 1, 2)] == PRINTED


def test_primes_to_ten_thousand_are_the_chapters_list():
    # The chapters' list: the tutorial's trial division, in pure Python.
    expected = [n for n in range(1, 10**4 + 1) if primes_common.is_prime(n)]
    got = rs.primes(10**4)
    assert got == expected
    assert len(got) == 1229 and got[:5] == [2, 3, 5, 7, 11] and got[-1] == 9973


@pytest.mark.parametrize("k", range(1, 7))
def test_counts_are_pi_of_ten_to_the_k(k):
    limit = 10**k
    expected = primes_common.PRIME_COUNTS[limit]
    assert rs.count_primes(limit) == expected
    for threads in (1, 2, 3):
        assert rs.count_primes_parallel(limit, threads) == expected


def test_a_range_counts_its_own_primes():
    # 1..=10**5 cut anywhere: the two parts add up to pi(10**5).
    for cut in (1, 2, 61_803, 99_999, 100_000):
        assert rs.count_primes(cut) + rs.count_primes(100_000, start=cut + 1) == 9592
    assert rs.count_primes(10, start=11) == 0
    assert rs.count_primes(10, start=0) == 4


def test_is_prime_agrees_with_the_tutorials():
    assert all(rs.is_prime(n) == primes_common.is_prime(n) for n in range(10_000))
    assert rs.is_prime(4_294_967_291)       # the largest prime below 2**32
    assert not rs.is_prime(4_294_967_297)   # 641 * 6700417 (Fermat's F5)
    assert rs.is_prime(BIG_PRIME)


# --- the GIL is released --------------------------------------------------------

class Counter:
    """A Python thread that adds 1 to `count`, then sleeps a millisecond
    (which releases the GIL), until it is stopped."""

    def __init__(self):
        self.count = 0
        self.stop = threading.Event()
        self.started = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        self.started.set()
        while not self.stop.is_set():
            self.count += 1
            time.sleep(0.001)

    def __enter__(self):
        self.thread.start()
        self.started.wait()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def advance_during(call, calls):
    """How far the counter thread got while this thread made up to `calls`
    calls (stopping after the first call during which it moved).

    The check is about behaviour, not time. The switch interval is raised to
    a minute, so CPython never takes the GIL away from this thread on its
    own: the counter thread can run only while this thread lets the GIL go.
    A function that holds the GIL therefore leaves the counter exactly where
    it was, however long it runs (below a minute); one that releases it lets
    the counter move, as soon as the OS gives the counter thread a core.
    """
    old = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    try:
        with Counter() as counter:
            time.sleep(0.01)  # let the counter thread settle into its loop
            before = counter.count
            for _ in range(calls):
                call()
                after = counter.count
                if after != before:
                    break
            return after - before
    finally:
        sys.setswitchinterval(old)


GIL_RELEASING_CALLS = {
    "cpu_intensive": lambda: rs.cpu_intensive(3, 1),
    "cpu_intensive_parallel": lambda: rs.cpu_intensive_parallel(2, 1, 2),
    "is_prime": lambda: rs.is_prime(BIG_PRIME),
    "count_primes": lambda: rs.count_primes(10**6),
    "primes": lambda: rs.primes(10**6),
    "count_primes_parallel": lambda: rs.count_primes_parallel(10**6, 2),
}


@pytest.mark.parametrize("name", GIL_RELEASING_CALLS)
def test_another_python_thread_runs_while_the_extension_computes(name):
    assert advance_during(GIL_RELEASING_CALLS[name], calls=50) > 0, f"{name} kept the GIL"


def test_pure_python_holds_the_gil_so_the_counter_waits():
    # The control: the same measurement around pure Python that runs for a
    # while (tenths of a second) never lets the counter move.
    assert advance_during(lambda: primes_common.count_primes(1, 200_000), calls=3) == 0


# --- bad input raises, never crashes --------------------------------------------

BAD_CALLS = [
    # Python ints that do not fit a u64, or a float, a string, None: PyO3
    # refuses them before any Rust runs.
    (lambda: rs.cpu_intensive(-1), OverflowError),
    (lambda: rs.cpu_intensive(2**64), OverflowError),
    (lambda: rs.cpu_intensive(0, -1), OverflowError),
    (lambda: rs.cpu_intensive(1.5), TypeError),
    (lambda: rs.cpu_intensive("1"), TypeError),
    (lambda: rs.cpu_intensive(None), TypeError),
    (lambda: rs.cpu_intensive(), TypeError),
    (lambda: rs.cpu_intensive(0, 1, 2), TypeError),
    (lambda: rs.cpu_intensive(0, multiplier=1, bogus=2), TypeError),
    (lambda: rs.is_prime(-7), OverflowError),
    (lambda: rs.is_prime(2**64), OverflowError),
    (lambda: rs.is_prime(7.0), TypeError),
    (lambda: rs.is_prime("7"), TypeError),
    (lambda: rs.count_primes(-1), OverflowError),
    (lambda: rs.count_primes(10, start=-1), OverflowError),
    (lambda: rs.count_primes(10.0), TypeError),
    (lambda: rs.primes(-1), OverflowError),
    (lambda: rs.primes([10]), TypeError),
    (lambda: rs.count_primes_parallel(10, -1), OverflowError),
    (lambda: rs.count_primes_parallel(10, 2.0), TypeError),
    (lambda: rs.count_primes_parallel(10), TypeError),
    (lambda: rs.cpu_intensive_parallel(-1, 1, 1), OverflowError),
    # In range for the type, but refused by the Rust side: ValueError.
    (lambda: rs.cpu_intensive(0, rs.MAX_MULTIPLIER + 1), ValueError),
    (lambda: rs.count_primes(rs.MAX_LIMIT + 1), ValueError),
    (lambda: rs.primes(rs.MAX_PRIMES_LIMIT + 1), ValueError),
    (lambda: rs.count_primes_parallel(10, 0), ValueError),
    (lambda: rs.count_primes_parallel(10, rs.MAX_THREADS + 1), ValueError),
    (lambda: rs.count_primes_parallel(rs.MAX_LIMIT + 1, 2), ValueError),
    (lambda: rs.cpu_intensive_parallel(rs.MAX_TASKS + 1, 1, 1), ValueError),
    (lambda: rs.cpu_intensive_parallel(1, rs.MAX_MULTIPLIER + 1, 1), ValueError),
    (lambda: rs.cpu_intensive_parallel(1, 1, 0), ValueError),
]


@pytest.mark.parametrize("call, error", BAD_CALLS)
def test_bad_input_raises_the_right_exception(call, error):
    with pytest.raises(error):
        call()
    assert rs.is_prime(97), "the module works after the error"


def test_value_errors_say_what_was_wrong():
    with pytest.raises(ValueError, match="threads must be from 1 to 1024, not 0"):
        rs.count_primes_parallel(10, 0)
    with pytest.raises(ValueError, match=f"multiplier {rs.MAX_MULTIPLIER + 1} is above {rs.MAX_MULTIPLIER}"):
        rs.cpu_intensive(0, rs.MAX_MULTIPLIER + 1)


def test_a_panic_in_rust_is_an_exception_and_python_goes_on():
    # PyO3 turns a panic into PanicException, which derives from
    # BaseException (like KeyboardInterrupt): `except Exception` does not
    # swallow a bug by accident.
    with pytest.raises(BaseException, match="on purpose") as info:
        rs._panic_for_tests("on purpose")
    assert type(info.value).__name__ == "PanicException"
    assert not isinstance(info.value, Exception)
    assert rs.count_primes(100) == 25


def test_no_bad_input_crashes_the_interpreter():
    # Every bad call, and the panic, in a fresh interpreter that must then
    # exit normally: a crash (an abort, a segfault) would show in its code.
    script = """
import concurrency_rs as rs
bad = [lambda: rs.cpu_intensive(-1), lambda: rs.primes(rs.MAX_PRIMES_LIMIT + 1),
       lambda: rs.count_primes_parallel(10, 0), lambda: rs.is_prime("7"),
       lambda: rs._panic_for_tests("on purpose")]
caught = 0
for call in bad:
    try:
        call()
    except BaseException:
        caught += 1
print(caught, rs.count_primes(1000))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["5", "168"]


# --- the program that runs the tables ----------------------------------------------

@pytest.mark.parametrize("limit, parts", [(10, 3), (999, 4), (1000, 2), (10**6, 2), (10**7, 2), (12_345, 7), (5000, 1024)])
def test_split_by_work_covers_every_number_once(limit, parts):
    ranges = extension.split_by_work(limit, parts)
    assert len(ranges) == parts
    numbers = [n for first, last in ranges for n in range(first, last + 1)]
    assert numbers == list(range(1, limit + 1))


def test_split_by_work_gives_the_top_range_fewer_numbers():
    (low_first, low_last), (high_first, high_last) = extension.split_by_work(10**7, 2)
    assert low_last - low_first > high_last - high_first


@pytest.mark.parametrize("mode", extension.MODES)
def test_every_mode_counts_the_primes_exactly(mode):
    out = run_program("--table", "primes", "--mode", mode, "--limit", "100000", "--threads", "2")
    assert (out["mode"], out["count"], out["expected"]) == (mode, 9592, 9592)
    assert out["elapsed"] > 0


@pytest.mark.parametrize("mode", [m for m in extension.MODES if m.startswith("extension")])
def test_every_extension_mode_gives_the_printed_values(mode):
    out = run_program("--table", "cpu", "--mode", mode, "--tasks", "2", "--threads", "2")
    assert out["results"] == PRINTED[:2]


def run_program(*args):
    script = Path(extension.__file__)
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
