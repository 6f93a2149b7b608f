# make dist, twice: two clones of HEAD in two temporary directories, the
# second started later, must write the same bytes (SHA256SUMS). Then what a
# user downloads: the binaries, the source tarball with the pinned
# dependency sources (enough to rebuild and relink), LICENSE and NOTICE, and
# the OCI image layout with both platforms, whose amd64 image loads into the
# local Docker engine and runs. HEAD is what is released: uncommitted
# changes are not in it.
. tests/lib.sh
. tests/docker_lib.sh
tmp=$(mktemp -d /tmp/scinit-dist.XXXXXX)
image=scinit-dist-test-$$
trap 'rm -rf "$tmp"; docker rmi -f "$image:amd64" "$image:arm64" "$image:copy-from" >/dev/null 2>&1' EXIT
version=$(awk -F' *:= *' '$1 == "VERSION" { print $2 }' Makefile)
name=scinit-$version

if ! command -v git >/dev/null || ! git rev-parse -q --verify HEAD >/dev/null 2>&1; then
	skip_or_fail "dist: reproducible release" "no git checkout to release"
	exit 0
fi

# Two clones, each given build/download (the pinned sources, already
# checked against deps/sources.lock) so that neither fetches them again.
for i in 1 2; do
	git clone -q "$PWD" "$tmp/$i" && mkdir -p "$tmp/$i/build" &&
		{ [ ! -d build/download ] || cp -a build/download "$tmp/$i/build/"; }
done
(cd "$tmp/1" && make -j2 dist >"$tmp/1.log" 2>&1; echo $? >"$tmp/1.rc") &
sleep 3
(cd "$tmp/2" && make -j2 dist >"$tmp/2.log" 2>&1; echo $? >"$tmp/2.rc") &
wait
for i in 1 2; do
	check "dist: make dist in clone $i" 0 "$(cat "$tmp/$i.rc")"
	[ "$(cat "$tmp/$i.rc")" = 0 ] || tail -n 15 "$tmp/$i.log" | sed 's/^/     /'
done
d1=$tmp/1/dist d2=$tmp/2/dist
[ -s "$d1/SHA256SUMS" ] || { fail "dist: dist/SHA256SUMS is written"; exit 0; }

files="$name-linux-amd64 $name-linux-arm64 $name.tar.gz $name-oci.tar LICENSE NOTICE"
check "dist: SHA256SUMS lists the binaries, the source tarball, the image layout, LICENSE and NOTICE" \
	"$(echo "$files" | tr ' ' '\n' | sort)" "$(awk '{ print $2 }' "$d1/SHA256SUMS" | sort)"
check "dist: every file matches SHA256SUMS" 0 "$(cd "$d1" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1; echo $?)"
check "dist: two builds, in two directories at two times, give the same SHA256SUMS" \
	"$(cat "$d1/SHA256SUMS")" "$(cat "$d2/SHA256SUMS")"
diff -r "$d1" "$d2" >/dev/null 2>&1
check "dist: ... and the same bytes" 0 $?

# --- the binaries ------------------------------------------------------------------
check_match "dist: $name-linux-amd64 is a static x86-64 program" "ELF 64-bit LSB executable, x86-64, .*statically linked" \
	"$(file -b "$d1/$name-linux-amd64")"
check_match "dist: $name-linux-arm64 is a static aarch64 program" "ELF 64-bit LSB executable, ARM aarch64, .*statically linked" \
	"$(file -b "$d1/$name-linux-arm64")"
check_match "dist: $name-linux-amd64 --version names $version" "^scinit $version( |$)" \
	"$("$d1/$name-linux-amd64" --version | head -n 1)"
# The binaries the other tests ran are these, when the work tree is HEAD.
if git diff --quiet HEAD -- 2>/dev/null && [ -x build/scinit ] && [ -x build/arm64/scinit ]; then
	check "dist: the amd64 binary is build/scinit, byte for byte" same \
		"$(cmp -s "$d1/$name-linux-amd64" build/scinit && echo same)"
	check "dist: the arm64 binary is build/arm64/scinit (tests/t_arm64.sh's), byte for byte" same \
		"$(cmp -s "$d1/$name-linux-arm64" build/arm64/scinit && echo same)"
else
	echo "     not compared with build/: the work tree differs from HEAD"
fi

# --- the source tarball: HEAD and the pinned sources, enough to rebuild ------------
tar -xzf "$d1/$name.tar.gz" -C "$tmp"
src=$tmp/$name
check "dist: the source tarball holds HEAD's tree" "" \
	"$(git ls-files | while read -r f; do [ -e "$src/$f" ] || [ -L "$src/$f" ] || echo "$f"; done | head -n 3)"
missing=$(awk '!/^#/ && NF { print $4, $5 }' deps/sources.lock | while read -r f sum; do
	[ "$(sha256sum "$src/deps/sources/$f" 2>/dev/null | cut -d' ' -f1)" = "$sum" ] || echo "$f"
done)
check "dist: the source tarball holds every pinned dependency source, as deps/sources.lock pins it" "" "$missing"
out=$(cd "$src" && make -n ARCH=arm64 build/arm64/deps/src/libseccomp/.unpacked 2>&1)
check_match "dist: ... and its build unpacks them from deps/sources/, fetching nothing" \
	"deps/provision source libseccomp deps/sources" "$out"

