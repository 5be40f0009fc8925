#!/usr/bin/env bash
# Set up a fresh Debian 12 machine and build libcmasim, then:
#   tools/dev.sh boot [ARGS...]  run `cmasim boot` (the built-in default machine)
#   tools/dev.sh test [ARGS...]  run the whole test suite (meson test)
#   tools/dev.sh deps            only install what is missing
#   tools/dev.sh packages        print the Debian packages needed, one a line
#   tools/dev.sh fuzz [SECONDS] [TARGET...]
#                                the fuzz option: install clang and libFuzzer
#                                too, build build-fuzz/ (-Dfuzz=true) and run
#                                each target (cmdline, bootlog, kfs, dt,
#                                scenario) for
#                                SECONDS (default 20) on a copy of its corpus;
#                                fails on any crash, leak or sanitizer report
#   tools/dev.sh browser-packages  the optional ones of the browser test of
#                                the interactive view (it skips without them)
#   tools/dev.sh missing [--browser]  the needed (or optional) ones not installed
# Installs missing Debian packages with apt-get (as root, or through sudo).
# Only the fuzz option installs the fuzz packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(meson ninja-build pkg-config gcc g++ python3 binutils libjson-glib-dev python3-jsonschema
	  libcmocka-dev libglib2.0-dev valgrind libfdt-dev device-tree-compiler)
# libFuzzer comes with Debian's clang 14 runtime
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
FUZZ_TARGETS=(cmdline bootlog kfs dt scenario)

# Headless Chromium and its driver for tests/tools/check-html.py.
BROWSER_PACKAGES=(chromium chromium-driver python3-selenium)

# The packages named (default: PACKAGES) that are not installed.
missing_packages() {
	[ $# -gt 0 ] || set -- "${PACKAGES[@]}"
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			echo "$p"
	done
}

install_deps() {
	local missing=()
	for p in "${PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=()
	[ "$(id -u)" -ne 0 ] && sudo=(sudo)
	echo "dev.sh: installing ${missing[*]}" >&2
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
	if [ ! -f build/build.ninja ]; then
		meson setup build -Dwerror=true
	fi
	meson compile -C build
}

# Each target on a scratch copy of its corpus (the tree's corpus stays as
# it is; merge new inputs by hand, docs/fuzzing.md).
fuzz() {
	local seconds=${1:-20} targets=("${@:2}") out t rc=0
	[ ${#targets[@]} -eq 0 ] && targets=("${FUZZ_TARGETS[@]}")
	if [ ! -f build-fuzz/build.ninja ]; then
		CC=clang meson setup build-fuzz -Dfuzz=true -Dwerror=true \
			-Dbuildtype=debugoptimized >/dev/null
	fi
	ninja -C build-fuzz "${targets[@]/#/tests/fuzz/fuzz-}" >/dev/null
	out=$(mktemp -d)
	for t in "${targets[@]}"; do
		local dict=() corpus="$out/$t"
		cp -r "tests/fuzz/corpus/$t" "$corpus"
		[ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
		echo "dev.sh: fuzz-$t for ${seconds}s" >&2
		if ! "build-fuzz/tests/fuzz/fuzz-$t" -max_total_time="$seconds" \
			-max_len=32768 -timeout=10 -print_final_stats=1 \
			-artifact_prefix="$out/$t-" "${dict[@]}" "$corpus" \
			>"$out/$t.log" 2>&1; then
			echo "dev.sh: fuzz-$t failed; its log and input are in $out" >&2
			grep -E 'ERROR|SUMMARY|Test unit' "$out/$t.log" >&2
			rc=1
			continue
		fi
		grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' \
			"$out/$t.log" | sed "s/^/fuzz-$t: /" >&2
	done
	[ $rc -eq 0 ] && rm -rf "$out"
	return $rc
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
packages)
	printf '%s\n' "${PACKAGES[@]}" ;;
browser-packages)
	printf '%s\n' "${BROWSER_PACKAGES[@]}" ;;
missing)
	if [ "${1:-}" = --browser ]; then
		missing_packages "${BROWSER_PACKAGES[@]}"
	else
		missing_packages
	fi ;;
deps)
	install_deps ;;
boot)
	install_deps; build >&2
	exec ./build/tools/cmasim boot "$@" ;;
test)
	install_deps; build
	exec meson test -C build --print-errorlogs "$@" ;;
fuzz)
	install_deps "${FUZZ_PACKAGES[@]}"
	fuzz "$@" ;;
*)
	echo "usage: tools/dev.sh boot|test|fuzz|deps|packages|browser-packages|missing [ARGS...]" >&2
	exit 2 ;;
esac
