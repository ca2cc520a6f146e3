"""Search: needles looked up in a list (scanned from the front) and in a set
(hashed), batches of them spread over threads (standard library only).

python3 python/lessons/search_batches.py
"""

# ANCHOR: example
import random
import time
from concurrent.futures import ThreadPoolExecutor

# A tenth of the experiment's collection and a fifth of its 1,000 needles:
# at its sizes, one batch of list scans takes Python seconds.
SIZE = 100_000  # the collection holds 0..SIZE
NEEDLES = 200
BATCHES = 4


def needles(batch):
    generator = random.Random(batch)  # new needles per batch, the same every run
    return [generator.randint(0, SIZE) for _ in range(NEEDLES)]


def search(to_find, collection):
    """The experiment's search: how many needles the collection holds."""
    return sum(1 for n in to_find if n in collection)


if __name__ == "__main__":
    big_list, big_set = list(range(SIZE)), set(range(SIZE))
    batches = [needles(b) for b in range(BATCHES)]
    started = time.perf_counter()
    with ThreadPoolExecutor(BATCHES) as pool:  # a thread per batch, one at a time
        in_list = sum(pool.map(search, batches, [big_list] * BATCHES))
    elapsed = time.perf_counter() - started
    print(f"list, one thread per batch: {in_list} found in {elapsed:.3f} s")
    started = time.perf_counter()
    in_set = sum(search(batch, big_set) for batch in batches)
    elapsed = time.perf_counter() - started
    print(f"set, one thread: {in_set} found in {elapsed * 1000:.2f} ms")
    # An independent answer: 0..SIZE holds a number exactly when it is below SIZE.
    below = sum(1 for batch in batches for n in batch if n < SIZE)
    assert in_list == in_set == below, "both find what arithmetic says"
# ANCHOR_END: example