# --- LICENSE and NOTICE ------------------------------------------------------------------
check_match "dist: LICENSE is MIT, for the scinit authors" "Copyright \(c\) the scinit authors" "$(head -n 3 "$d1/LICENSE")"
notice=$(cat "$d1/NOTICE")
for want in "musl libc $(awk '$1 == "musl-dev" { print $2 }' deps/packages.lock | cut -d- -f1)" \
	"License: MIT" "libseccomp $(awk '$1 == "libseccomp" { print $2; exit }' deps/sources.lock | cut -d- -f1)" \
	"License: LGPL-2.1" "libinih $(awk '$1 == "libinih" { print $2; exit }' deps/sources.lock)" "License: BSD-3-Clause" \
	"libjsmn-dev $(awk '$1 == "libjsmn-dev" { print $2 }' deps/packages.lock)"; do
	check_match "dist: NOTICE names $want" "$(printf '%s' "$want" | sed 's/[.()]/\\&/g')" "$notice"
done

# --- the OCI image layout --------------------------------------------------------------
mkdir -p "$tmp/oci" && tar -xf "$d1/$name-oci.tar" -C "$tmp/oci"
check "dist: the image layout: one FROM-scratch image per platform holding only /scinit, an index over both" ok \
	"$(python3 - "$tmp/oci" "$version" "$d1/$name-linux-amd64" "$d1/$name-linux-arm64" <<'EOF'
import hashlib, io, json, os, sys, tarfile
root, version, amd64, arm64 = sys.argv[1:]
def blob(d):
    return open(os.path.join(root, "blobs", "sha256", d.split(":")[1]), "rb").read()
index = json.load(open(os.path.join(root, "index.json")))
tags = {m["annotations"]["org.opencontainers.image.ref.name"]: m for m in index["manifests"]}
problems = []
if sorted(tags) != sorted([version, version + "-amd64", version + "-arm64"]):
    problems.append("tags %s" % sorted(tags))
both = json.loads(blob(tags[version]["digest"])) if version in tags else {"manifests": []}
seen = {}
for m in both["manifests"]:
    arch = m.get("platform", {}).get("architecture")
    seen[arch] = m
    manifest = json.loads(blob(m["digest"]))
    config = json.loads(blob(manifest["config"]["digest"]))
    if config.get("architecture") != arch or config.get("os") != "linux":
        problems.append("%s: config says %s/%s" % (arch, config.get("os"), config.get("architecture")))
    if len(manifest["layers"]) != 1:
        problems.append("%s: %d layers" % (arch, len(manifest["layers"])))
        continue
    layer = tarfile.open(fileobj=io.BytesIO(blob(manifest["layers"][0]["digest"])))
    names = sorted(n.lstrip("./") for n in layer.getnames() if n.lstrip("./"))
    if names != ["scinit"]:
        problems.append("%s: the layer holds %s" % (arch, names))
        continue
    want = open({"amd64": amd64, "arm64": arm64}.get(arch, "/dev/null"), "rb").read()
    if layer.extractfile([n for n in layer.getnames() if n.lstrip("./") == "scinit"][0]).read() != want:
        problems.append("%s: /scinit is not the release's binary" % arch)
    if tags.get("%s-%s" % (version, arch), {}).get("digest") != m["digest"]:
        problems.append("%s: the index and the tag %s-%s differ" % (arch, version, arch))
if sorted(seen) != ["amd64", "arm64"]:
    problems.append("the index's platforms: %s" % sorted(seen, key=str))
print("; ".join(problems) or "ok")
EOF
)"

# --- Docker: the amd64 image loads and runs; the arm64 one loads -------------------------
need_docker "dist: the image in the local Docker engine" || exit 0
if ! command -v skopeo >/dev/null; then
	skip_or_fail "dist: the image in the local Docker engine" "skopeo is not installed (make dist installs umoci; skopeo: deps/provision packages skopeo)"
	exit 0
fi
for arch in amd64 arm64; do
	skopeo copy -q "oci-archive:$d1/$name-oci.tar:$version-$arch" "docker-daemon:$image:$arch" >"$tmp/skopeo.log" 2>&1
	rc=$?
	check "dist: the $arch image loads into Docker (skopeo copy oci-archive: docker-daemon:)" 0 $rc
	[ $rc -eq 0 ] || sed 's/^/     /' "$tmp/skopeo.log"
	check "dist: ... as $arch/linux" "$arch/linux" "$(docker image inspect -f '{{.Architecture}}/{{.Os}}' "$image:$arch" 2>&1)"
done
check_match "dist: the amd64 image runs /scinit --version under Docker" "^scinit $version( |$)" \
	"$(docker_run 60 "$image:amd64" --version 2>&1 | head -n 1)"
# docs/docker.md's pattern: another image takes /scinit from this one.
mkdir -p "$tmp/copy-from"
printf 'FROM scratch\nCOPY --from=%s /scinit /scinit\nENTRYPOINT ["/scinit", "--"]\nCMD ["/scinit", "--version"]\n' \
	"$image:amd64" >"$tmp/copy-from/Dockerfile"
if docker_scratch_image "$image:copy-from" "$tmp/copy-from"; then
	check_match "dist: COPY --from=$image:amd64 /scinit /scinit: the app runs under it" "^scinit $version( |$)" \
		"$(docker_run 60 "$image:copy-from" 2>&1 | head -n 1)"
else
	fail "dist: COPY --from=$image:amd64 /scinit /scinit builds"
fi
if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
	check_match "dist: the arm64 image runs /scinit --version under Docker (qemu-user)" "^scinit $version( |$)" \
		"$(docker_run 60 --platform linux/arm64 "$image:arm64" --version 2>&1 | head -n 1)"
else
	echo "     not run: the arm64 image under Docker needs qemu-aarch64 in binfmt_misc, which this machine has not;"
	echo "     its binary is the one tests/t_arm64.sh runs on an arm64 kernel"
fi
