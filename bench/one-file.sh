#!/usr/bin/env bash
# The human report on one very large file: N documents (default 100,000) in one
# YAML file, each with an unknown field (one error) and no channel (one warning),
# checked with `--format human`. Before the report quoted only the lines each
# finding needs, every finding re-scanned the whole file (20,000 documents: 79 s).
# Not a test: it prints the figure for the README.
#
# usage: bench/one-file.sh [N]     env: RUNS=N timed runs (default 5); OUT=dir (default bench/out)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
RUNS=${RUNS:-5}
OUT=${OUT:-bench/out}
repo=$OUT/one-file-$N
mkdir -p "$repo/docs"
echo "org: One file" > "$repo/accordant.yaml"
python3 - "$N" "$repo/docs/all.yaml" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(n):
        f.write(f"---\nkind: Team\nid: t{i}\nname: Team {i}\nzz: 1\n")
PY
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked -q
hyperfine -N --runs "$RUNS" --warmup 1 -i \
  "$PWD/target/release/accordant check $repo --color never --today 2026-11-27"
