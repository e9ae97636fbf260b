#!/usr/bin/env bash
# Times accordant next to the validators a team would otherwise run on the same
# files against the same JSON Schemas, and prints a Markdown table:
#
#   cat                 reading the files, nothing else (the I/O floor)
#   pyyaml              PyYAML's C parser, parse only (bench/peers/parse.py)
#   ajv                 ajv-cli 5, schema validation only
#   accordant           `accordant check` (schema validation and every rule)
#   check-jsonschema    check-jsonschema, schema validation only
#
# usage: bench/peers.sh ORG [BIN]
#   ORG  a folder with one sub-folder per kind named like its schema (goal/,
#        team/, ...; what bench/gen_org.py writes); schemas/<kind>.schema.json
#        validates every YAML file below ORG/<kind>/.
#   BIN  the accordant binary (default target/release/accordant)
# env: RUNS=3 timed runs each; RUNS_CJS=1 for check-jsonschema (minutes per run
#      on 20,000 files); TOOLS="cat pyyaml ajv accordant check-jsonschema" to
#      pick; TODAY=2026-11-27 for accordant's time-based rules.
# Needs bench/peers-setup.sh first (bench/run.sh calls it). Raw results go to
# bench/out/peers/results/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ $# -ge 1 ]] || { sed -n '2,22p' "$0"; exit 2; }
ORG=$(cd "$1" && pwd)
BIN=$(realpath "${2:-target/release/accordant}")
RUNS=${RUNS:-3}
RUNS_CJS=${RUNS_CJS:-1}
TODAY=${TODAY:-2026-11-27}
TOOLS=${TOOLS:-"cat pyyaml ajv accordant check-jsonschema"}
VENV=$PWD/bench/out/peers/venv
AJV=$PWD/bench/peers/node_modules/.bin/ajv
OUT=$PWD/bench/out/peers/results
SCHEMAS=$PWD/schemas
mkdir -p "$OUT"
[[ -x $VENV/bin/check-jsonschema && -x $AJV ]] || { echo "run bench/peers-setup.sh first" >&2; exit 2; }

# One list of files per kind that has both a schema and a folder.
kinds=()
: > "$OUT/all.lst"
for schema in "$SCHEMAS"/*.schema.json; do
  kind=$(basename "$schema" .schema.json)
  [[ -d $ORG/$kind ]] || continue
  find "$ORG/$kind" -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort > "$OUT/$kind.lst"
  [[ -s $OUT/$kind.lst ]] || continue
  kinds+=("$kind")
  cat "$OUT/$kind.lst" >> "$OUT/all.lst"
done
[[ ${#kinds[@]} -gt 0 ]] || { echo "no folder of $ORG is named like a schema in schemas/" >&2; exit 2; }
files=$(wc -l < "$OUT/all.lst")
bytes=$(xargs -d '\n' -a "$OUT/all.lst" cat | wc -c)

# The command line of each tool, as one bash script; every tool must check every
# file, so each exits 0 only when all its runs did.
command_of() {
  local tool=$1 kind script="rc=0"
  case $tool in
    cat) script="xargs -d '\n' -a '$OUT/all.lst' cat >/dev/null" ;;
    pyyaml) script="'$VENV/bin/python' bench/peers/parse.py '$OUT/all.lst'" ;;
    ajv)
      for kind in "${kinds[@]}"; do
        script+="; '$AJV' validate --spec=draft2020 -c ajv-formats --errors=line -s '$SCHEMAS/$kind.schema.json' -d '$ORG/$kind/**/*.{yaml,yml}' || rc=1"
      done
      script+="; exit \$rc" ;;
    check-jsonschema)
      for kind in "${kinds[@]}"; do
        script+="; xargs -d '\n' -a '$OUT/$kind.lst' '$VENV/bin/check-jsonschema' -o json --schemafile '$SCHEMAS/$kind.schema.json' || rc=1"
      done
      script+="; exit \$rc" ;;
    accordant) script="'$BIN' check '$ORG' --today $TODAY --format json" ;;
    *) echo "unknown tool $tool" >&2; return 1 ;;
  esac
  printf '%s' "$script"
}

echo "# bench/peers.sh on $(date -u +%Y-%m-%d), $(nproc) cores: $files files, $(( bytes / 1000000 )) MB, kinds ${kinds[*]}"
echo
echo "| tool | median wall | CPU (user+sys) | peak RSS | files found bad |"
echo "| --- | ---: | ---: | ---: | ---: |"
for tool in $TOOLS; do
  script=$(command_of "$tool")
  runs=$RUNS; [[ $tool == check-jsonschema ]] && runs=$RUNS_CJS
  # One run under GNU time for memory, CPU and the tool's own output (from which
  # the bad files are counted), then hyperfine for the median.
  /usr/bin/time -f '%M %U %S %e' -o "$OUT/$tool.time" bash -c "$script" > "$OUT/$tool.out" 2>&1 || true
  hyperfine --shell=bash --runs "$runs" -i --export-json "$OUT/$tool.json" "$script" > /dev/null 2>&1
  python3 - "$tool" "$OUT" "$ORG" <<'PY'
import json, re, sys
tool, out, org = sys.argv[1:]
rss_kb, user, system, _wall = open(f"{out}/{tool}.time").read().split()[-4:]
median = json.load(open(f"{out}/{tool}.json"))["results"][0]["median"]
text = open(f"{out}/{tool}.out", errors="replace").read()
if tool == "cat":
    bad = "–"
elif tool == "pyyaml":
    bad = sum(1 for line in text.splitlines() if line.startswith("bad: "))
elif tool == "ajv":
    bad = sum(1 for line in text.splitlines() if line.rstrip().endswith(" invalid"))
elif tool == "check-jsonschema":
    # one JSON report per batch of files; count the distinct files with errors
    seen, dec, i = set(), json.JSONDecoder(), 0
    while (j := text.find("{", i)) != -1:
        try:
            obj, i = dec.raw_decode(text, j)
        except ValueError:
            i = j + 1
            continue
        for key in ("errors", "parse_errors"):
            for err in obj.get(key, []) if isinstance(obj, dict) else []:
                seen.add(err.get("filename"))
    bad = len(seen)
else:  # accordant: files with a parse (P0xx) or schema (S1xx) finding
    report = json.loads(text[text.find("{"):])
    bad = len({f["location"]["path"] for f in report["findings"]
               if re.fullmatch(r"P0\d\d|S1\d\d", f["code"]) and f["location"]["path"] != "accordant.yaml"})
name = {"cat": "`cat` (I/O floor)", "pyyaml": "PyYAML C parser (parse only)",
        "ajv": "ajv-cli 5 (schema only)", "accordant": "**accordant check (schema + rules)**",
        "check-jsonschema": "check-jsonschema 0.39 (schema only)"}[tool]
print(f"| {name} | {median:.2f} s | {float(user) + float(system):.2f} s | {int(rss_kb) // 1024} MB | {bad} |")
PY
done
