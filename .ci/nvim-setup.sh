#!/usr/bin/env bash
# Installs what tests/nvim.rs needs on a fresh Debian machine: Debian's neovim,
# whose built-in LSP client talks to `accordant lsp` in the end-to-end test.
# Idempotent: skips the install when nvim is already there.
set -euo pipefail

if ! command -v nvim >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends neovim
fi
nvim --version | head -1
echo "neovim test dependencies ready"
