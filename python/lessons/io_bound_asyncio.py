"""I/O-bound work, async: the downloads of io_bound_threads.py on asyncio
streams, one after the other and then all at once, every task on one thread.

The Rust twin, with tokio, is crates/io-bound/examples/tasks.rs.
python3 python/lessons/io_bound_asyncio.py
"""

# ANCHOR: example
import asyncio
import time

DOWNLOADS = 20
PAGE = b"x" * (64 * 1024)  # the page the server sends


async def answer(reader, writer):
    """The server's side of one connection: wait, send the page, close."""
    await asyncio.sleep(0.02)  # this task waits; the thread runs the others
    writer.write(PAGE)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def download(port):
    """The client's side: connect, then read the page until the server closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    page = await reader.read()  # to the end
    writer.close()
    await writer.wait_closed()
    return len(page)


async def main():
    # Port 0: any free port. backlog: connections waiting to be accepted.
    server = await asyncio.start_server(answer, "127.0.0.1", 0, backlog=64)
    port = server.sockets[0].getsockname()[1]

    started = time.perf_counter()
    pages = [await download(port) for _ in range(DOWNLOADS)]  # one by one
    print(f"one after the other: {time.perf_counter() - started:.3f}s")
    started = time.perf_counter()
    pages += await asyncio.gather(*(download(port) for _ in range(DOWNLOADS)))
    print(f"all at once:         {time.perf_counter() - started:.3f}s")
    server.close()  # stops listening; every page is sent by now
    await server.wait_closed()
    assert pages == [len(PAGE)] * 2 * DOWNLOADS, "every download got the whole page"


if __name__ == "__main__":
    asyncio.run(main())
# ANCHOR_END: example
