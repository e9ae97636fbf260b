#!/usr/bin/env bash
# `accordant simulate` on the 20,000-file org of bench/gen_org.py, every plan over
# the default grid, and the cost of the payout section in `diff`. The generated
# plans get a pay curve, targets and a budget first (in a copy; the org the other
# benchmarks use is unchanged). Not a test: it prints the figures for the README.
#
# usage: bench/simulate.sh BIN [N] [RUNS]     (N files, default 20000; RUNS default 5)
set -euo pipefail
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
BIN=$(realpath "$1") N=${2:-20000} RUNS=${3:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$here/out"; work=$(mktemp -d "$here/out/simulate-bench.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
python3 "$here/gen_org.py" "$N" "$work/repo" >/dev/null
python3 - "$work/repo" <<'PY'
import os, sys
root = sys.argv[1]
extra = """    curve:
      semantics: marginal
      tiers:
        - {from: 50, rate: 2}
        - {from: 100, rate: 1.5}
"""
for dirpath, _, files in os.walk(root):
    for f in files:
        p = os.path.join(dirpath, f)
        text = open(p).read()
        if not text.startswith("kind: Incentive"):
            continue
        text = text.replace("    cap: 150\n", "    cap: 150\n" + extra, 1)
        text += ("targets:\n  - participant: %s\n    amount: 12000.50\n    currency: EUR\n"
                 "    headcount: 6\nbudget:\n  currency: EUR\n  at_target: 80000\n  ceiling: 120000\n"
                 % text.split("participants: [")[1].split(",")[0].split("]")[0].strip())
        open(p, "w").write(text)
PY
cd "$work/repo"
plans=$(grep -rl '^kind: Incentive' --include='*.yaml' . | wc -l)
files=$(find . -name '*.yaml' | wc -l)
git init -q -b main .
git -c user.name=bench -c user.email=bench@example.com add -A
git -c user.name=bench -c user.email=bench@example.com commit -qm base
# A PR that changes the cap of 1 % of the plans and the target of 1 % of the goals.
grep -rl '^kind: Incentive' --include='*.yaml' . | sort > "$work/plans.txt"
find goal -name '*.yaml' | sort > "$work/goals.txt"
sed -n "1,$(( plans / 100 + 1 ))p" "$work/plans.txt" | xargs sed -i 's/^    cap: 150$/    cap: 140/'
sed -n "1,$(( files / 100 ))p" "$work/goals.txt" | xargs sed -i 's/^target: \([0-9]*\)/target: \19/'
git -c user.name=bench -c user.email=bench@example.com commit -qam head
hyperfine -N --runs "$RUNS" --warmup 1 -i --export-json "$work/hf.json" \
  --command-name simulate "$BIN simulate . --format json" \
  --command-name diff "$BIN diff HEAD~1 HEAD --today 2026-11-27 --format json" >/dev/null
# The payout section's own time inside one diff (the `payouts` phase of --timings).
"$BIN" diff HEAD~1 HEAD --today 2026-11-27 --format json --timings 2>"$work/timings.txt" >/dev/null || true
python3 - "$work/hf.json" "$work/timings.txt" "$files" "$plans" <<'PY'
import json, re, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
t = open(sys.argv[2]).read()
m = re.search(r"payouts\s+([0-9.]+)\s*ms", t)
total = re.search(r"total\s+([0-9.]+)\s*ms", t)
pay = float(m.group(1)) if m else float("nan")
files, plans = int(sys.argv[3]), int(sys.argv[4])
print("| files | plans | simulate (all plans, default grid, JSON) | diff | payout section in diff |")
print("| ---: | ---: | ---: | ---: | ---: |")
share = pay / (r["diff"] * 1000) * 100
print(f"| {files:,} | {plans:,} | {r['simulate']:.2f} s | {r['diff']:.2f} s | {pay:.1f} ms ({share:.1f} % of diff) |")
PY
