# shellcheck shell=bash
# Learned profiles on real workloads from Debian's packages (issue 15):
# python3, perl with threads, git, openssl, busybox, nginx, redis and
# postgresql, each a short script in tests/learn_apps/. Each is learned from
# an empty profile in a container under Docker's default filter and on the
# host, then enforced where a profile goes next:
#
#   ctr.ini (learned in a container) on the host, in a container with
#   seccomp=unconfined, in one under Docker's default, and there again with
#   other input (files, sizes, request paths);
#   host.ini (learned on the host) in a container, and on the host with
#   other input.
#
# Every enforced run must pass (exit 0, last line "NAME ok") and, inside it,
# tests/probe.c's clone, clone3 and unshare with CLONE_NEWUSER must be
# denied; scinit verify must find every way to a namespace denied, lint no
# namespace finding; and each profile must allow less than half of what
# Docker's default allows. Those counts are the table in docs/workflow.md:
# LEARN_APPS_DOCS=update rewrites it, otherwise it is checked.
#
# Containers are FROM scratch with scinit and the probe; the host's /usr and
# /etc are bind-mounted read-only (no registry). Workloads run in parallel,
# the runs of one workload in order; a failure names the workload and the
# run and prints the app's last stderr lines and logs.
. tests/lib.sh
. tests/docker_lib.sh

apps=$PWD/tests/learn_apps
workloads=(python perl git openssl busybox nginx redis postgres)
parallel=${LEARN_APPS_JOBS:-4}
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx's worker and postgres reach their work directories through it
image=learnapps-scinit-$$:apps
trap 'docker_cleanup; _dk 60 rmi -f "$image" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
scinit=$(realpath "$SCINIT")
probe=$(realpath "$PROBE")
path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Every program, from Debian's packages (the Makefile's TEST_PKGS).
missing=
for p in /usr/bin/python3 /usr/bin/perl /usr/bin/git /usr/bin/openssl /bin/busybox /usr/sbin/nginx \
	/usr/bin/redis-server /usr/bin/redis-cli /usr/lib/postgresql/15/bin/initdb /usr/bin/setpriv; do
	[ -x "$p" ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
	skip_or_fail "learned workloads" "missing:$missing (deps/provision packages, as make check does)"
	exit 0
fi
need_docker "learned workloads in containers" || exit 0

mkdir -p "$tmp/img/root"
cp "$scinit" "$probe" "$tmp/img/"
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$tmp/img/root/$l"; done
printf 'FROM scratch\nCOPY scinit probe /\nCOPY root/ /\n' >"$tmp/img/Dockerfile"
if ! docker_scratch_image "$image" "$tmp/img"; then
	fail "learned workloads: the image"
	exit 0
fi

# A port per host run (containers have their own loopback).
port_base=$((20000 + ($$ % 1000) * 40))

# session OUT CMD...: CMD from / in a session of its own, stdout and stderr
# into OUT.out and OUT.err; then whatever is left of the session is killed
# (a time-out kills scinit, not a workload that spins on a denied call).
# The status is CMD's.
session() {
	local out=$1 rc
	shift
	(cd / && exec setsid --wait bash -c 'echo $$ >"$0.sid"; exec "$@"' "$out" "$@") >"$out.out" 2>"$out.err"
	rc=$?
	pkill -KILL -s "$(cat "$out.sid")" 2>/dev/null
	return "$rc"
}

# run WL RUN WHERE MODE PROFILE INPUT [PORT]: one run of workload WL.
#   WHERE: host, plain (the host without scinit), docker (Docker's default
#   filter) or unconfined (--security-opt seccomp=unconfined);
#   MODE: learn (into $tmp/WL/RUN.ini from the empty profile) or enforce
#   (PROFILE, a file in $tmp/WL, with the namespace probe).
# Leaves $tmp/WL/RUN.{out,err,rc} and the work directory $tmp/WL/RUN.w.
run() {
	local wl=$1 run=$2 where=$3 mode=$4 profile=$5 in=$6 port=${7:-8080} d=$tmp/$1
	local w=$d/$run.w env=(PATH="$path" HOME="$d/$run.w" PORT="$port") opts=()
	mkdir -m 755 "$w"
	if [ "$where" = plain ]; then
		session "$d/$run" env -i "${env[@]}" NSPROBE="$probe" timeout -k 5 120 /bin/sh "$apps/$wl.sh" "$in" "$w"
	elif [ "$where" = host ]; then
		if [ "$mode" = learn ]; then
			env+=(SCINIT_MODE=learn SCINIT_LEARN_OUT="$d/$run.ini")
		else
			env+=(NSPROBE="$probe")
		fi
		session "$d/$run" env -i "${env[@]}" timeout -k 5 120 "$scinit" --profile "$d/$profile" -- \
			/bin/sh "$apps/$wl.sh" "$in" "$w"
	else
		[ "$where" = unconfined ] && opts+=(--security-opt seccomp=unconfined)
		opts+=(-e PATH="$path" -e HOME=/w -e PORT=8080)
		if [ "$mode" = learn ]; then
			opts+=(-e SCINIT_MODE=learn -e SCINIT_LEARN_OUT="/out/$run.ini")
		else
			opts+=(-e NSPROBE=/probe)
		fi
		docker_run 120 "${opts[@]}" -v /usr:/usr:ro -v /etc:/etc:ro -v "$apps:$apps:ro" -v "$w:/w" \
			-v "$d:/out" --tmpfs /tmp "$image" /scinit --profile "/out/$profile" -- \
			/bin/sh "$apps/$wl.sh" "$in" /w >"$d/$run.out" 2>"$d/$run.err"
	fi
	echo $? >"$d/$run.rc"
}

# passed WL RUN WHAT: the run's checks; on failure, which workload, which
# run, and the app's last stderr lines and logs.
passed() {
	local wl=$1 run=$2 what=$3 d=$tmp/$1 rc last log
	rc=$(cat "$d/$run.rc")
	last=$(tail -n 1 "$d/$run.out")
	check "$wl, $what: the workload passes" "0|$wl ok" "$rc|$last"
	if [ "$rc|$last" != "0|$wl ok" ]; then
		echo "  -- $wl, run $run ($what): exit $rc; last stderr lines:"
		tail -n 12 "$d/$run.err" | sed 's/^/  | /'
		for log in "$d/$run.w"/*.log; do
			[ -s "$log" ] || continue
			echo "  -- $wl, run $run: last lines of ${log##*/}:"
			tail -n 6 "$log" | sed 's/^/  | /'
		done
	fi
}

