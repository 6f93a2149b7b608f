# The other example images: a profile compiled into scinit (images/embedded),
# a profile file whose [setup] runs busybox httpd as a non-root user on port
# 80 (images/setup), and the multi-stage Dockerfile that builds scinit itself
# (images/multistage). tests/t_multistage.sh builds that one on a Debian 12
# made with debootstrap; here the engine's own parser and make -n check it,
# also with a context that build does not try.
. tests/lib.sh
. tests/docker_lib.sh
. tests/container_lib.sh

need_docker container_images || exit 0
container_setup container_images "$SCINIT" "$PROBE" "$APP" "$SCINIT_EMBEDDED" /bin/busybox || exit 0
trap container_cleanup EXIT
if ! example_images scratch embedded setup >/dev/null ||
	! cp "$PROBE" "$ct_tmp/$CT_PROBE" ||
	! test_image "${CT_PREFIX}embedded" "${CT_PREFIX}embedded-probe" "$PROBE" "$ct_tmp/$CT_PROBE"; then
	fail "images: build the embedded and setup example images"
	exit 0
fi
unconfined=(--security-opt seccomp=unconfined)

# --- a profile compiled in ------------------------------------------------------

out=$(docker_run 30 "${CT_PREFIX}embedded" 2>&1)
check "images: embedded: the app runs under the compiled-in profile, which denies it an AF_INET socket" \
	"0|app: socket(AF_INET): Operation not permitted" "$?|$(grep socket <<<"$out")"
# The default profile would give ok and ENOSYS for these two rows.
out=$(docker_run 30 "${unconfined[@]}" "${CT_PREFIX}embedded-probe" /probe getpid socket:2,1,0 clone3 2>&1)
check "images: embedded: with no file and no variable, the compiled-in profile is the one in force" \
	"0 getpid ok socket:2,1,0 EPERM clone3 EPERM" "$? $(flat "$out")"
if ! no_x86_calls "images: embedded: arch = native: a 32-bit call kills the app (SIGSYS, 159)"; then
	docker_run 30 "${unconfined[@]}" "${CT_PREFIX}embedded-probe" /probe -a x86 getpid >/dev/null 2>&1
	check "images: embedded: arch = native: a 32-bit call kills the app (SIGSYS, 159)" 159 "$?"
fi
if klog_readable; then
	check "images: embedded: log_denials = yes: the kernel logs the denied socket call (code=0x50000: errno)" \
		found "$(klog_records "0x50000 41" "${unconfined[@]}" "${CT_PREFIX}embedded-probe" "/$CT_PROBE" socket:2,1,0 2>&1)"
else
	skip_or_fail "images: embedded: log_denials" "the kernel log is not readable here (dmesg, /dev/kmsg)"
fi

# --- [setup]: a non-root user with one capability binds port 80 ----------------

