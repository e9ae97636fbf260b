#!/usr/bin/env bash
# `accordant diff` on a generated org with 1 % of its files changed, against one
# `check` of the same org. usage: bench/diff.sh ORG_DIR BIN [RUNS]
set -euo pipefail
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
ORG=$1 BIN=$2 RUNS=${3:-5}
mkdir -p "$(dirname "${BASH_SOURCE[0]}")/out"
work=$(mktemp -d "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/out/diff-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$ORG" "$work/repo"
cd "$work/repo"
git init -q -b main .
git -c user.name=bench -c user.email=bench@example.com add -A
git -c user.name=bench -c user.email=bench@example.com commit -qm base
total=$(find . -name '*.yaml' -not -path './.git/*' | wc -l)
changes=$(( total / 100 ))
# Change the target of 1 % of the goals (a realistic PR: numbers move).
# (a file list, not `| head`, whose early exit would fail the pipe under pipefail)
find goal -name '*.yaml' | sort > "$work/goals.txt"
sed -n "1,${changes}p" "$work/goals.txt" | xargs sed -i 's/^target: \([0-9]*\)/target: \19/'
git -c user.name=bench -c user.email=bench@example.com commit -qam head
hyperfine -N --runs "$RUNS" --warmup 1 -i --export-json "$work/hf.json" \
  --command-name check "$BIN check . --today 2026-11-27 --format json" \
  --command-name diff "$BIN diff HEAD~1 HEAD --today 2026-11-27 --format json" >/dev/null
python3 - "$work/hf.json" "$total" "$changes" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
total, changed = int(sys.argv[2]), int(sys.argv[3])
print(f"| files | changed | check | diff (both revisions from git) | diff / check |")
print(f"| ---: | ---: | ---: | ---: | ---: |")
print(f"| {total:,} | {changed} | {r['check']:.2f} s | {r['diff']:.2f} s | {r['diff']/r['check']:.2f}x |")
PY
