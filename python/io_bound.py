"""Downloads from one HTTP server, six ways: the Python side of the io-bound chapter.

The tutorials "compare concurrent methods" and "Parallelization in Python"
fetched pages from the internet with `requests` (with and without a
session), a pool of threads, `aiohttp` (all at once, or a few at a time
behind a semaphore) and a pool of processes. This script makes the same
requests as the Rust chapter (`crates/io-bound`): every path of --paths,
--repeat times, alternating, request i going to BASE + path + "?n=i" so that
the chapter's local server gives it the same answer (or fault) as it gives
the Rust client.

Only --base is ever contacted, with a timeout on every request, and proxies
from the environment are ignored (they would send loopback traffic
elsewhere). Needs `requests` and `aiohttp` (python/requirements.txt).
Prints one JSON object: mode, requests, ok, errors, bytes, elapsed.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import requests
import interpreter

MODES = ["sync", "sync-session", "threads", "asyncio", "asyncio-semaphore", "processes"]

# The Rust chapter's defaults: its `threads` mode runs 10 threads, its
# `async-limited` mode 3 permits (the tutorial's n_at_once), and its
# `processes` mode one process per logical CPU, as Pool() does.
DEFAULT_WORKERS = {"threads": 10, "asyncio-semaphore": 3, "processes": os.cpu_count() or 1}

# Explicitly no proxy, for requests.get (a Session has trust_env = False).
NO_PROXIES = {"http": None, "https": None}


class Tally:
    """What a run's answers came to: good pages, their bytes, failures by kind."""

    def __init__(self):
        self.ok = 0
        self.bytes = 0
        self.failures = {}

    def good(self, size):
        self.ok += 1
        self.bytes += size

    def bad(self, kind):
        self.failures[kind] = self.failures.get(kind, 0) + 1

    def add(self, other):
        self.ok += other.ok
        self.bytes += other.bytes
        for kind, count in other.failures.items():
            self.failures[kind] = self.failures.get(kind, 0) + count

    @property
    def errors(self):
        return sum(self.failures.values())


def url_of(base, paths, i):
    """Request i's address: the paths take turns, and the number rides along."""
    return f"{base}{paths[i % len(paths)]}?n={i}"


def failure_of(error):
    """A short name for why a request failed."""
    if isinstance(error, (requests.Timeout, asyncio.TimeoutError)):
        return "timeout"
    if isinstance(error, (requests.ConnectionError, aiohttp.ClientConnectionError)):
        return "connection"
    return "other"


def new_session():
    session = requests.Session()
    session.trust_env = False  # no proxy, no .netrc: only --base is contacted
    return session


def fetch(get, url, timeout, tally):
    """One blocking GET with `get` (requests.get or a session's get)."""
    try:
        response = get(url, timeout=timeout)
    except requests.RequestException as error:
        tally.bad(failure_of(error))
        return
    with response:
        if 200 <= response.status_code < 300:
            tally.good(len(response.content))
        else:
            tally.bad(f"status {response.status_code}")


def get_without_session(url, timeout):
    """`requests.get`: a session made for this one request and closed after
    it, so a new connection every time."""
    return requests.get(url, timeout=timeout, proxies=NO_PROXIES)


def run_sync(plan):
    """One request after the other, a new connection each."""
    tally = Tally()
    for i in range(plan.requests):
        fetch(get_without_session, url_of(plan.base, plan.paths, i), plan.timeout, tally)
    return tally


def run_sync_session(plan):
    """One session: its connection is kept open and reused."""
    tally = Tally()
    with new_session() as session:
        for i in range(plan.requests):
            fetch(session.get, url_of(plan.base, plan.paths, i), plan.timeout, tally)
    return tally


def run_threads(plan, workers):
    """A pool of threads, each with a session of its own (a Session is not
    promised to be thread-safe); the results come back to this thread."""
    local = threading.local()
    sessions, sessions_lock = [], threading.Lock()

    def one(i):
        if not hasattr(local, "session"):
            local.session = new_session()
            with sessions_lock:
                sessions.append(local.session)
        tally = Tally()
        fetch(local.session.get, url_of(plan.base, plan.paths, i), plan.timeout, tally)
        return tally

    total = Tally()
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for tally in pool.map(one, range(plan.requests)):
                total.add(tally)
    finally:
        for session in sessions:
            session.close()
    return total


async def fetch_async(session, url, tally, semaphore=None):
    """One GET on the event loop; with a semaphore, only once a permit is free."""
    try:
        if semaphore is None:
            await fetch_async_now(session, url, tally)
        else:
            async with semaphore:
                await fetch_async_now(session, url, tally)
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        tally.bad(failure_of(error))


