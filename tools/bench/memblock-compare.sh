#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# libcmasim's memblock against the kernel's own mm/memblock.c, on the same
# operation scripts, in the same run:
#
#   memblock-compare.sh [--rounds N] [--passes N] [--callgrind] \
#       BENCH_MEMBLOCK PEER_DIR SCRIPT...
#
# BENCH_MEMBLOCK is the libcmasim driver (bench-memblock); PEER_DIR is
# where build-peer.sh builds the kernel's side (the meson benchmark passes
# the build directory's tools/bench/memblock-peer, $CC and $PEER_CFLAGS).
# For each script the two drivers run in alternation, N rounds of N
# passes each; a side's figure is its best pass over all rounds (the
# machine is shared: the minimum is the least disturbed measurement).
# Before any figure is printed, both results (every allocation's address,
# the final region arrays) must be identical: the script fails otherwise.
#
# Output, one line per figure:
#   memblock_<mix>_libcmasim: 812.3 ns/op
#   memblock_<mix>_kernel: 1001.0 ns/op
#   memblock_<mix>_ratio: 0.81 x        (libcmasim / kernel: <= 1 is faster)
#   memblock_ratio_geomean: 0.85 x
# With --callgrind (or MEMBLOCK_CALLGRIND=1 in the environment, for the
# meson benchmark), instructions per pass instead of time, counted by
# valgrind's callgrind in each driver's run_script() only; these do not
# depend on the machine's load:
#   memblock_<mix>_libcmasim_instructions: 29800000 Ir/pass
# Without the Debian linux-source tarball only libcmasim's figures are
# printed, and the script exits 77 (skipped).
set -eu
rounds=3
passes=5
callgrind=${MEMBLOCK_CALLGRIND:-0}
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) rounds=$2; shift 2 ;;
	--passes) passes=$2; shift 2 ;;
	--callgrind) callgrind=1; shift ;;
	*) break ;;
	esac
done
ours=${1:?usage: memblock-compare.sh [--rounds N] [--passes N] [--callgrind] BENCH_MEMBLOCK PEER_DIR SCRIPT...}
peerdir=${2:?missing PEER_DIR}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
if [ "$callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
	echo "memblock-compare: --callgrind needs valgrind" >&2
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peer=""
# shellcheck disable=SC2086
if "$here/memblock-peer/build-peer.sh" "$peerdir" "${CC:-cc}" \
	${PEER_CFLAGS:--O2}; then
	peer=$peerdir/memblock-peer
else
	rc=$?
	[ $rc -eq 77 ] || exit $rc
fi

# best ns/op of one driver over this round, appended to $tmp/$mix.$side
run_timed() {
	side=$1 exe=$2 script=$3 mix=$4
	"$exe" --passes "$passes" --out "$tmp/$mix.$side.out" "$script" \
		>"$tmp/$mix.$side.log" 2>"$tmp/$mix.$side.err" || {
		cat "$tmp/$mix.$side.err" >&2
		echo "memblock-compare: $side failed on $script" >&2
		exit 1
	}
	awk '/^ns_per_op_best:/ { print $2 }' "$tmp/$mix.$side.log" \
		>>"$tmp/$mix.$side.ns"
}

# callgrind: Ir in run_script() over the warm-up and one timed pass
run_counted() {
	side=$1 exe=$2 script=$3 mix=$4
	valgrind --tool=callgrind --toggle-collect=run_script \
		--callgrind-out-file="$tmp/$mix.$side.cg" \
		"$exe" --passes 1 "$script" >/dev/null 2>"$tmp/$mix.$side.err" || {
		cat "$tmp/$mix.$side.err" >&2
		exit 1
	}
	awk '/^(summary|totals):/ { print int($2 / 2); exit }' \
		"$tmp/$mix.$side.cg"
}

best() {
	sort -g "$1" | head -n 1
}

ratios=""
for script in "$@"; do
	mix=$(basename "$script" .mbs)
	mix=${mix#memblock-}
	name=memblock_$(echo "$mix" | tr -- - _)
	if [ "$callgrind" = 1 ]; then
		o=$(run_counted libcmasim "$ours" "$script" "$mix")
		echo "${name}_libcmasim_instructions: $o Ir/pass"
		[ -n "$peer" ] || continue
		k=$(run_counted kernel "$peer" "$script" "$mix")
		echo "${name}_kernel_instructions: $k Ir/pass"
		echo "${name}_instructions_ratio: $(awk "BEGIN { printf \"%.2f\", $o / $k }") x"
		continue
	fi
	r=0
	while [ $r -lt "$rounds" ]; do
		run_timed libcmasim "$ours" "$script" "$mix"
		[ -z "$peer" ] || run_timed kernel "$peer" "$script" "$mix"
		r=$((r + 1))
	done
	o=$(best "$tmp/$mix.libcmasim.ns")
	echo "${name}_libcmasim: $o ns/op"
	[ -n "$peer" ] || continue
	if ! cmp -s "$tmp/$mix.libcmasim.out" "$tmp/$mix.kernel.out"; then
		echo "memblock-compare: $script: libcmasim and the kernel disagree:" >&2
		diff "$tmp/$mix.kernel.out" "$tmp/$mix.libcmasim.out" | head -n 20 >&2
		exit 1
	fi
	k=$(best "$tmp/$mix.kernel.ns")
	ratio=$(awk "BEGIN { printf \"%.2f\", $o / $k }")
	ratios="$ratios $o/$k"
	echo "${name}_kernel: $k ns/op"
	echo "${name}_ratio: $ratio x"
done
if [ -z "$peer" ]; then
	echo "memblock-compare: no kernel peer: libcmasim's figures only" >&2
	exit 77
fi
if [ -n "$ratios" ]; then
	echo "$ratios" | tr ' ' '\n' | awk -F/ 'NF == 2 { s += log($1 / $2); n++ }
		END { printf "memblock_ratio_geomean: %.2f x\n", exp(s / n) }'
fi
