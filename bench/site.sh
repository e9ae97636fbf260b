#!/usr/bin/env bash
# Builds the playbook for a generated org, then mdBook on a book with the same
# number of pages, in the same run, and prints a Markdown table: pages, files,
# output size, median wall time, cores used (CPU time / wall time) and peak
# memory of each.
#
# usage: bench/site.sh ORG_DIR BIN [RUNS]
#   ORG_DIR  an alignment repo, e.g. from `python3 bench/gen_org.py 20000 bench/out/org-20000`
#   BIN      the accordant binary (a release build)
#   RUNS     timed runs per tool (default 3), after one warm-up run
# mdBook is taken from MDBOOK=path, else PATH, else bench/out/mdbook/bin/mdbook
# (install: cargo install mdbook --locked --root bench/out/mdbook).
set -euo pipefail
ORG=${1:?usage: bench/site.sh ORG_DIR BIN [RUNS]}
BIN=${2:?usage: bench/site.sh ORG_DIR BIN [RUNS]}
RUNS=${3:-3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MDBOOK=${MDBOOK:-$(command -v mdbook || echo "$HERE/out/mdbook/bin/mdbook")}
TODAY=2026-11-27
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
[[ -x $BIN ]] || { echo "$BIN is not an executable" >&2; exit 2; }
[[ -f $ORG/accordant.yaml ]] || { echo "$ORG has no accordant.yaml" >&2; exit 2; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$HERE/out"
work=$(mktemp -d "$HERE/out/site-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One row of the table from hyperfine's JSON, the output folder and /usr/bin/time's
# peak RSS (KiB): | name | pages | files | MB | median | cores | RSS |
row() {
  local name=$1 json=$2 out=$3 rss_kb=$4
  local pages files bytes
  pages=$(find "$out" -name '*.html' | wc -l)
  files=$(find "$out" -type f | wc -l)
  bytes=$(du -sb "$out" | cut -f1)
  python3 - "$name" "$json" "$pages" "$files" "$bytes" "$rss_kb" <<'PY'
import json, sys
name, path, pages, files, size, rss = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
r = json.load(open(path))["results"][0]
cores = (r["user"] + r["system"]) / r["mean"]
print(f"| {name} | {pages:,} | {files:,} | {size / 1e6:.0f} MB | {r['median']:.2f} s "
      f"| {cores:.1f} | {rss / 1024:.0f} MB |")
PY
}

# accordant: a clean output folder for every run.
hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$work/ours.json" \
  --prepare "rm -rf $work/site" \
  "$BIN build $ORG --out $work/site --today $TODAY --allow-errors" >/dev/null
rm -rf "$work/site"
/usr/bin/time -f '%M' -o "$work/ours.rss" "$BIN" build "$ORG" --out "$work/site" --today "$TODAY" --allow-errors 2>"$work/ours.log" \
  || { cat "$work/ours.log" >&2; exit 1; }
ours=$(row "accordant build" "$work/ours.json" "$work/site" "$(tail -1 "$work/ours.rss")")
pages=$(find "$work/site" -name '*.html' | wc -l)

theirs="| mdBook | not installed | | | | | |"
if [[ -x $MDBOOK ]]; then
  # A book with as many chapters as the playbook has pages, each a page of prose
  # and a small table (mdBook renders every page with the whole table of contents).
  mkdir -p "$work/book/src"
  printf '[book]\ntitle = "Bench"\n[output.html]\n' >"$work/book/book.toml"
  python3 - "$work/book/src" "$pages" <<'PY'
import sys
src, n = sys.argv[1], int(sys.argv[2])
para = ("Marketing sources and nurtures demand; Sales qualifies, follows up and closes. "
        "Both teams review the hand-off every week and the definitions every quarter. ") * 12
with open(f"{src}/SUMMARY.md", "w") as s:
    s.write("# Summary\n\n")
    for i in range(n):
        s.write(f"- [Page {i}](p{i}.md)\n")
        with open(f"{src}/p{i}.md", "w") as f:
            f.write(f"# Page {i}\n\n{para}\n\n## Details\n\n| field | value |\n|---|---|\n| id | p{i} |\n")
PY
  hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$work/mdbook.json" \
    --prepare "rm -rf $work/book/book" \
    "$MDBOOK build $work/book" >/dev/null
  rm -rf "$work/book/book"
  /usr/bin/time -f '%M' -o "$work/mdbook.rss" "$MDBOOK" build "$work/book" >/dev/null 2>&1
  theirs=$(row "mdBook $("$MDBOOK" --version | cut -d' ' -f2)" "$work/mdbook.json" "$work/book/book" \
    "$(tail -1 "$work/mdbook.rss")")
fi

echo "Playbook of $(find "$ORG" -name '*.yaml' | wc -l) YAML files; $RUNS runs each after a warm-up," \
  "on $(nproc) cores (load average before: $load)."
echo
echo "| tool | pages | files | output | build median | cores used | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "$ours"
echo "$theirs"
