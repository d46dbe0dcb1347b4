"""Answers every GET with 200 and a small JSON body: all the by-hand baseline waits for."""
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def body():
    return b'{"ok": true}'


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body())


if __name__ == "__main__":
    # PID 1 ignores SIGTERM unless it asks for it: without this, every stop waits out the 10 s grace.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
