#!/usr/bin/env bash
# Installs the validators bench/peers.sh times next to accordant, at the exact
# versions of bench/peers/ (package-lock.json for ajv-cli, requirements.txt for
# check-jsonschema and PyYAML), inside this checkout: the Node packages in
# bench/peers/node_modules, the Python ones in a venv at bench/out/peers/venv (both
# ignored by git). Also hyperfine and GNU time from apt when missing.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v hyperfine >/dev/null || [[ ! -x /usr/bin/time ]]; then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hyperfine time >/dev/null
fi
venv=out/peers/venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r peers/requirements.txt
(cd peers && npm ci --no-audit --no-fund --silent)
echo "peers ready: $("$venv/bin/check-jsonschema" --version), ajv-cli $(node -p 'require("./peers/node_modules/ajv-cli/package.json").version')"
