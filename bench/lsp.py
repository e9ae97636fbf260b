#!/usr/bin/env python3
"""The language server on a generated org, against `check` on the same org.

Makes a copy of ORG with one goal's period changed to an unknown one (so the
first diagnostics name a file), then measures:

- `check`: wall time of `BIN check COPY --format json`, median of RUNS;
- first diagnostics: from sending `initialize` to the publishDiagnostics of
  that goal (the whole repo read, parsed and checked), median of RUNS server
  starts;
- one-character edit: after didOpen of the goal, EDITS didChange notifications
  that each change one character of the period (`FY27-Z0` -> `FY27-Z1` ...),
  each timed from sending it to the publishDiagnostics naming the new period.

Not a test: it prints the figures for the README.

usage: bench/lsp.py ORG_DIR BIN [--runs N] [--edits N] [--timings]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read(out):
    length = 0
    while True:
        line = out.readline()
        if not line:
            raise EOFError("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


class Server:
    def __init__(self, binary, root, extra=()):
        self.p = subprocess.Popen(
            [binary, "lsp", "--stdio", "--today", "2026-11-27", *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.root = root
        self.next = 1

    def send(self, msg):
        self.p.stdin.write(frame(msg))
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = read(self.p.stdout)
            if m.get("id") == i:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, needle):
        while True:
            m = read(self.p.stdout)
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            if m["params"]["uri"] != uri:
                continue
            if any(needle in d["message"] for d in m["params"]["diagnostics"]):
                return

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("org")
    ap.add_argument("bin")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument(
        "--timings", action="store_true", help="the server prints each check's phases to stderr"
    )
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    work = tempfile.mkdtemp(prefix="lsp-bench-")
    try:
        root = os.path.join(work, "org")
        shutil.copytree(a.org, root)
        root = os.path.realpath(root)
        goal = os.path.join(root, "goal", "goal-0.yaml")
        text = open(goal).read().replace("period: FY27-H1", "period: FY27-Z0", 1)
        open(goal, "w").write(text)
        uri = "file://" + goal
        files = sum(len(f) for _, _, f in os.walk(root))

        checks = []
        for _ in range(a.runs):
            t = time.perf_counter()
            subprocess.run(
                [binary, "check", root, "--today", "2026-11-27", "--format", "json"],
                stdout=subprocess.DEVNULL,
            )
            checks.append(time.perf_counter() - t)

        firsts = []
        edits = []
        for run in range(a.runs):
            s = Server(binary, root, ["--timings"] if a.timings else [])
            t = time.perf_counter()
            s.send(
                {
                    "jsonrpc": "2.0",
                    "id": 0,
                    "method": "initialize",
                    "params": {
                        "processId": None,
                        "rootUri": "file://" + root,
                        "capabilities": {},
                    },
                }
            )
            while read(s.p.stdout).get("id") != 0:
                pass
            s.notify("initialized", {})
            s.wait_diagnostics(uri, "FY27-Z0")
            firsts.append(time.perf_counter() - t)
            if run == 0:
                s.notify(
                    "textDocument/didOpen",
                    {
                        "textDocument": {
                            "uri": uri,
                            "languageId": "yaml",
                            "version": 1,
                            "text": text,
                        }
                    },
                )
                for i in range(1, a.edits + 1):
                    new = text.replace("FY27-Z0", "FY27-Z%d" % (i % 10), 1)
                    if i % 10 == 0:
                        new = text.replace("FY27-Z0", "FY27-Y0", 1)
                    needle = new[new.index("FY27-") : new.index("FY27-") + 7]
                    t = time.perf_counter()
                    s.notify(
                        "textDocument/didChange",
                        {
                            "textDocument": {"uri": uri, "version": i + 1},
                            "contentChanges": [{"text": new}],
                        },
                    )
                    s.wait_diagnostics(uri, needle)
                    edits.append(time.perf_counter() - t)
            s.close()

        check = statistics.median(checks)
        first = statistics.median(firsts)
        edit = statistics.median(edits)
        print("| files | check | first diagnostics after initialize | first / check "
              "| one-character edit, median (p90) |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        p90 = sorted(edits)[int(len(edits) * 0.9) - 1]
        print(
            f"| {files:,} | {check:.2f} s | {first:.2f} s | {first / check:.2f}x "
            f"| {edit * 1000:.0f} ms ({p90 * 1000:.0f} ms) |"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
