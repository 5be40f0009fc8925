#!/usr/bin/env bash
# Set up a fresh Debian 12 machine and build libcmasim, then:
#   tools/dev.sh boot [ARGS...]  run `cmasim boot` (the built-in default machine)
#   tools/dev.sh test [ARGS...]  run the whole test suite (meson test)
#   tools/dev.sh deps            only install what is missing
#   tools/dev.sh packages        print the Debian packages needed, one a line
# Installs missing Debian packages with apt-get (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(meson ninja-build pkg-config gcc g++ python3 binutils libjson-glib-dev python3-jsonschema
	  libcmocka-dev libglib2.0-dev valgrind libfdt-dev device-tree-compiler)

missing_packages() {
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			echo "$p"
	done
}

install_deps() {
	local missing=()
	for p in "${PACKAGES[@]}"; do
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

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
packages)
	printf '%s\n' "${PACKAGES[@]}" ;;
missing)
	missing_packages ;;
deps)
	install_deps ;;
boot)
	install_deps; build >&2
	exec ./build/tools/cmasim boot "$@" ;;
test)
	install_deps; build
	exec meson test -C build --print-errorlogs "$@" ;;
*)
	echo "usage: tools/dev.sh boot|test|deps|packages|missing [ARGS...]" >&2
	exit 2 ;;
esac
