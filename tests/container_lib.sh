# shellcheck shell=bash
# Shared by tests/t_container*.sh, after tests/lib.sh and tests/docker_lib.sh:
# the example images built from this run's binaries, a test image on top of
# one, and the kernel log.

# The binaries next to $SCINIT unless named: make check builds them all.
_bindir=$(dirname "$SCINIT")
: "${APP:=$_bindir/app}" "${INIT_PROBE:=$_bindir/init_probe}" "${SCINIT_EMBEDDED:=$_bindir-embedded/scinit}"

# Tags unique to this test process, removed by container_cleanup.
CT_PREFIX=scinit-test-$$/

# container_setup NAME BINARY...: checks the binaries, then sets $ct_tmp; the
# caller's EXIT trap must run container_cleanup. Returns 1 after reporting.
container_setup() {
	local name=$1 bin
	shift
	for bin in "$@"; do
		[ -x "$bin" ] || { skip_or_fail "$name" "$bin is missing (make check builds it)"; return 1; }
	done
	ct_tmp=$(mktemp -d)
}

container_cleanup() {
	local tags
	docker_cleanup
	# By name, never by id: an identical build elsewhere (make images) has
	# the same id, and removing the id would take its tags too.
	mapfile -t tags < <(_dk 30 images --format '{{.Repository}}:{{.Tag}}' --filter "reference=${CT_PREFIX}*" 2>/dev/null)
	[ ${#tags[@]} -eq 0 ] || _dk 60 rmi "${tags[@]}" >/dev/null 2>&1
	[ -n "${ct_tmp:-}" ] && rm -rf "$ct_tmp"
	return 0
}

# example_images NAME...: images/build.sh with this run's binaries, tagged
# ${CT_PREFIX}NAME. Prints the sizes.
example_images() {
	images/build.sh -p "$CT_PREFIX" "$SCINIT" "$SCINIT_EMBEDDED" "$APP" "$@"
}

# test_image BASE TAG FILE...: BASE plus the files in its root directory.
test_image() {
	local base=$1 tag=$2 dir
	shift 2
	dir=$ct_tmp/ctx-${tag##*/}
	mkdir -p "$dir" && cp "$@" "$dir/" || return 1
	printf 'FROM %s\nCOPY . /\n' "$base" >"$dir/Dockerfile"
	docker_scratch_image "$tag" "$dir"
}

# app_pid CONTAINER COMM: the host pid of the container's app once it has
# exec'd a program named COMM: PID 1 itself, or PID 1's first child (scinit's
# app). Fails after 10 s.
app_pid() {
	local pid p
	pid=$(_dk 15 inspect -f '{{.State.Pid}}' "$1") || return 1
	for _ in $(seq 100); do
		for p in "$pid" "$(cat /proc/"$pid"/task/*/children 2>/dev/null | awk '{print $1; exit}')"; do
			if [ -n "$p" ] && [ "$(cat /proc/"$p"/comm 2>/dev/null)" = "$2" ]; then
				echo "$p"
				return 0
			fi
		done
		sleep 0.1
	done
	return 1
}

# stop_result COMM [docker-run-args...] IMAGE [CMD...]: starts the container,
# waits until its app has exec'd COMM, runs `docker stop` (SIGTERM, then
# SIGKILL after 10 s) and prints "FAST|EXIT|WARNINGS": FAST is "fast" when
# the container ended under 1 s after the stop began (its FinishedAt, so
# that the engine's own teardown does not count), EXIT its exit code,
# WARNINGS what scinit said on the way (empty when nothing; learn mode's
# own report of what it saw and wrote aside).
stop_result() {
	local comm=$1 c t0 t1 code
	shift
	c=$(docker_start "$@") || { echo "cannot start"; return 1; }
	app_pid "$c" "$comm" >/dev/null || { echo "the app $comm did not start: $(_dk 15 logs "$c" 2>&1 | tail -n 2 | tr '\n' ' ')"; return 1; }
	t0=$(date +%s%N)
	_dk 30 stop "$c" >/dev/null
	t1=$(date -d "$(_dk 15 inspect -f '{{.State.FinishedAt}}' "$c")" +%s%N)
	code=$(_dk 15 inspect -f '{{.State.ExitCode}}' "$c")
	echo "$([ $(((t1 - t0) / 1000000)) -lt 1000 ] && echo fast || echo "slow: $(((t1 - t0) / 1000000)) ms")|$code|$(_dk 15 logs "$c" 2>&1 | grep scinit | grep -v -e 'learn mode' -e 'learned profile' | tr '\n' ' ')"
	_dk 30 rm -f "$c" >/dev/null 2>&1
}

# The capability set docs/docker.md, docs/running-as-non-root.md and
# pod-setup.yaml recommend, as docker run options. It has no CAP_KILL.
# shellcheck disable=SC2034 # for the files that source this one
doc_caps=(--cap-drop ALL --cap-add SETUID --cap-add SETGID --cap-add SETPCAP --cap-add NET_BIND_SERVICE)

# flat TEXT: TEXT on one line, words separated by single spaces.
flat() {
	tr -s ' \n' '  ' <<<"$1" | sed 's/^ //; s/ $//'
}

# klog_readable: whether this process can read the kernel log.
klog_readable() {
	dmesg >/dev/null 2>&1 && [ -w /dev/kmsg ]
}

# klog_mark: writes a unique line to the kernel log and prints it; the
# records of interest are the ones after it.
klog_mark() {
	local m=scinit-test-$$-$RANDOM
	echo "$m" >/dev/kmsg && echo "$m"
}

# klog_after MARK: the kernel log since MARK.
klog_after() {
	dmesg | sed -n "/$1/,\$p"
}

# The probe under a name of this test process's own, for the kernel log: a
# record with comm="$CT_PROBE" comes from this test's container, never from
# another test's probe. (A comm holds at most 15 characters.)
CT_PROBE=probe-$$

# klog_records WANT DOCKER-ARGS... IMAGE CMD...: runs the container, then
# waits for the kernel's type=1326 records of $CT_PROBE. WANT is "CODE
# SYSCALL...": code 0x7ffc0000 for audit, 0x50000 for a logged errno (the
# record holds the action, not the errno); x86_64 numbers. Prints "found", or
# what it saw. Without auditd the kernel prints ~10 records per 5 s and drops
# the rest, so records lost to another test's burst are tried again, twice,
# 5 s later.
klog_records() {
	local want=$1 code nr attempt mark log missing
	shift
	code=${want%% *}
	for attempt in 1 2 3; do
		mark=$(klog_mark) || return 1
		docker_run 30 "$@" >/dev/null 2>&1
		for _ in $(seq 20); do
			log=$(klog_after "$mark" | grep 'type=1326' | grep -F "comm=\"$CT_PROBE\"" | grep "code=$code")
			missing=
			for nr in ${want#* }; do
				grep -q " syscall=$nr " <<<"$log" || missing="$missing $nr"
			done
			[ -z "$missing" ] && { echo found; return 0; }
			sleep 0.1
		done
		[ "$attempt" = 3 ] || sleep 5
	done
	echo "no type=1326 record with code=$code for $CT_PROBE and syscall$missing after 3 tries; saw: $log"
}
