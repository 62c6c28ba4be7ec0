#!/usr/bin/env bash
# On-device checks under QEMU (Cortex-M4F, `mps2-an386`), run by scripts/test.sh:
#   1. the firmware test bench (tests/firmware, opt-level "s"): shared vectors (read from the
#      host at run time over semihosting), the synthetic clip (whole and row by row) and the
#      kernels' instruction counts (`-icount shift=0`); its output goes to build/firmware.out
#      for python/tests/test_firmware.py;
#   2. the scorer firmware (the clip row by row and the kernel counts, `speed` profile:
#      opt-level 3), whose clip lines must equal the bench's;
#   3. the no-heap C application (ffi/examples/device) against the bare-metal static library,
#      its device-sized scorer in static storage, whose output must equal the same program's
#      on the host.
# Both firmware builds are held to the 128 KiB flash budget (.text + .rodata).
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
# Fails unless ELF $2 is within the flash budget; $1 names it.
budget() {
  local size
  size=$(flash "$2")
  echo "$1 flash (.text + .rodata): $size bytes (budget $FLASH_BUDGET)"
  [ "$size" -le "$FLASH_BUDGET" ] || { echo "$1 exceeds its flash budget"; exit 1; }
}

echo "firmware test bench under QEMU"
(cd tests/firmware && cargo build --release --quiet --target-dir "$TARGET_DIR/firmware")
ELF=$TARGET_DIR/firmware/thumbv7em-none-eabihf/release/reelscore-firmware
budget "test bench (vectors, SSIM and MS-SSIM for 8 and 16 bits, every formula; opt-level s)" "$ELF"
timeout 600 "${QEMU[@]}" -icount shift=0 -kernel "$ELF" > "$BUILD/firmware.out"
tail -n 1 "$BUILD/firmware.out"
grep '^bench:' "$BUILD/firmware.out"

echo "scorer firmware (clip row by row and kernel counts; opt-level 3)"
(cd tests/firmware && cargo build --profile speed --quiet --no-default-features --features bench \
  --target-dir "$TARGET_DIR/scorer-fw")
SCORER=$TARGET_DIR/scorer-fw/thumbv7em-none-eabihf/speed/reelscore-firmware
budget "scorer firmware" "$SCORER"
timeout 300 "${QEMU[@]}" -icount shift=0 -kernel "$SCORER" > "$BUILD/scorer-firmware.out"
tail -n 1 "$BUILD/scorer-firmware.out"
grep -E '^(bench|size):' "$BUILD/scorer-firmware.out"
# Its clip lines are the bench's (the bench also checked them against whole-frame pushes), at
# another opt-level: the results do not depend on it.
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
budget "C application" "$BUILD/device_example.elf"
arm-none-eabi-size -A "$BUILD/device_example.elf" | awk '$1 == ".bss" || $1 == ".data" { s += $2 } END { print "C application RAM (.data + .bss): " s " bytes" }'
timeout 300 "${QEMU[@]}" -kernel "$BUILD/device_example.elf" > "$BUILD/device_example.out"
cargo build -p reelscore-ffi --quiet --target-dir "$TARGET_DIR"
cc -std=c99 -Wall -Wextra -Werror -Iffi/include ffi/examples/device/main.c \
  "$TARGET_DIR/debug/libreelscore.a" -lpthread -ldl -lm -o "$BUILD/device_example_host"
"$BUILD/device_example_host" > "$BUILD/device_example_host.out"
# Identical but for the state sizes (usize is 4 bytes on the device).
diff <(grep -v '_bytes ' "$BUILD/device_example_host.out") \
     <(grep -v '_bytes ' "$BUILD/device_example.out")
cat "$BUILD/device_example.out"