# no_namespace WL RUN WHAT: inside the enforced run, the probe's clone,
# clone3 and unshare with CLONE_NEWUSER were each denied (allowed, the
# kernel answers EINVAL: the probe's flags stop them there).
no_namespace() {
	local d=$tmp/$1 got
	got=$(cat "$d/$2.w/nsprobe.out" 2>/dev/null)
	check_match "$1, $3: no user namespace through clone, clone3 or unshare" \
		'^clone:0x10000000 E(PERM|NOSYS)
clone3 E(PERM|NOSYS)
unshare:0x10000000 E(PERM|NOSYS)$' "$got"
}

# A workload from start to end; its lines go to $tmp/WL.log.
workload() {
	local wl=$1 n=$2 d=$tmp/$1 p
	mkdir -p "$d"
	: >"$d/empty.ini"
	run "$wl" plain plain - - 1 $((port_base + n * 4))
	passed "$wl" plain "without scinit, on the host"
	run "$wl" learn-ctr docker learn empty.ini 1
	passed "$wl" learn-ctr "learned in a container under Docker's default"
	run "$wl" learn-host host learn empty.ini 1 $((port_base + n * 4 + 1))
	passed "$wl" learn-host "learned on the host"
	for p in ctr host; do
		cp "$d/learn-$p.ini" "$d/$p.ini" 2>/dev/null
		check_match "$wl: a profile was learned ($p)" '^\[profile\]' "$(cat "$d/$p.ini" 2>/dev/null)"
	done
	run "$wl" ctr-on-host host enforce ctr.ini 1 $((port_base + n * 4 + 2))
	passed "$wl" ctr-on-host "container-learned, enforced on the host"
	no_namespace "$wl" ctr-on-host "container-learned, on the host"
	run "$wl" ctr-unconfined unconfined enforce ctr.ini 1
	passed "$wl" ctr-unconfined "container-learned, enforced under seccomp=unconfined"
	no_namespace "$wl" ctr-unconfined "container-learned, under seccomp=unconfined"
	run "$wl" ctr-docker docker enforce ctr.ini 1
	passed "$wl" ctr-docker "container-learned, enforced under Docker's default"
	no_namespace "$wl" ctr-docker "container-learned, under Docker's default"
	run "$wl" host-docker docker enforce host.ini 1
	passed "$wl" host-docker "host-learned, enforced in a container"
	no_namespace "$wl" host-docker "host-learned, in a container"
	run "$wl" ctr-input2 docker enforce ctr.ini 2
	passed "$wl" ctr-input2 "container-learned, other input, in a container"
	run "$wl" host-input2 host enforce host.ini 2 $((port_base + n * 4 + 3))
	passed "$wl" host-input2 "host-learned, other input, on the host"
	no_namespace "$wl" host-input2 "host-learned, other input, on the host"
	for p in ctr host; do
		[ -s "$d/$p.ini" ] || continue
		"$scinit" verify --profile "$d/$p.ini" >"$d/$p.verify" 2>&1
		check "$wl ($p.ini): scinit verify finds no way to a namespace" \
			"all 8 ways to create a namespace through clone and clone3 are denied|unshare denied" \
			"$(grep 'ways to create a namespace' "$d/$p.verify")|$(awk '$1 == "unshare" { print $1, ($3 ~ /^allowed/ ? "allowed" : "denied") }' "$d/$p.verify")"
		"$scinit" lint "$d/$p.ini" >"$d/$p.lint" 2>&1
		check "$wl ($p.ini): scinit lint has no namespace finding" "" "$(grep 'can create namespaces' "$d/$p.lint")"
		"$scinit" convert --json "$d/$p.ini" >"$d/$p.json" 2>"$d/$p.json.err" ||
			fail "$wl ($p.ini): convert --json" "$(cat "$d/$p.json.err")"
	done
}