# Docker 20.10 sets net.ipv4.ip_unprivileged_port_start=0 in a container's
# network namespace, so any user could bind port 80 there: put the usual
# limit back, or the capability would prove nothing.
setup_test() {
	local c pid body st env
	c=$(docker_start --sysctl net.ipv4.ip_unprivileged_port_start=1024 "${CT_PREFIX}setup") ||
		{ fail "images: setup: start the container"; return; }
	if ! pid=$(app_pid "$c" busybox); then
		fail "images: setup: httpd did not start" "$(_dk 15 logs "$c" 2>&1 | tail -n 3 | tr '\n' ';')"
		return
	fi
	for _ in $(seq 50); do
		body=$(_dk 15 exec "$c" /bin/busybox wget -q -O - http://127.0.0.1:80/ 2>&1) && break
		sleep 0.1
	done
	check_match "images: setup: busybox httpd serves on port 80" 'served by busybox httpd as www' "$body"
	st=$(grep -E '^(Uid|Gid|Groups|CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs|Seccomp):' "/proc/$pid/status" |
		awk '{$1 = $1; print}' | tr '\n' '|')
	check "images: setup: httpd runs as www (1000) with CAP_NET_BIND_SERVICE alone, no_new_privs, filtered" \
		"Uid: 1000 1000 1000 1000|Gid: 1000 1000 1000 1000|Groups: 1000|CapPrm: 0000000000000400|CapEff: 0000000000000400|CapBnd: 0000000000000400|CapAmb: 0000000000000400|NoNewPrivs: 1|Seccomp: 2|" \
		"$st"
	env=$(tr '\0' '\n' <"/proc/$pid/environ" | sort | tr '\n' ' ')
	check "images: setup: env_keep = PATH and env_user = yes: the app's whole environment" \
		"HOME=/www LOGNAME=www PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin USER=www " "$env"
	check "images: setup: workdir = /www" /www "$(readlink "/proc/$pid/cwd")"
	out=$(_dk 15 exec -u 1000 "$c" /bin/busybox httpd -p 81 -h /www 2>&1)
	check "images: setup: control: uid 1000 without the capability cannot bind port 81" \
		"1 httpd: bind: Permission denied" "$? $out"
}
setup_test

# --- [setup] that the container's user or capabilities cannot do -------------

# Each names the cause and the fix, before the fork: one line, 125.
ini=/etc/scinit/httpd.ini
for row in "--user 1000|$ini:11: keeping net_bind_service needs root, but scinit runs as uid 1000: remove USER from the Dockerfile (runAsUser in a Pod) and let [setup] switch" \
	"--cap-drop ALL|$ini:11: keeping net_bind_service needs CAP_NET_BIND_SERVICE, which scinit does not hold: docker run --cap-add NET_BIND_SERVICE (capabilities.add in a Pod)" \
	"--cap-drop ALL --cap-add NET_BIND_SERVICE|$ini:10: [setup] user needs CAP_SETGID, which scinit does not hold: docker run --cap-add SETGID (capabilities.add in a Pod)" \
	"--cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add SETGID|$ini:10: [setup] user needs CAP_SETUID, which scinit does not hold: docker run --cap-add SETUID (capabilities.add in a Pod)" \
	"--cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add SETGID --cap-add SETUID|$ini:11: dropping setgid from the bounding set needs CAP_SETPCAP, which scinit does not hold (e.g. docker run --cap-add SETPCAP)"; do
	# shellcheck disable=SC2086 # the options are words
	out=$(docker_run 30 ${row%%|*} "${CT_PREFIX}setup" 2>&1)
	check "images: setup: docker run ${row%%|*}: one line naming the cause and the fix, 125" "125 scinit: ${row#*|}" "$? $out"
done

# --- a HEALTHCHECK through scinit is filtered, one without it is not -------------

# The runtime starts a health check next to PID 1, not under it: only a
# check that runs through scinit gets the profile. Under seccomp=unconfined,
# with the probe in the embedded image, whose profile denies an AF_INET
# socket (EPERM) that is allowed unfiltered (ok).
health_output() {
	local dir=$ct_tmp/hc-$1 c out
	mkdir -p "$dir" &&
		printf 'FROM %s\nHEALTHCHECK --interval=1s --timeout=5s CMD %s\n' "${CT_PREFIX}embedded-probe" "$2" >"$dir/Dockerfile" &&
		docker_scratch_image "${CT_PREFIX}hc-$1" "$dir" || { echo "cannot build"; return; }
	c=$(docker_start "${unconfined[@]}" "${CT_PREFIX}hc-$1" /app wait) || { echo "cannot start"; return; }
	for _ in $(seq 100); do
		out=$(_dk 15 inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}|{{end}}' "$c")
		[ -n "$out" ] && break
		sleep 0.1
	done
	echo "${out%%|*}"
}
check "images: HEALTHCHECK [\"/scinit\", \"--exec\", \"--\", PROBE]: the check runs under the profile, socket denied" \
	"0 socket:2,1,0 EPERM" "$(health_output exec "[\"/scinit\", \"--exec\", \"--\", \"/$CT_PROBE\", \"socket:2,1,0\"]")"
check "images: HEALTHCHECK [\"/scinit\", \"--\", PROBE] (with a supervisor, what a locked profile needs): the same" \
	"0 socket:2,1,0 EPERM" "$(health_output init "[\"/scinit\", \"--\", \"/$CT_PROBE\", \"socket:2,1,0\"]")"
check "images: control: HEALTHCHECK [PROBE], not through scinit, runs with no filter: socket allowed" \
	"0 socket:2,1,0 ok" "$(health_output direct "[\"/$CT_PROBE\", \"socket:2,1,0\"]")"

# --- docker stop: SIGTERM reaches the app at once ------------------------------

# The documented capabilities (doc_caps) have no CAP_KILL: the supervisor
# reaches the app, which [setup] made www, through the app's uid as its
# effective one.
for img in scratch embedded setup; do
	case $img in setup) run=("${CT_PREFIX}setup") comm=busybox ;; *) run=("${CT_PREFIX}$img" /app wait) comm=app ;; esac
	check "images: $img: docker stop ends it under 1 s with 143 (SIGTERM), default capabilities" \
		"fast|143|" "$(stop_result "$comm" "${run[@]}")"
	check "images: $img: docker stop ends it under 1 s with 143, with the documented capabilities (${doc_caps[*]})" \
		"fast|143|" "$(stop_result "$comm" "${doc_caps[@]}" "${run[@]}")"
