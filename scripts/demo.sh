#!/usr/bin/env bash
# The main job: build the wheel into a local virtual environment and run `reelscore demo`
# on the real sample clips. The README's first set-up command.
#   bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=build/venv-demo
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2"
rm -rf build/demo-wheels
(cd python && "../$VENV/bin/maturin" build --release --quiet -i "../$VENV/bin/python" -o ../build/demo-wheels)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall build/demo-wheels/reelscore-*.whl
exec "$VENV/bin/reelscore" demo "$@"
