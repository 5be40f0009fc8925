#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the benchmark peer: the kernel's own mm/memblock.c with the
# userspace shims of its tools/testing/memblock harness, driven by our
# peer.c.  The kernel files are extracted from Debian's linux-source
# tarball into OUTDIR at build time; none of them is kept in this tree.
#
#   build-peer.sh OUTDIR [CC [CFLAGS...]]
#
# The tarball is $LINUX_SOURCE_TARBALL, by default
# /usr/src/linux-source-6.12.tar.xz (apt install linux-source-6.12).
# Exits 77 (skip) when it is absent.  The configuration is the harness's
# `make NUMA=1` (CONFIG_NUMA, NODES_SHIFT 4, 64-bit phys_addr_t) without
# its sanitizers, compiled with the CFLAGS given (the benchmark passes
# the optimisation level of the meson build, so both sides get the same).
# OUTDIR/memblock-peer is rebuilt only when its inputs change.
set -eu
out=${1:?usage: build-peer.sh OUTDIR [CC [CFLAGS...]]}
shift
cc=${1:-cc}
[ $# -gt 0 ] && shift
cflags="$*"
here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}

if [ ! -r "$tarball" ]; then
	echo "memblock-peer: $tarball not found (apt install linux-source-6.12, or set LINUX_SOURCE_TARBALL): no kernel peer to compare with" >&2
	exit 77
fi
top=$(basename "$tarball")
top=${top%.tar.*}
mkdir -p "$out"
src=$out/src
h=$src/$top/tools/testing/memblock

# Extract once per tarball.
if [ ! -f "$src/.extracted" ] || [ "$(cat "$src/.extracted")" != "$tarball" ]; then
	rm -rf "$src"
	mkdir -p "$src"
	echo "memblock-peer: extracting the memblock harness from $tarball" >&2
	tar -xJf "$tarball" -C "$src" \
		"$top/mm/memblock.c" \
		"$top/include/linux/memblock.h" \
		"$top/include/linux/gfp_types.h" \
		"$top/tools/include" \
		"$top/tools/arch/x86/include" \
		"$top/tools/testing/memblock"
	# What the harness's Makefile links into place.
	ln -sf ../../../mm/memblock.c "$h/memblock.c"
	ln -sf ../../../../include/linux/memblock.h "$h/linux/memblock.h"
	ln -sf ../../../arch/x86/include/asm/asm.h "$h/asm/asm.h"
	ln -sf ../../../arch/x86/include/asm/cmpxchg.h "$h/asm/cmpxchg.h"
	echo "$tarball" >"$src/.extracted"
fi

stamp="$cc $cflags $(cat "$here/peer.c" "$here/build-peer.sh" \
	"$bench/memblock-script.c" "$bench/memblock-script.h" | cksum)"
if [ -x "$out/memblock-peer" ] && [ -f "$out/.stamp" ] &&
   [ "$(cat "$out/.stamp")" = "$stamp" ]; then
	exit 0
fi
defs="-DCONFIG_PHYS_ADDR_T_64BIT -DCONFIG_NUMA -DCONFIG_NODES_SHIFT=4"
inc="-I$h -I$src/$top/tools/include"
obj=$out/obj
mkdir -p "$obj"
# Kernel files: built as the harness builds them, warnings silenced (the
# harness itself notes that memblock_dbg()'s formats do not match).
for f in memblock.c mmzone.c lib/slab.c; do
	# shellcheck disable=SC2086
	(cd "$h" && $cc $cflags -w $defs -I. -I../../include \
		-c "$f" -o "$obj/$(echo "$f" | tr / _).o")
done
# Our driver and the shared script reader.
# shellcheck disable=SC2086
$cc $cflags -Wall -Wno-unused-parameter $defs $inc -I"$bench" \
	-c "$here/peer.c" -o "$obj/peer.o"
# shellcheck disable=SC2086
$cc $cflags -Wall -I"$bench" -c "$bench/memblock-script.c" \
	-o "$obj/memblock-script.o"
# shellcheck disable=SC2086
$cc $cflags -o "$out/memblock-peer" "$obj"/*.o
echo "$stamp" >"$out/.stamp"
