# images/multistage built for real, with the command its header documents,
# then run and stopped. No registry is reachable where the tests run, so its
# debian:12 is made here: debootstrap from the Debian archive this machine's
# apt uses (deps/provision rootfs), imported as a local tag that is kept for
# later runs. The build stage fetches Debian's packages and the pinned
# source packages from that archive, which needs the host's network.
. tests/lib.sh
. tests/docker_lib.sh
. tests/container_lib.sh

need_docker multistage || exit 0
container_setup multistage || exit 0
trap container_cleanup EXIT

BASE=scinit-test/debian:12
IMAGE=${CT_PREFIX}multistage

# first_error LOG: the line of a failed build or debootstrap that names the
# cause (apt's E:, deps/provision's, make's, the compiler's), else the last;
# without the colour codes the classic builder puts around a step's stderr.
first_error() {
	sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m 1 -E '^E: |^provision: (cannot|no |missing)|^make: \*\*\*|error:|returned a non-zero code' ||
		sed 's/\x1b\[[0-9;]*m//g' "$1" | tail -n 1
}

if ! git rev-parse --verify -q HEAD >/dev/null; then
	skip_or_fail "multistage: build images/multistage" "git archive HEAD needs a git checkout"
	exit 0
fi

# --- the base: Debian 12 from the archive, no registry --------------------------

if _dk 15 image inspect "$BASE" >/dev/null 2>&1; then
	echo "   multistage: $BASE is there from an earlier run"
else
	start=$SECONDS
	if ! deps/provision rootfs bookworm "$ct_tmp/rootfs" >"$ct_tmp/rootfs.log" 2>&1; then
		fail "multistage: debootstrap Debian 12 from this machine's archive" "$(first_error "$ct_tmp/rootfs.log")"
		exit 0
	fi
	if ! out=$(tar -C "$ct_tmp/rootfs" -c . | _dk 300 import - "$BASE" 2>&1); then
		fail "multistage: docker import the Debian 12 tree as $BASE" "$out"
		exit 0
	fi
	rm -rf "$ct_tmp/rootfs"
	echo "   multistage: $BASE made in $((SECONDS - start)) s"
fi

archive=$(deps/provision archive)
check "multistage: $BASE's apt sources are this machine's Debian archive ($archive)" \
	"0 deb ${archive%/} bookworm main" "$(out=$(docker_run 30 --entrypoint /bin/cat "$BASE" /etc/apt/sources.list 2>&1); echo "$? $out")"

# --- the build ----------------------------------------------------------------

# The documented command, on the local base. The engine .ci/run starts has
# no bridge network (dockerd --bridge=none), so the build's RUN steps take
# the host's (--network=host, as the Dockerfile's header says). First the
# build stage alone, under a tag of this run's, so that container_cleanup
# removes it (the classic builder leaves a multi-stage build's earlier
# stages untagged); the documented command then finds it in the cache.
# build TAG [OPTION...]
build() {
	local tag=$1
	shift
	git archive HEAD | DOCKER_BUILDKIT=0 _dk 1800 build --network=host --build-arg DEBIAN="$BASE" \
		-t "$tag" "$@" -f images/multistage/Dockerfile -
}
start=$SECONDS
if ! build "$IMAGE-build" --target build >"$ct_tmp/build.log" 2>&1 ||
	! build "$IMAGE" >>"$ct_tmp/build.log" 2>&1; then
	fail "multistage: git archive HEAD | docker build --build-arg DEBIAN=$BASE -f images/multistage/Dockerfile -" \
		"$(first_error "$ct_tmp/build.log")"
	exit 0
fi
pass "multistage: git archive HEAD | docker build --build-arg DEBIAN=$BASE -f images/multistage/Dockerfile - (in $((SECONDS - start)) s)"
# The versions are asked of dpkg after deps/provision installed the
# packages: a fresh build stage has no musl nor jsmn when make starts.
check_match "multistage: the image's scinit --version names musl's and jsmn's Debian versions" \
	'^built with libseccomp 2\.6\.0-2, inih 59-1, musl [0-9][^ ,]*, jsmn [0-9][^ ,]* \(Debian\)' \
	"$(docker_run 30 --entrypoint /usr/local/bin/scinit "$IMAGE" --version 2>&1 | sed -n 2p)"

# --- confined ---------------------------------------------------------------------

unconfined=(--security-opt seccomp=unconfined)
out=$(docker_run 30 "$IMAGE" 2>&1)
check "multistage: the image's CMD runs under scinit: no_new_privs, filtered (Docker's filter and scinit's)" \
	"0 NoNewPrivs: 1 Seccomp: 2 Seccomp_filters: 2" "$? $(flat "${out//$'\t'/ }")"
out=$(docker_run 30 "${unconfined[@]}" "$IMAGE" 2>&1)
check "multistage: under seccomp=unconfined, scinit's filter alone" \
	"0 NoNewPrivs: 1 Seccomp: 2 Seccomp_filters: 1" "$? $(flat "${out//$'\t'/ }")"
out=$(docker_run 30 "${unconfined[@]}" --entrypoint /bin/grep "$IMAGE" -E '^(NoNewPrivs|Seccomp)' /proc/self/status 2>&1)
check "multistage: control: the same CMD not through scinit runs with no filter" \
	"0 NoNewPrivs: 0 Seccomp: 0 Seccomp_filters: 0" "$? $(flat "${out//$'\t'/ }")"

c=$(docker_start "${unconfined[@]}" "$IMAGE" /bin/sleep 600)
if pid=$(app_pid "$c" sleep); then
	check "multistage: Debian's /bin/sleep, the app, runs under scinit's filter" \
		"NoNewPrivs: 1|Seccomp: 2|Seccomp_filters: 1|" \
		"$(grep -E '^(NoNewPrivs|Seccomp)' "/proc/$pid/status" | awk '{$1 = $1; print}' | tr '\n' '|')"
else
	fail "multistage: start /bin/sleep under scinit" "$(_dk 15 logs "$c" 2>&1 | tail -n 2 | tr '\n' ' ')"
fi
_dk 30 rm -f "$c" >/dev/null 2>&1

# --- docker stop --------------------------------------------------------------

check "multistage: docker stop ends /bin/sleep under 1 s with 143 (SIGTERM), default capabilities" \
	"fast|143|" "$(stop_result sleep "$IMAGE" /bin/sleep 600)"
check "multistage: docker stop ends it under 1 s with 143, with the documented capabilities (${doc_caps[*]})" \
	"fast|143|" "$(stop_result sleep "${doc_caps[@]}" "$IMAGE" /bin/sleep 600)"
# PID 1 gets no signal its handlers do not catch: sleep as PID 1 ignores
# SIGTERM, and docker stop waits its 10 s, then kills it.
check_match "multistage: control: /bin/sleep as PID 1, not under scinit: docker stop waits, then SIGKILL (137)" \
	'^slow: [0-9]+ ms\|137\|$' "$(stop_result sleep --entrypoint /bin/sleep "$IMAGE" 600)"