names=$tmp/x86_64-names
build/libseccomp_bpf --names x86_64 >"$names" || fail "libseccomp_bpf --names x86_64"
docker_default=$(python3 "$apps/count_allowed.py" "$names" build/debian-data/docker-20.10-default.json 2>/dev/null)
if [ -z "$docker_default" ]; then
	. tests/debian_data.sh
	dir=$(docker_seccomp_dir) && docker_default=$(python3 "$apps/count_allowed.py" "$names" "$dir/default.json")
fi
check_match "Docker's default: x86_64 syscalls it allows, counted" '^[0-9]+$' "$docker_default"

n=0
for wl in "${workloads[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n; done
	workload "$wl" "$n" >"$tmp/$wl.log" 2>&1 &
	n=$((n + 1))
done
wait
# A workload that failed leaves its profiles, outputs and logs in
# build/t_learn_apps/WL for a look after the run.
for wl in "${workloads[@]}"; do
	cat "$tmp/$wl.log"
	rm -rf "build/t_learn_apps/$wl"
	grep -q '^FAIL' "$tmp/$wl.log" || continue
	mkdir -p "build/t_learn_apps/$wl"
	(cd "$tmp/$wl" && cp -- *.ini *.out *.err *.rc *.verify *.lint "$OLDPWD/build/t_learn_apps/$wl/" 2>/dev/null
	 for f in *.w/*.log *.w/nsprobe.out; do [ -f "$f" ] && cp -- "$f" "$OLDPWD/build/t_learn_apps/$wl/${f%%.w/*}.${f##*/}"; done)
	echo "  -- $wl: its profiles, outputs and logs are kept in build/t_learn_apps/$wl"
done

# --- the counts: each far below Docker's default; the table in docs/workflow.md
table=$tmp/table
echo "| workload | learned in a container | learned on the host | Docker's default |" >"$table"
echo "| --- | ---: | ---: | ---: |" >>"$table"
for wl in "${workloads[@]}"; do
	c=$(python3 "$apps/count_allowed.py" "$names" "$tmp/$wl/ctr.json" 2>/dev/null)
	h=$(python3 "$apps/count_allowed.py" "$names" "$tmp/$wl/host.json" 2>/dev/null)
	for v in "${c:-none}" "${h:-none}"; do
		check "$wl: the learned profile allows less than half of Docker's default ($docker_default)" yes \
			"$([ "$v" != none ] && [ $((v * 2)) -lt "${docker_default:-0}" ] && echo yes || echo "no: $v")"
	done
	echo "| $wl | ${c:-none} | ${h:-none} | $docker_default |" >>"$table"
done
begin='<!-- learn-apps counts: tests/t_learn_apps.sh writes this table (LEARN_APPS_DOCS=update) -->'
end='<!-- end of learn-apps counts -->'
if [ "${LEARN_APPS_DOCS:-}" = update ]; then
	awk -v b="$begin" -v e="$end" -v t="$table" '
		$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' docs/workflow.md >"$tmp/workflow.md" && cat "$tmp/workflow.md" >docs/workflow.md
	echo "docs/workflow.md: the counts table rewritten"
fi
documented=$(awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on; $0 == b { on = 1 }' docs/workflow.md)
check "docs/workflow.md: the table names every workload, in order" "$(awk -F' [|] ' 'NR > 2 { print $1 }' "$table")" \
	"$(awk -F' [|] ' 'NR > 2 { print $1 }' <<<"$documented")"
# Learning is not exact to the syscall (a thread may or may not wait on a
# futex): the documented counts hold within a fifth; Docker's exactly.
while IFS='|' read -r _ wl c h dk _; do
	wl=${wl// /} c=${c// /} h=${h// /} dk=${dk// /}
	row=$(awk -F'|' -v w="$wl" '{ x = $2; gsub(/ /, "", x) } x == w' "$table")
	IFS='|' read -r _ _ mc mh mdk _ <<<"$row"
	mc=${mc// /} mh=${mh// /} mdk=${mdk// /}
	for pair in "$c:$mc" "$h:$mh"; do
		doc=${pair%%:*} got=${pair#*:}
		check "docs/workflow.md: $wl's documented count ($doc) is this run's ($got) within a fifth (else LEARN_APPS_DOCS=update)" yes \
			"$([[ $doc =~ ^[0-9]+$ && $got =~ ^[0-9]+$ ]] && [ $((doc * 5)) -ge $((got * 4)) ] && [ $((doc * 4)) -le $((got * 5)) ] && echo yes || echo no)"
	done
	check "docs/workflow.md: Docker's default count for $wl" "$mdk" "$dk"
done < <(tail -n +3 <<<"$documented")
