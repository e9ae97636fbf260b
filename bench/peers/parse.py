#!/usr/bin/env python3
"""Parse-only floor for bench/peers.sh: reads every YAML file listed in FILE_LIST
(one path per line) with PyYAML's C parser (libyaml) and nothing else, so the
table shows what parsing alone costs in Python. Prints `bad: PATH: REASON` for a
file that does not parse and exits 1 if there was one."""
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", None)
if Loader is None:
    sys.exit("this PyYAML has no C parser (libyaml); the floor would be meaningless")

bad = 0
with open(sys.argv[1], encoding="utf-8") as listing:
    for path in listing.read().splitlines():
        try:
            with open(path, "rb") as f:
                list(yaml.load_all(f, Loader=Loader))
        except Exception as e:  # any failure is a finding, as for the other tools
            bad += 1
            print(f"bad: {path}: {e}".splitlines()[0])
sys.exit(1 if bad else 0)
