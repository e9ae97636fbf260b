#!/usr/bin/env bash
# Seeds both fuzz corpora from the shipped example and the test fixtures: every
# YAML file becomes one input. Run from anywhere; writes only under fuzz/corpus/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for target in check site; do
    mkdir -p "$here/corpus/$target"
done
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "$here/corpus/check/seed-$n.yaml"
    cp "$f" "$here/corpus/site/seed-$n.yaml"
done < <(find "$here/../examples" "$here/../tests/fixtures" -name '*.yaml' -print0)
echo "seeded $n inputs into fuzz/corpus/{check,site}"
