#!/usr/bin/env bash
# Write the output of `cmasim boot` for a fixed set of runs into DIR, one
# file per run (stdout, then stderr, then the exit status), so that two
# builds can be compared byte for byte:
#
#   tools/snapshot-outputs.sh build/tools/cmasim /tmp/before
#   ... change the code, rebuild ...
#   tools/snapshot-outputs.sh build/tools/cmasim /tmp/after
#   diff -r /tmp/before /tmp/after
#
# The runs: the built-in default machine and a few built machines on both
# versions, every capture under ../shared (when it is there) booted from its
# own log with its capture set's Kconfig, and each of those followed by a
# series of --do steps through the CMA debugfs, sysfs and /proc files.
set -uo pipefail
cmasim=${1:?usage: snapshot-outputs.sh CMASIM OUTDIR [SHARED]}
out=${2:?usage: snapshot-outputs.sh CMASIM OUTDIR [SHARED]}
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${3:-$top/../shared}
mkdir -p "$out"

views=meminfo,pagetypeinfo,buddyinfo,zoneinfo
k61=(--set CMA_DEBUG=y --set CMA_DEBUGFS=y --set CMA_SYSFS=y
     --set DMA_PERNUMA_CMA=y --set CMA_SIZE_MBYTES=0 --set CMA_AREAS=19
     --set NODES_SHIFT=10 --set LOG_BUF_SHIFT=17)
k612=(--set CMA_DEBUG=y --set CMA_DEBUGFS=y --set CMA_SYSFS=y
      --set DMA_NUMA_CMA=y --set CMA_SIZE_MBYTES=0 --set CMA_AREAS=20
      --set NODES_SHIFT=10)
karm=(--set CMA_SIZE_MBYTES=64 --set CMA_AREAS=19 --set DMA_PERNUMA_CMA=y
      --set CMA_DEBUGFS=n --set CMA_SYSFS=n)
karm612=(--set CMA_SIZE_MBYTES=64 --set CMA_AREAS=20 --set NODES_SHIFT=4
	 --set CMA_DEBUGFS=n --set CMA_SYSFS=n)
dbg=/sys/kernel/debug/cma/reserved
sys=/sys/kernel/mm/cma/reserved
steps=(--do "read $dbg/used" --do "write $dbg/alloc 300"
       --do "read $dbg/used" --do "read $dbg/maxchunk"
       --do "write $dbg/alloc 1" --do "write $dbg/free 150"
       --do "read $dbg/bitmap" --do "read $sys/alloc_pages_success"
       --do "write $dbg/alloc 1000000000" --do "read /proc/buddyinfo"
       --do "read /proc/vmstat")

run() {
	local name=$1
	shift
	{
		"$cmasim" boot "$@" 2>"$out/$name.err"
		echo "exit $?"
	} >"$out/$name.out"
}

for v in 6.1 6.12; do
	run "default-$v" --kernel "$v" --show "$views"
	run "default-$v-cma" --kernel "$v" --cmdline "cma=256M" --show "$views" \
		"${steps[@]}"
	run "m1g-$v" --kernel "$v" --mem 1G --cmdline "cma=64M" "${steps[@]}"
	run "numa2-$v" --kernel "$v" --mem 4G --nodes 2 \
		--cmdline "cma=64M cma_pernuma=16M" --show "$views"
	run "m64g-$v" --kernel "$v" --mem 64G --cmdline "cma=1G@4G" --show meminfo
	run "bad-$v" --kernel "$v" --cmdline "cma=64M@0x3" --show meminfo
done
run "default" --show "$views"
for a in arm64 arm64-16k; do
	for v in 6.1 6.12; do
		run "virt-$a-$v" --arch "$a" --kernel "$v" --mem 2G \
			--cmdline "cma=64M" --show "$views" "${steps[@]}"
		run "virt-$a-$v-numa" --arch "$a" --kernel "$v" --mem 4G \
			--nodes 2 --show meminfo
	done
done

for set in oracle oracle-612 oracle-arm64 oracle-arm64-612 \
	   oracle-arm64-612-16k oracle-arm64-612-numacma; do
	dir=$shared/$set/captures
	[ -d "$dir" ] || continue
	case $set in
	oracle) knobs=("${k61[@]}") ;;
	oracle-612) knobs=("${k612[@]}") ;;
	oracle-arm64) knobs=(--arch arm64 "${karm[@]}") ;;
	oracle-arm64-612-numacma) knobs=(--arch arm64 "${karm612[@]}"
					 --set DMA_NUMA_CMA=y) ;;
	oracle-arm64-612-16k) knobs=(--arch arm64-16k "${karm612[@]}") ;;
	*) knobs=(--arch arm64 "${karm612[@]}") ;;
	esac
	for log in "$dir"/*.log; do
		name=$set--$(basename "$log" .log)
		run "$name" --from-log "$log" "${knobs[@]}" --show "$views"
		run "$name--do" --from-log "$log" "${knobs[@]}" "${steps[@]}"
	done
done
