#!/usr/bin/env bash
# Regenerates the C header ffi/include/reelscore.h with cbindgen (or, with --check, fails if
# the committed header is stale). cbindgen reads the ffi crate after macro expansion (the
# engagement entry points come from the core's table), which needs `rustc -Zunpretty=expanded`:
# RUSTC_BOOTSTRAP=1 allows it on the stable toolchain.
#   bash scripts/header.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
out=ffi/include/reelscore.h
[ "${1:-}" = "--check" ] && out=build/reelscore.h && mkdir -p build
RUSTC_BOOTSTRAP=1 cbindgen --quiet --config ffi/cbindgen.toml --crate reelscore-ffi --output "$out" ffi
if [ "${1:-}" = "--check" ]; then
  diff -u ffi/include/reelscore.h "$out" || { echo "ffi/include/reelscore.h is stale: run bash scripts/header.sh"; exit 1; }
fi
