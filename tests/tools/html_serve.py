#!/usr/bin/python3
"""Serves DIR on 127.0.0.1 and records every request, for browser tests.

Usage: html_serve.py DIR PORTFILE LOGFILE

Binds a free port, writes its number to PORTFILE, then appends one line per
request ("GET /path") to LOGFILE until killed. Every path is answered: a
file of DIR if there is one, else 404, so a page that asks for anything at
all leaves a line here whether or not the thing exists.
"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        with open(self.server.log_path, "a", encoding="utf-8") as log:
            log.write("%s %s\n" % (self.command, self.path))

    def log_message(self, fmt, *args):
        pass


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, port_file, log_path = sys.argv[1:4]
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.log_path = log_path
    open(log_path, "w").close()
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
