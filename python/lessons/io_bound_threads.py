"""I/O-bound work: downloads from a local server that waits before it answers,
one after the other and then on a pool of threads.

The Rust twin is crates/io-bound/examples/threads.rs.
python3 python/lessons/io_bound_threads.py
"""

# ANCHOR: example
import concurrent.futures
import http.server
import threading
import time
import urllib.request

DOWNLOADS = 20
PAGE = b"x" * (64 * 1024)  # the page the server sends


class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.02)  # a distant server's round trip
        self.wfile.write(b"HTTP/1.0 200 OK\r\n\r\n" + PAGE)  # status, no headers, page


class Server(http.server.ThreadingHTTPServer):  # a thread per request
    request_queue_size = 64  # connections waiting to be accepted; the default is 5


def download(url):
    with urllib.request.urlopen(url) as answer:
        return len(answer.read())  # the thread blocks here


def main():
    server = Server(("127.0.0.1", 0), Slow)  # port 0: any free port
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    url = f"http://127.0.0.1:{server.server_port}/"

    started = time.perf_counter()
    pages = [download(url) for _ in range(DOWNLOADS)]
    print(f"one after the other: {time.perf_counter() - started:.3f}s")
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
        pages += pool.map(download, [url] * DOWNLOADS)
    print(f"a thread each:       {time.perf_counter() - started:.3f}s")
    server.shutdown()  # serve_forever returns, and the thread ends
    serving.join()
    server.server_close()
    assert pages == [len(PAGE)] * 2 * DOWNLOADS, "every download got the whole page"


if __name__ == "__main__":
    main()
# ANCHOR_END: example