done
c=$(docker_start "${doc_caps[@]}" "${CT_PREFIX}setup")
if app_pid "$c" busybox >/dev/null; then
	check "images: setup: the supervisor holds no capability; only its effective uid is the app's" \
		"Uid: 0 1000 0 1000|CapPrm: 0000000000000000|CapEff: 0000000000000000|" \
		"$(grep -E '^(Uid|CapPrm|CapEff):' "/proc/$(_dk 15 inspect -f '{{.State.Pid}}' "$c")/status" | awk '{$1 = $1; print}' | tr '\n' '|')"
	check "images: setup: the app's uid still cannot signal the supervisor (its real and saved uid stay 0)" \
		"1 kill: can't kill pid 1: Operation not permitted" "$(out=$(_dk 15 exec -u 1000 "$c" /bin/busybox kill -TERM 1 2>&1); echo "$? $out")"
	check "images: setup: nor read its memory or environment (non-dumpable)" \
		"1 cat: can't open '/proc/1/environ': Permission denied" "$(out=$(_dk 15 exec -u 1000 "$c" /bin/busybox cat /proc/1/environ 2>&1); echo "$? $out")"
else
	fail "images: setup: start with the documented capabilities" "$(_dk 15 logs "$c" 2>&1 | tail -n 2)"
fi

# --- the multi-stage Dockerfile -------------------------------------------------

# The classic builder parses every instruction of every stage (instruction
# names, flags, argument counts) before it runs or pulls anything, and only
# then looks for the --target stage: asking for a stage the file does not
# have stops it right there, with a message that says parsing succeeded.
parse() {
	mkdir -p "$ct_tmp/ms" && cp "$1" "$ct_tmp/ms/Dockerfile" &&
		DOCKER_BUILDKIT=0 _dk 60 build --target scinit-parse-only "$ct_tmp/ms" 2>&1 | tail -n 1
}
# What the parser does not check: each COPY --from names an earlier stage,
# and each file COPY takes from the build context (the repository) exists,
# ${ARG} in it being the ARG's default.
references() {
	awk 'toupper($1) == "FROM" { for (i = 2; i < NF; i++) if (toupper($i) == "AS") stage[$(i + 1)] = 1 }
	toupper($1) == "ARG" && split($2, kv, "=") == 2 { arg[kv[1]] = kv[2] }
	toupper($1) == "COPY" {
		for (a in arg) gsub("\\$\\{" a "\\}", arg[a])
		from = ""
		for (i = 2; i <= NF; i++) if ($i ~ /^--from=/) from = substr($i, 8)
		if (from != "" && !(from in stage)) print "COPY --from=" from ": no such stage before it"
		if (from == "") for (i = 2; i < NF; i++) if ($i !~ /^--/) print "SOURCE " $i
	}' "$1" | while read -r kind what; do
		if [ "$kind" != SOURCE ]; then echo "$kind $what"; elif [ ! -e "$what" ]; then echo "COPY $what: not in the repository"; fi
	done
}
ms=images/multistage/Dockerfile
check_match "images: multistage: the engine parses every instruction" \
	'failed to reach build target scinit-parse-only' "$(parse "$ms")"
