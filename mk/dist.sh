#!/usr/bin/env bash
# The steps of `make dist` (mk/dist.mk) that are not builds:
#
#   mk/dist.sh stage NAME DIR    DIR/NAME: HEAD's tree (git archive) and the
#                                pinned dependency sources in deps/sources/;
#                                DIR/NAME.tar.gz: that tree, as released
#   mk/dist.sh pack NAME DIR OUT OUT/: the two binaries built in DIR/NAME, the
#                                source tarball, LICENSE, NOTICE, the OCI
#                                image layout, SHA256SUMS
#
# Everything is reproducible: times come from SOURCE_DATE_EPOCH (the last
# commit's, set by mk/dist.mk), archives are written with sorted names, fixed
# owners and modes and gzip -n, and the builds map the checkout's path away
# (REPRO_FLAGS, mk/target.mk). Two checkouts of one commit, anywhere, at any
# time, give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "dist: $*" >&2; exit 1; }
: "${SOURCE_DATE_EPOCH:?mk/dist.mk sets it from the last commit}"

# tar_c DIR ENTRY: ENTRY of DIR as a reproducible tar on stdout.
tar_c() {
	tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX \
		--format=gnu -C "$1" -cf - "$2"
}

stage() {
	local name=$1 dir=$2 pkg file
	rm -rf "$dir" && mkdir -p "$dir/$name/deps/sources"
	git diff --quiet HEAD -- 2>/dev/null ||
		echo "dist: the work tree differs from HEAD; the release is built from HEAD ($(git rev-parse --short HEAD))" >&2
	git archive --format=tar HEAD | tar -x -C "$dir/$name"
	# The files the build unpacks, as deps/sources.lock pins them (fetched
	# into build/download once, checked there and again here).
	for pkg in $(awk '!/^#/ && NF { print $1 }' deps/sources.lock | sort -u); do
		deps/provision source "$pkg" build/download
		for file in $(awk -v p="$pkg" '$1 == p { print $4 }' deps/sources.lock); do
			cp "build/download/$file" "$dir/$name/deps/sources/"
		done
		deps/provision verify "$pkg" "$dir/$name/deps/sources"
	done
	tar_c "$dir" "$name" | gzip -n -9 >"$dir/$name.tar.gz"
}

# oci LAYOUT VERSION AMD64 ARM64: an OCI image layout written by umoci (Debian's
# umoci): one FROM-scratch image per platform holding only /scinit (tags
# VERSION-amd64, VERSION-arm64), and an image index over both, tagged VERSION.
oci() {
	local layout=$1 version=$2 created bundle arch bin
	created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
	rm -rf "$layout" && umoci init --layout "$layout"
	for arch in amd64 arm64; do
		bin=$3
		[ "$arch" = amd64 ] || bin=$4
		bundle=$layout.bundle-$arch
		rm -rf "$bundle"
		umoci new --image "$layout:$version-$arch"
		umoci unpack --image "$layout:$version-$arch" "$bundle" >/dev/null
		install -m 755 "$bin" "$bundle/rootfs/scinit"
		touch -d "@$SOURCE_DATE_EPOCH" "$bundle/rootfs/scinit" "$bundle/rootfs"
		umoci repack --image "$layout:$version-$arch" --history.created "$created" \
			--history.created_by "make dist: /scinit" "$bundle"
		umoci config --image "$layout:$version-$arch" --os linux --architecture "$arch" --created "$created" \
			--history.created "$created" --history.created_by "make dist: ENTRYPOINT /scinit" \
			--config.entrypoint /scinit
		rm -rf "$bundle"
	done
	umoci gc --layout "$layout"
	# umoci tags images but writes no index over platforms: that is a
	# JSON blob naming each image's manifest with its platform.
	python3 - "$layout" "$version" <<'EOF'
import hashlib, json, os, sys
layout, version = sys.argv[1], sys.argv[2]
path = os.path.join(layout, "index.json")
index = json.load(open(path))
mine = {}
for m in index["manifests"]:
    tag = m.get("annotations", {}).get("org.opencontainers.image.ref.name", "")
    if tag.startswith(version + "-"):
        mine[tag[len(version) + 1:]] = m
if sorted(mine) != ["amd64", "arm64"]:
    sys.exit("dist: umoci wrote no image for %s" % ", ".join({"amd64", "arm64"} - set(mine)))
platforms = {"amd64": {"architecture": "amd64", "os": "linux"},
             "arm64": {"architecture": "arm64", "os": "linux", "variant": "v8"}}
both = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": mine[a]["mediaType"], "digest": mine[a]["digest"], "size": mine[a]["size"],
                       "platform": platforms[a]} for a in ("amd64", "arm64")]}
blob = json.dumps(both, sort_keys=True, separators=(",", ":")).encode()
digest = hashlib.sha256(blob).hexdigest()
open(os.path.join(layout, "blobs", "sha256", digest), "wb").write(blob)
index["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest,
                           "size": len(blob), "annotations": {"org.opencontainers.image.ref.name": version}})
index["manifests"].sort(key=lambda m: m["annotations"]["org.opencontainers.image.ref.name"])
open(path, "w").write(json.dumps(index, sort_keys=True, separators=(",", ":")))
EOF
}

pack() {
	local name=$1 dir=$2 out=$3 version=${1#scinit-} src=$2/$1
	local amd64=$src/build/scinit arm64=$src/build/arm64/scinit
	file -b "$amd64" | grep -q 'x86-64.*statically linked' || die "$amd64 is not a static x86-64 program"
	file -b "$arm64" | grep -q 'ARM aarch64.*statically linked' || die "$arm64 is not a static aarch64 program"
	rm -rf "$out" && mkdir -p "$out"
	install -m 755 "$amd64" "$out/$name-linux-amd64"
	install -m 755 "$arm64" "$out/$name-linux-arm64"
	install -m 644 "$dir/$name.tar.gz" "$src/LICENSE" "$src/NOTICE" "$out/"
	oci "$dir/$name-oci" "$version" "$amd64" "$arm64"
	# The layout at the archive's root: skopeo's oci-archive transport.
	tar_c "$dir/$name-oci" . >"$out/$name-oci.tar"
	(cd "$out" && sha256sum "$name-linux-amd64" "$name-linux-arm64" "$name.tar.gz" "$name-oci.tar" LICENSE NOTICE \
		>SHA256SUMS)
	echo "dist: $out/"
	sed 's/^/  /' "$out/SHA256SUMS"
}

case "${1:-}" in
stage) [ $# -eq 3 ] || die "usage: mk/dist.sh stage NAME DIR"; stage "$2" "$3" ;;
pack) [ $# -eq 4 ] || die "usage: mk/dist.sh pack NAME DIR OUT"; pack "$2" "$3" "$4" ;;
*) die "usage: mk/dist.sh stage NAME DIR | pack NAME DIR OUT" ;;
esac
