# shellcheck shell=bash
# Docker helpers for container tests. Tests source tests/lib.sh first (for
# skip_or_fail); .ci/run sources this file alone, so nothing here may need
# lib.sh or $RESULTS at load time.

# Client: prefer /usr/bin/docker, which comes from the same docker.io package
# as the dockerd that .ci/run starts, so client and engine speak one API
# version and the client's own builder works without buildx. The docker first
# in PATH here (/usr/local/bin, 28.x) also works against that 20.10 engine by
# negotiating API 1.41 down, but it prints a deprecation notice on every build
# and a newer one may drop that old API; elsewhere (no docker.io) it is the
# fallback. Set DOCKER to override.
if [ -z "${DOCKER:-}" ]; then
	if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
export DOCKER

# So that a plain `docker ...` in a test uses the same client. `command` skips
# this function, so DOCKER=docker does not recurse. Programs that exec a
# command themselves (timeout, xargs) must be given "$DOCKER" instead.
docker() { command "$DOCKER" "$@"; }

# Bounded docker client call. The 28.x client ignores SIGTERM while it waits
# on a container, hence -k; --foreground so that the KILL hits the client
# only, not timeout itself (whose death bash would report as "Killed").
_dk() {
	local secs=$1
	shift
	timeout --foreground -k 5 "$secs" "$DOCKER" "$@"
}

# docker_ready: 0 if an engine answers. Bounded, since a wedged daemon can
# leave `docker info` waiting forever.
docker_ready() {
	_dk 15 info >/dev/null 2>&1
}

# need_docker TESTNAME: use as `need_docker NAME || return` (or exit). Outside
# CI a missing engine is a visible skip; in CI it is a failure.
need_docker() {
	docker_ready && return 0
	skip_or_fail "$1" "no Docker engine answers (.ci/run starts one)"
	return 1
}

# docker_scratch_image TAG DIR: build DIR (a Dockerfile FROM scratch plus the
# static binaries it copies) as TAG. Quiet on success; on failure prints the
# build output and returns 1.
docker_scratch_image() {
	local tag=$1 dir=$2 f out
	# A dynamic binary in a scratch image fails only at run time, with a
	# misleading "no such file or directory" for its missing loader: catch
	# it here, where the cause can be named.
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		[ "$(head -c4 "$f" | tr -d '\177')" = ELF ] || continue
		if readelf -lW "$f" 2>/dev/null | grep -q 'program interpreter'; then
			echo "docker_scratch_image $tag: $f is dynamically linked; a scratch image has no loader" >&2
			return 1
		fi
	done
	# The classic builder needs no BuildKit/buildx, whichever client runs it.
	if out=$(DOCKER_BUILDKIT=0 _dk 300 build -q -t "$tag" "$dir" 2>&1); then
		return 0
	fi
	echo "docker_scratch_image $tag: docker build of $dir failed:" >&2
	printf '%s\n' "$out" | sed 's/^/    /' >&2
	return 1
}

# Every test container gets this label so docker_cleanup can find the ones a
# test left behind (a failed check, a killed client).
DOCKER_TEST_LABEL=scinit-test=$$

# docker_run SECS [docker-run-args...] IMAGE [CMD...]: `docker run` in the
# foreground, given at most SECS seconds; on time-out the container is removed
# by force and the status is 124. Otherwise the status is the container's exit
# status (125-127 are docker's own errors). --sig-proxy=false so a time-out
# stops the client instead of being forwarded to the container; --network
# none because the engine .ci/run starts has no bridge and tests need no
# network; --pull never so a wrong tag fails at once instead of trying a
# registry.
docker_run() {
	local secs=$1 name rc
	shift
	name=scinit-test-$$-$RANDOM
	_dk "$secs" run --name "$name" --label "$DOCKER_TEST_LABEL" --sig-proxy=false \
		--network none --pull never "$@"
	rc=$?
	# A client killed on time-out gives 137, like a container killed by
	# SIGKILL; a container still running tells the two apart.
	[ "$(_dk 15 inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] && rc=124
	_dk 30 rm -f "$name" >/dev/null 2>&1
	return "$rc"
}

# docker_start [docker-run-args...] IMAGE [CMD...]: start a detached container
# and print its name, for tests that signal or stop it (docker stop, docker
# kill, docker wait). Remove it with docker_cleanup, e.g. `trap docker_cleanup EXIT`.
docker_start() {
	local name=scinit-test-$$-$RANDOM
	_dk 60 run -d --name "$name" --label "$DOCKER_TEST_LABEL" \
		--network none --pull never "$@" >/dev/null || return
	echo "$name"
}

# docker_cleanup: force-remove every container this test process started.
docker_cleanup() {
	local ids
	mapfile -t ids < <(_dk 30 ps -aq --filter "label=$DOCKER_TEST_LABEL" 2>/dev/null)
	[ ${#ids[@]} -eq 0 ] || _dk 60 rm -f "${ids[@]}" >/dev/null 2>&1
	return 0
}
