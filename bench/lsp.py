#!/usr/bin/env python3
"""The language server on a generated org, against `check` on the same org.

Makes a copy of ORG with one goal's period changed to an unknown one (so the
first diagnostics name a file), then measures:

- `check`: wall time of `BIN check COPY --format json`, median of RUNS;
- first diagnostics: from sending `initialize` to the publishDiagnostics of
  that goal (the whole repo read, parsed and checked), median of RUNS server
  starts;
- an edit in one file, for a goal, a metric, a responsibility and a team file:
  after didOpen, EDITS didChange notifications that each change one value to
  a new unknown one (the goal's period `FY27-Z1`, `FY27-Z2` ...; the metric's
  and the responsibility's team `team-z1` ...; the team's lead `@nobody-1`
  ...), each timed from sending it to the publishDiagnostics that names the
  new value. Most edits change one character; every edit is a new value, so
  each waits for its own diagnostics.

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

        def first_with(d, needle):
            for f in sorted(os.listdir(os.path.join(root, d))):
                p = os.path.join(root, d, f)
                if needle in open(p).read():
                    return p
            raise SystemExit("no file in %s/ holds %r" % (d, needle))

        def unknown_team(base, old, i):
            # `owner: team-7` -> `owner: team-z1`: a team that does not exist.
            at = base.index(old) + len(old)
            end = base.index("\n", at)
            return base[:at] + "z%d" % i + base[end:], "team-z%d" % i

        def bad_handle(base, old, i):
            # `github: person-3-0` -> `github: "person 3-1"`: not a GitHub handle.
            at = base.index(old)
            end = base.index("\n", at)
            return base[:at] + 'github: "person %d"' % i + base[end:], "person %d" % i

        # (label, file, the text the edit changes, the edit i and its needle)
        cases = [
            ("goal", goal, "FY27-Z0",
             lambda b, o, i: (b.replace(o, "FY27-Z%d" % i, 1), "FY27-Z%d" % i)),
            ("metric", first_with("metric", "owner: team-"), "owner: team-", unknown_team),
            ("responsibility", first_with("responsibility", "accountable: team-"),
             "accountable: team-", unknown_team),
            ("team", first_with("team", "github: person-"), "github: person-", bad_handle),
        ]
        firsts = []
        edits = {label: [] for label, *_ in cases}
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
                for label, path, old, value in cases:
                    base = open(path).read()
                    u = "file://" + path
                    s.notify(
                        "textDocument/didOpen",
                        {"textDocument": {"uri": u, "languageId": "yaml", "version": 1,
                                          "text": base}},
                    )
                    for i in range(1, a.edits + 1):
                        new, needle = value(base, old, i)
                        t = time.perf_counter()
                        s.notify(
                            "textDocument/didChange",
                            {
                                "textDocument": {"uri": u, "version": i + 1},
                                "contentChanges": [{"text": new}],
                            },
                        )
                        s.wait_diagnostics(u, needle)
                        edits[label].append(time.perf_counter() - t)
                    # Back to the disk's text before the next file.
                    s.notify("textDocument/didClose", {"textDocument": {"uri": u}})
            s.close()

        check = statistics.median(checks)
        first = statistics.median(firsts)
        print("| files | check | first diagnostics after initialize | first / check |")
        print("| ---: | ---: | ---: | ---: |")
        print(f"| {files:,} | {check:.2f} s | {first:.2f} s | {first / check:.2f}x |")
        print()
        print("| edit in one file | median | p90 | edits |")
        print("| --- | ---: | ---: | ---: |")
        for label, times in edits.items():
            p90 = sorted(times)[max(0, int(len(times) * 0.9) - 1)]
            print(f"| {label} | {statistics.median(times) * 1000:.0f} ms "
                  f"| {p90 * 1000:.0f} ms | {len(times)} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
