# shellcheck shell=bash
# Test data from Debian's packages (real seccomp profiles), downloaded and
# unpacked once into build/debian-data/ and shared by every test that needs
# it. Source this file; it needs nothing else at load time.

DEBIAN_DATA=${DEBIAN_DATA:-build/debian-data}

# debian_data PKG: prints the directory PKG is unpacked in ($DEBIAN_DATA/PKG,
# holding usr/...). The first call downloads (apt-get download, reusing a
# PKG_*.deb already in $DEBIAN_DATA) and unpacks it; later calls only print.
# Safe to run twice at once: a lock per package, and the directory appears
# complete or not at all. On failure says why on stderr and returns 1.
debian_data() {
	local pkg=$1 dir=$DEBIAN_DATA/$1
	if [ ! -f "$dir/.complete" ]; then
		mkdir -p "$DEBIAN_DATA" || return 1
		(
			flock 9 || exit 1
			[ -f "$dir/.complete" ] && exit 0
			deb=$(find "$DEBIAN_DATA" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n 1)
			if [ -z "$deb" ]; then
				log=$DEBIAN_DATA/apt-$pkg.log
				(cd "$DEBIAN_DATA" && { apt-get download "$pkg" || { apt-get update && apt-get download "$pkg"; }; }) \
					>"$log" 2>&1 || { echo "apt-get download $pkg failed, see $log" >&2; exit 1; }
				deb=$(find "$DEBIAN_DATA" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n 1)
				[ -n "$deb" ] || { echo "apt-get download left no ${pkg}_*.deb" >&2; exit 1; }
			fi
			tmp=$(mktemp -d "$DEBIAN_DATA/.unpack.XXXXXX") || exit 1
			if dpkg-deb -x "$deb" "$tmp" && dpkg-deb -f "$deb" Version >"$tmp/.version" && touch "$tmp/.complete"; then
				rm -rf "$dir" && mv "$tmp" "$dir" && exit 0
			fi
			rm -rf "$tmp"
			echo "cannot unpack $deb" >&2
			exit 1
		) 9>"$DEBIAN_DATA/.lock-$pkg" || return 1
	fi
	echo "$dir"
}

# docker_seccomp_dir: Docker's profiles/seccomp (default.json, fixtures/).
docker_seccomp_dir() {
	local d
	d=$(debian_data golang-github-docker-docker-dev) || return 1
	echo "$d/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp"
}

# podman_seccomp_json: Podman's default profile (containers/common).
podman_seccomp_json() {
	local d
	d=$(debian_data golang-github-containers-common-dev) || return 1
	echo "$d/usr/share/gocode/src/github.com/containers/common/pkg/seccomp/seccomp.json"
}
