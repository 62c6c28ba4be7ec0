#!/usr/bin/env bash
# Installs the C library the way C libraries install: the shared library with a versioned
# soname, the static archive, the header and a pkg-config file, under PREFIX.
#   bash scripts/install-c.sh [--library-type both|shared|static] PREFIX
#   DESTDIR=/tmp/stage bash scripts/install-c.sh /usr    # stage a package (PREFIX is absolute)
#
# PREFIX/lib/libreelscore.so.X.Y.Z   the shared library, soname libreelscore.so.<sover>
# PREFIX/lib/libreelscore.so.<sover>  -> libreelscore.so.X.Y.Z (what programs load)
# PREFIX/lib/libreelscore.so          -> libreelscore.so.<sover> (what -lreelscore links)
# PREFIX/lib/libreelscore.a           the static archive
# PREFIX/include/reelscore.h          the committed cbindgen header
# PREFIX/lib/pkgconfig/reelscore.pc   Libs, Cflags, and Libs.private for --static
#
# The soname follows cargo-c's rule for Rust C libraries: 0.x.y versions carry "0.x" (a minor
# bump may break the ABI before 1.0), later ones the major version alone. Linux only (GNU ld
# or lld): macOS would need an install name and .dylib, Windows an import library.
set -euo pipefail
usage() { echo "usage: bash scripts/install-c.sh [--library-type both|shared|static] PREFIX" >&2; exit 2; }
TYPE=both
while [ $# -gt 0 ]; do
  case $1 in
    --library-type) [ $# -ge 2 ] || usage; TYPE=$2; shift 2 ;;
    --library-type=*) TYPE=${1#*=}; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install-c.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
case $TYPE in both|shared|static) ;; *) echo "install-c.sh: --library-type is both, shared or static, not '$TYPE'" >&2; exit 2 ;; esac
[ "$(uname -s)" = Linux ] || { echo "install-c.sh: Linux only; elsewhere link target/release/libreelscore.a with ffi/include/reelscore.h" >&2; exit 2; }

DEST=${DESTDIR:-}
if [ -n "$DEST" ]; then
  case $1 in /*) PREFIX=$1 ;; *) echo "install-c.sh: with DESTDIR, PREFIX must be absolute" >&2; exit 2 ;; esac
else
  mkdir -p "$1"
  PREFIX=$(cd "$1" && pwd)  # the .pc file records an absolute prefix
fi
cd "$(dirname "$0")/.."

ID=$(cargo pkgid -p reelscore-ffi)  # path+file:///…/ffi#reelscore-ffi@0.1.0
VERSION=${ID##*[#@]}
IFS=. read -r MAJOR MINOR PATCH <<<"${VERSION%%[-+]*}"
if [ "$MAJOR" != 0 ]; then SOVER=$MAJOR; elif [ "$MINOR" != 0 ]; then SOVER=0.$MINOR; else SOVER=0.0.$PATCH; fi
SONAME=libreelscore.so.$SOVER

# Release build of the C ABI crate; the extra flags reach this crate's link alone. The soname is
# set here, not in a build script, so target/*/libreelscore.so stays loadable by its file name
# for the tests that link it in place. rustc names the system libraries the archive needs.
mkdir -p build
LOG=build/install-c.log
if ! cargo rustc -p reelscore-ffi --release --lib -- -C "link-arg=-Wl,-soname,$SONAME" --print native-static-libs >"$LOG" 2>&1; then
  cat "$LOG" >&2
  exit 1
fi
PRIVATE=$(sed -n 's/^note: native-static-libs: //p' "$LOG" | tail -n 1)
[ -n "$PRIVATE" ] || { cat "$LOG" >&2; echo "install-c.sh: rustc did not list the archive's native libraries" >&2; exit 1; }
LIB=target/release
[ "$(readelf -d "$LIB/libreelscore.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = "$SONAME" ] \
  || { echo "install-c.sh: $LIB/libreelscore.so does not carry the soname $SONAME" >&2; exit 1; }

LIBDIR=$DEST$PREFIX/lib
INCDIR=$DEST$PREFIX/include
install -d "$LIBDIR/pkgconfig" "$INCDIR"
install -m 644 ffi/include/reelscore.h "$INCDIR/reelscore.h"
# A reinstall with another library type leaves nothing of the previous one behind.
rm -f "$LIBDIR"/libreelscore.a "$LIBDIR"/libreelscore.so "$LIBDIR"/libreelscore.so.*
if [ "$TYPE" != static ]; then
  install -m 755 "$LIB/libreelscore.so" "$LIBDIR/libreelscore.so.$VERSION"
  [ "$SOVER" = "$VERSION" ] || ln -s "libreelscore.so.$VERSION" "$LIBDIR/$SONAME"
  ln -s "$SONAME" "$LIBDIR/libreelscore.so"
fi
if [ "$TYPE" != shared ]; then
  install -m 644 "$LIB/libreelscore.a" "$LIBDIR/libreelscore.a"
fi
cat >"$LIBDIR/pkgconfig/reelscore.pc" <<EOF
prefix=$PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: reelscore
Description: Clip scoring (video quality verdicts with located defects) and engagement ranking: C API
Version: $VERSION
Libs: -L\${libdir} -lreelscore
Libs.private: $PRIVATE
Cflags: -I\${includedir}
EOF
if [ "$TYPE" = static ]; then WHAT="static archive"; else WHAT="$TYPE, soname $SONAME"; fi
echo "installed reelscore $VERSION ($WHAT) under $DEST$PREFIX"