check "images: multistage: every COPY names an earlier stage or a file in the repository" "" "$(references "$ms")"
sed 's/^WORKDIR/WORKDR/; s/--from=build/--from=bild/; s/^COPY config/COPY confg/' "$ms" >"$ct_tmp/broken"
check_match "images: multistage: control: a misspelt instruction fails the parse" 'unknown instruction: WORKDR' \
	"$(parse "$ct_tmp/broken")"
check "images: multistage: control: a wrong stage and a wrong path are found" \
	"COPY --from=bild: no such stage before it|COPY confg/: not in the repository|" \
	"$(references "$ct_tmp/broken" | sort | tr '\n' '|')"

# The build stage's make, planned (make -n) in a directory that holds only
# what the Dockerfile copies from the context, with this build's pinned
# dependencies and build-machine tools (build/deps, build/tools) in place of
# the ones the stage would fetch and build: a file the build needs that the
# Dockerfile does not copy makes the plan fail. Copies keep their times, so
# that what was built stays newer than what it was built from.
# plan DOCKERFILE NAME [CONTEXT [PROFILE]]: the context is the repository
# unless given; PROFILE the build argument, else the ARG's default.
plan() {
	local src=$ct_tmp/plan-$2 ctx=${3:-.} profile=${4:-} b from to
	b=$(dirname "$SCINIT")
	mkdir -p "$src/out" && cp -a "$b/.pkgs-build" "$b/deps" "$b/tools" "$src/out/" || return 1
	[ -n "$profile" ] || profile=$(sed -n 's/^ARG PROFILE=//p' "$1")
	# -p: Docker's COPY keeps modification times too, and makes a
	# destination's missing directories.
	while read -r from to; do
		mkdir -p "$(dirname "$src/$to")" && cp -rp "$ctx/$from" "$src/$to" || return 1
	done < <(awk -v profile="$profile" 'toupper($1) == "COPY" && $2 !~ /^--/ {
		gsub(/\$\{PROFILE\}/, profile); print $2, $3 }' "$1")
	# Not make check's jobserver: a nested make would warn about it on stderr.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -n -C "$src" BUILD="$src/out" PROFILE="${profile:?}" \
		"$src/out/scinit" 2>&1 >/dev/null | tail -n 1
	return "${PIPESTATUS[0]}"
}
if [ -d "$(dirname "$SCINIT")/deps/libseccomp" ] && [ -d "$(dirname "$SCINIT")/tools" ]; then
	check "images: multistage: the files it copies are all the build stage's make needs" "0 " "$(out=$(plan "$ms" ok); echo "$? $out")"
	# (config/default.ini is also the COPY of PROFILE's default.)
	grep -v '^COPY mk/' "$ms" >"$ct_tmp/no-mk"
	check_match "images: multistage: control: without mk/ the plan fails" "^2 .*mk/[a-z0-9_]+\.mk" \
		"$(out=$(plan "$ct_tmp/no-mk" bad); echo "$? $out")"
	# The documented command for a profile of one's own at the top of the
	# checkout, not tracked by git: the context is what that git archive sends.
	ctx=$ct_tmp/context && mkdir -p "$ctx" && cp images/embedded/profile.ini "$ct_tmp/app.ini"
	# git archive dates every file at the commit, which is newer than this
	# build's libseccomp: made older, they do not look edited since.
	if git archive --add-file="$ct_tmp/app.ini" HEAD | tar -x -C "$ctx" && find "$ctx" -exec touch -h -d @1 {} +; then
		check "images: multistage: git archive --add-file=app.ini HEAD | docker build --build-arg PROFILE=app.ini: make finds the profile" \
			"0 " "$(out=$(plan "$ms" root "$ctx" app.ini); echo "$? $out")"
		grep -v '^COPY ${PROFILE}' "$ms" >"$ct_tmp/no-profile-copy"
		check_match "images: multistage: control: without copying PROFILE, app.ini at the top is not found" \
			"^2 .*app.ini" "$(out=$(plan "$ct_tmp/no-profile-copy" root-bad "$ctx" app.ini); echo "$? $out")"
	else
		skip_or_fail "images: multistage: a profile at the top of the checkout" "git archive HEAD failed: not a git checkout"
	fi
else
	fail "images: multistage: plan the build" "no deps/libseccomp or tools/ next to $SCINIT (make check builds them)"
fi
