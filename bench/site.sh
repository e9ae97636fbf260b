#!/usr/bin/env bash
# Builds the playbook for a generated org, then mdBook on a book with the same
# number of pages, in the same run. usage: bench/site.sh ORG_DIR BIN [RUNS]
# mdBook is taken from PATH or MDBOOK=path (install: cargo install mdbook --locked).
set -euo pipefail
ORG=$1 BIN=$2 RUNS=${3:-3}
MDBOOK=${MDBOOK:-$(command -v mdbook || echo /tmp/mdbook/bin/mdbook)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hyperfine -N --runs "$RUNS" --warmup 1 -i --export-json "$work/ours.json" \
  --prepare "rm -rf $work/site" "$BIN build $ORG --out $work/site --today 2026-11-27" >/dev/null
"$BIN" build "$ORG" --out "$work/site" --today 2026-11-27 >/dev/null 2>&1 || true
pages=$(find "$work/site" -name '*.html' | wc -l)
site_mb=$(du -sb "$work/site" | cut -f1)
row_mdbook="| mdBook | not installed | | |"
if [[ -x $MDBOOK ]]; then
  # A book with as many chapters as our site has pages, each a page of prose.
  mkdir -p "$work/book/src"
  printf '[book]\ntitle = "Bench"\n[output.html]\n' > "$work/book/book.toml"
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
  hyperfine -N --runs "$RUNS" --warmup 1 -i --export-json "$work/mdbook.json" \
    "$MDBOOK build $work/book" >/dev/null
  book_mb=$(du -sb "$work/book/book" | cut -f1)
  row_mdbook=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1]))['results'][0]['median']; print(f'| mdBook $("$MDBOOK" --version | cut -d" " -f2) | {int(sys.argv[2]):,} | {m:.2f} s | {int(sys.argv[3])/1e6:.0f} MB |')" "$work/mdbook.json" "$pages" "$book_mb")
fi
python3 - "$work/ours.json" "$pages" "$site_mb" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["results"][0]["median"]
print("| tool | pages | build median | output |")
print("| --- | ---: | ---: | ---: |")
print(f"| accordant build | {int(sys.argv[2]):,} | {m:.2f} s | {int(sys.argv[3])/1e6:.0f} MB |")
PY
echo "$row_mdbook"
