#!/usr/bin/env bash
# images/build.sh [-p PREFIX] SCINIT EMBEDDED_SCINIT APP [NAME...]
#
# Builds the example images from local files only (no registry, no pull):
# each images/NAME/ directory is copied to a temporary build context, the
# static binaries it COPYs are added, and the result is built FROM scratch as
# PREFIXNAME (default prefix "scinit-example/"):
#
#   scratch   SCINIT (embedded default profile) and APP
#   embedded  EMBEDDED_SCINIT (built with images/embedded/profile.ini) and APP
#   setup     SCINIT, /bin/busybox (busybox-static) and httpd.ini with [setup]
#
# images/multistage/Dockerfile needs debian:12 from a registry and is not
# built here. `make images` runs this for every image; the container tests
# name the ones they need and give their own prefix. Prints one line per
# image with its size.
set -u
prefix="scinit-example/"
if [ "${1:-}" = -p ]; then
	prefix=$2
	shift 2
fi
if [ $# -lt 3 ]; then
	echo "usage: images/build.sh [-p PREFIX] SCINIT EMBEDDED_SCINIT APP [NAME...]" >&2
	exit 2
fi
for f in "$1" "$2" "$3" /bin/busybox; do
	[ -x "$f" ] || { echo "images/build.sh: $f is missing (make images builds it)" >&2; exit 1; }
done
scinit=$(realpath "$1") embedded=$(realpath "$2") app=$(realpath "$3")
shift 3
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(scratch embedded setup)
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/docker_lib.sh
. tests/docker_lib.sh
docker_ready || { echo "images/build.sh: no Docker engine answers" >&2; exit 1; }

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

# stage NAME SOURCE:DEST...: stage images/NAME plus the files, then build.
stage() {
	local name=$1 pair
	shift
	rm -rf "${ctx:?}/$name" && cp -r "images/$name" "$ctx/$name" || return 1
	for pair in "$@"; do
		cp "${pair%%:*}" "$ctx/$name/${pair#*:}" || return 1
	done
	docker_scratch_image "$prefix$name" "$ctx/$name" || return 1
	printf '%-28s %6d kB\n' "$prefix$name" \
		"$(($(docker image inspect -f '{{.Size}}' "$prefix$name") / 1000))"
}

for name in "${names[@]}"; do
	case $name in
	scratch) stage scratch "$scinit:scinit" "$app:app" ;;
	embedded) stage embedded "$embedded:scinit" "$app:app" ;;
	setup) stage setup "$scinit:scinit" /bin/busybox:busybox ;;
	*) echo "images/build.sh: no image $name" >&2; false ;;
	esac || exit 1
done
