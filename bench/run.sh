#!/usr/bin/env bash
# The benchmark: `accordant check` on generated orgs of 100, 2,000 and 20,000 files,
# then side by side with ajv-cli and check-jsonschema (bench/peers.sh) on
# the 20,000-file org, then `diff` with 1 % of the files changed and `build` of the
# playbook. Not a test: it prints figures for the README.
#
# usage: bench/run.sh [SIZES...]        (default: 100 2000 20000)
# env:   PEERS=0 skips the peers; RUNS=N timed runs (default 5); OUT=dir (default bench/out)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZES=("${@:-100 2000 20000}")
read -r -a SIZES <<< "${SIZES[*]}"
RUNS=${RUNS:-5}
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null; }
cargo build --release --locked -q
BIN=$PWD/target/release/accordant
TODAY=2026-11-27

echo "# accordant benchmark — $(date -u +%Y-%m-%d) on $(nproc) cores"
echo
echo "| files | MB | check median | files/s | MB/s | peak RSS | RSS / corpus |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${SIZES[@]}"; do
  org=$OUT/org-$n
  [[ -f $org/.generated-by-gen_org ]] || python3 bench/gen_org.py "$n" "$org" >/dev/null
  bytes=$(find "$org" -name '*.yaml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  hyperfine -N --runs "$RUNS" --warmup 1 -i --export-json "$OUT/check-$n.json" \
    "$BIN check $org --today $TODAY --format json" >/dev/null
  median=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$OUT/check-$n.json")
  /usr/bin/time -f '%M' -o "$OUT/rss-$n.txt" "$BIN" check "$org" --today $TODAY --format json >/dev/null || true
  rss_kb=$(tail -1 "$OUT/rss-$n.txt")
  python3 - "$n" "$bytes" "$median" "$rss_kb" <<'PY'
import sys
n, b, med, rss = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
mb = b / 1e6
print(f"| {n:,} | {mb:.1f} | {med*1000:.0f} ms | {n/med:,.0f} | {mb/med:.0f} | {rss/1024:.0f} MB | {rss*1024/b:.2f}x |")
PY
done

largest=${SIZES[-1]}
org=$OUT/org-$largest

if [[ ${PEERS:-1} != 0 ]]; then
  echo
  echo "## Side by side with the validators users would otherwise run ($largest files)"
  bash bench/peers-setup.sh >/dev/null
  RUNS=${PEER_RUNS:-3} RUNS_CJS=${RUNS_CJS:-1} TODAY=$TODAY bash bench/peers.sh "$org" "$BIN"
fi

echo
echo "## diff with 1 % of the files changed ($largest files)"
bash bench/diff.sh "$org" "$BIN" "$RUNS"

if "$BIN" build --help >/dev/null 2>&1; then
  echo
  echo "## playbook build ($largest files)"
  bash bench/site.sh "$org" "$BIN" "$RUNS"
fi
