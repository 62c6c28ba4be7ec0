#!/usr/bin/env bash
# On-device checks under QEMU (Cortex-M4F, `mps2-an386`), run by scripts/test.sh:
#   1. the firmware test bench (tests/firmware): shared vectors, the synthetic clip (whole and
#      row by row) and the kernels' instruction counts (`-icount shift=0`); its output goes to
#      build/firmware.out for python/tests/test_firmware.py;
#   2. the scorer firmware (the bench without vectors and counts) within the 128 KiB flash budget;
#   3. the no-heap C application (ffi/examples/device) against the bare-metal static library,
#      whose output must equal the same program's on the host.
# A panic or a failed check exits QEMU non-zero; every run has a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
FLASH_BUDGET=$((128 * 1024))
QEMU=(qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic
      -semihosting-config enable=on,target=native)
mkdir -p "$BUILD"

# .text + .rodata of an ELF, bytes.
flash() { arm-none-eabi-size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" { s += $2 } END { print s }'; }

echo "firmware test bench under QEMU"
(cd tests/firmware && cargo build --release --quiet --target-dir "$TARGET_DIR/firmware")
ELF=$TARGET_DIR/firmware/thumbv7em-none-eabihf/release/reelscore-firmware
timeout 600 "${QEMU[@]}" -icount shift=0 -kernel "$ELF" > "$BUILD/firmware.out"
tail -n 1 "$BUILD/firmware.out"
grep '^bench:' "$BUILD/firmware.out"
echo "test bench flash (.text + .rodata): $(flash "$ELF") bytes (vectors, SSIM and MS-SSIM for 8 and 16 bits, every formula)"

echo "scorer firmware: flash budget and run"
(cd tests/firmware && cargo build --release --quiet --no-default-features --target-dir "$TARGET_DIR/scorer-fw")
SCORER=$TARGET_DIR/scorer-fw/thumbv7em-none-eabihf/release/reelscore-firmware
size=$(flash "$SCORER")
echo "scorer firmware flash (.text + .rodata): $size bytes (budget $FLASH_BUDGET)"
[ "$size" -le "$FLASH_BUDGET" ] || { echo "scorer firmware exceeds its flash budget"; exit 1; }
timeout 300 "${QEMU[@]}" -kernel "$SCORER" > "$BUILD/scorer-firmware.out"
tail -n 1 "$BUILD/scorer-firmware.out"
# Its clip lines are the bench's (the bench also checked them against whole-frame pushes).
diff <(grep '^clip:' "$BUILD/scorer-firmware.out") <(grep '^clip:' "$BUILD/firmware.out")

echo "no-heap C application on the device"
# `cargo rustc --crate-type staticlib`: bare metal has no cdylib (plain `cargo build` warns
# and drops it); without `std` the library is no_std, abort-on-panic, heap-free.
cargo rustc -p reelscore-ffi --no-default-features --target thumbv7em-none-eabihf --release \
  --quiet --crate-type staticlib --target-dir "$TARGET_DIR/device-ffi"
LIB=$TARGET_DIR/device-ffi/thumbv7em-none-eabihf/release/libreelscore.a
arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -O2 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
  -mfpu=fpv4-sp-d16 -ffreestanding -nostdlib -ffunction-sections -fdata-sections \
  -Wl,--gc-sections -Wl,-z,noexecstack -Iffi/include -T ffi/examples/device/link.ld \
  ffi/examples/device/main.c ffi/examples/device/startup.c "$LIB" -lgcc -o "$BUILD/device_example.elf"
echo "C application flash (.text + .rodata): $(flash "$BUILD/device_example.elf") bytes"
timeout 300 "${QEMU[@]}" -kernel "$BUILD/device_example.elf" > "$BUILD/device_example.out"
cargo build -p reelscore-ffi --quiet --target-dir "$TARGET_DIR"
cc -std=c99 -Wall -Wextra -Werror -Iffi/include ffi/examples/device/main.c \
  "$TARGET_DIR/debug/libreelscore.a" -lpthread -ldl -lm -o "$BUILD/device_example_host"
"$BUILD/device_example_host" > "$BUILD/device_example_host.out"
# Identical but for the state size (usize is 4 bytes on the device).
diff <(grep -v '^scorer_bytes' "$BUILD/device_example_host.out") \
     <(grep -v '^scorer_bytes' "$BUILD/device_example.out")
cat "$BUILD/device_example.out"