async def fetch_async_now(session, url, tally):
    async with session.get(url) as response:
        body = await response.read()
        if 200 <= response.status < 300:
            tally.good(len(body))
        else:
            tally.bad(f"status {response.status}")


async def run_asyncio(plan, at_once):
    """Every request a task on one event loop, sharing one ClientSession.

    aiohttp's connector opens at most 100 connections unless told otherwise,
    which would be a semaphore of 100 in disguise: `limit=0` lifts it, so
    "all at once" means all at once, as in the Rust chapter's `async` mode.
    """
    tally = Tally()
    semaphore = asyncio.Semaphore(at_once) if at_once else None
    timeout = aiohttp.ClientTimeout(total=plan.timeout)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = [fetch_async(session, url_of(plan.base, plan.paths, i), tally, semaphore)
                 for i in range(plan.requests)]
        await asyncio.gather(*tasks)
    return tally


def fetch_share(job):
    """A worker process's part: a contiguous run of requests, one session.
    Its tally travels back to the parent pickled."""
    base, paths, timeout, first, last = job
    tally = Tally()
    with new_session() as session:
        for i in range(first, last):
            fetch(session.get, url_of(base, paths, i), timeout, tally)
    return tally


def run_processes(plan, workers):
    """A pool of processes, each downloading a contiguous share of the
    requests (as the Rust chapter splits them); the pool's start-up is on
    the clock, as starting the Rust worker processes is."""
    parts = max(1, min(workers, plan.requests))
    jobs = [(plan.base, plan.paths, plan.timeout, k * plan.requests // parts, (k + 1) * plan.requests // parts)
            for k in range(parts)]
    total = Tally()
    with multiprocessing.Pool(parts) as pool:
        for tally in pool.map(fetch_share, jobs):
            total.add(tally)
    return total


class Plan:
    def __init__(self, base, paths, repeat, timeout):
        self.base, self.paths, self.timeout = base, paths, timeout
        self.requests = len(paths) * repeat


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="http://host:port of the server, no path")
    parser.add_argument("--paths", default="/jython,/dice", help="comma-separated paths, each starting with /")
    parser.add_argument("--repeat", type=int, default=80, help="how many times each path is fetched")
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--workers", type=int, help="threads, permits or processes [default: as the Rust chapter]")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds allowed per request")
    args = parser.parse_args()
    base = urllib.parse.urlsplit(args.base)
    if base.scheme != "http" or not base.hostname or base.path not in ("", "/") or base.query:
        parser.error(f"--base must be http://host:port with no path, not {args.base!r}")
    args.base = args.base.rstrip("/")
    args.paths = [p for p in args.paths.split(",") if p]
    # A path that does not start with "/" could change the host ("@other").
    if not args.paths or any(not p.startswith("/") for p in args.paths):
        parser.error("--paths must be one or more paths, each starting with /")
    if not 1 <= args.repeat <= 50_000:
        parser.error("--repeat must be between 1 and 50000")
    if not 0 < args.timeout <= 600:
        parser.error("--timeout must be more than 0 and at most 600 seconds")
    if args.workers is None:
        args.workers = DEFAULT_WORKERS.get(args.mode, 1)
    if not 1 <= args.workers <= 1000:
        parser.error("--workers must be between 1 and 1000")
    return args


def main():
    args = parse_args()
    plan = Plan(args.base, args.paths, args.repeat, args.timeout)
    started = time.perf_counter()
    if args.mode == "sync":
        tally = run_sync(plan)
    elif args.mode == "sync-session":
        tally = run_sync_session(plan)
    elif args.mode == "threads":
        tally = run_threads(plan, args.workers)
    elif args.mode == "asyncio":
        tally = asyncio.run(run_asyncio(plan, None))
    elif args.mode == "asyncio-semaphore":
        tally = asyncio.run(run_asyncio(plan, args.workers))
    else:
        tally = run_processes(plan, args.workers)
    elapsed = time.perf_counter() - started
    workers = args.workers if args.mode in DEFAULT_WORKERS else None
    print(json.dumps({"program": "io_bound", "interpreter": interpreter.describe(),
                      "mode": args.mode, "workers": workers,
                      "requests": plan.requests, "ok": tally.ok, "errors": tally.errors,
                      "bytes": tally.bytes, "failures": tally.failures, "elapsed": elapsed}))


if __name__ == "__main__":
    main()
