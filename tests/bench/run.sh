#!/usr/bin/env bash
# `make bench`: scinit against tini, dumb-init, catatonit, strace and an
# unfiltered run, side by side, and written with the machine's description to
# docs/benchmarks.md. Usage: tests/bench/run.sh BUILD OUT.md
# Knobs: BENCH_REPS (start-up runs per case, 300), BENCH_CALLS (syscalls per
# loop run, 1000000), BENCH_LOOP_REPS (loop runs per case, 21).
# Figures only: timing assertions do not belong in `make check`.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${1:-build}
OUT=${2:-docs/benchmarks.md}
SCINIT=$BUILD/scinit
B=$BUILD/bench
REPS=${BENCH_REPS:-300}
CALLS=${BENCH_CALLS:-1000000}
LOOP_REPS=${BENCH_LOOP_REPS:-21}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for f in "$SCINIT" "$B"/{noop,idle,loop,runner,startcost,attach}; do
	[ -x "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 1; }
done

# ratio A B: A/B to two decimals; "-" when either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") print "not measured"; else print (r + 0 <= t + 0 ? "met" : "missed") }'; }
note() { echo "$*" >&2; }

# --- inputs ----------------------------------------------------------------
TINI=$(command -v tini-static)
DUMB=$(command -v dumb-init)
CATA=$(command -v catatonit)
# A 300-syscall INI profile (the first 300 of the probe's native table).
{
	printf '[profile]\ndefault = errno:EPERM\narch = native\n\n[allow]\nsyscalls = execve exit_group\n'
	"$BUILD/probe" -l -a native 2>/dev/null | awk '$1 != "execve" && $1 != "exit_group" { print $1 }' | head -n 298 |
		paste -d' ' - - - - - - - - - - | sed 's/^/  /'
} >"$TMP/allow300.ini"
N300=$(sed -n '/^\[allow\]/,$p' "$TMP/allow300.ini" | tr ' ' '\n' | grep -cE '^[a-z_0-9]+$' | awk '{ print $1 - 1 }')
DOCKER_JSON=
if . tests/debian_data.sh && d=$(docker_seccomp_dir 2>/dev/null) && [ -f "$d/default.json" ]; then
	DOCKER_JSON=$d/default.json
fi

# --- the machine -------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
MACHINE="$(nproc) CPUs ($CPU), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
if grep -qw hypervisor /proc/cpuinfo; then VIRT="a virtual machine (the CPU's hypervisor flag)"; else VIRT="no hypervisor flag"; fi
JIT=$(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null || echo "?")
note "bench: $MACHINE; load $LOAD_START"

# --- start-up ----------------------------------------------------------------
note "bench: start-up, $REPS runs of each case in alternation"
printf '\006\000\000\000\000\000\377\177' >"$TMP/one.bpf" # ret ALLOW
"$SCINIT" bpf --precompiled enforce >"$TMP/enforce.bpf"
"$SCINIT" bpf enforce >"$TMP/libseccomp.bpf"
cases=(
	"direct $B/noop"
	"attach-1 $B/attach $TMP/one.bpf $B/noop"
	"attach-scinit $B/attach $TMP/enforce.bpf $B/noop"
	"attach-libseccomp $B/attach $TMP/libseccomp.bpf $B/noop"
	"tini-static $TINI -s -- $B/noop"
	"dumb-init $DUMB $B/noop"
	"catatonit $CATA -- $B/noop"
	"scinit $SCINIT -- $B/noop"
	"scinit--exec $SCINIT --exec -- $B/noop"
	"scinit-audit SCINIT_MODE=audit $SCINIT -- $B/noop"
	"scinit-p-allow300.ini $SCINIT --profile $TMP/allow300.ini -- $B/noop"
	"scinit-p-allow300.ini--exec $SCINIT --profile $TMP/allow300.ini --exec -- $B/noop"
	"scinit-p-default.ini $SCINIT --profile config/default.ini -- $B/noop"
	"scinit-p-default.ini--exec $SCINIT --profile config/default.ini --exec -- $B/noop"
)
json_note=
if [ -z "$DOCKER_JSON" ]; then
	json_note="not measured: Docker's default.json could not be unpacked from Debian's golang-github-docker-docker-dev"
elif ! out=$("$SCINIT" --profile "$DOCKER_JSON" -- "$B/noop" 2>&1); then
	json_note="not measured: scinit refuses it: $out"
else
	cases+=("scinit-p-docker-default.json $SCINIT --profile $DOCKER_JSON -- $B/noop")
fi
"$B/runner" "$REPS" "${cases[@]}" >"$TMP/startup" || { echo "bench: start-up runner failed" >&2; exit 1; }
declare -A WALL CPUT Q1 Q3
while read -r label med q1 q3 _min cpu; do
	WALL[$label]=$med Q1[$label]=$q1 Q3[$label]=$q3 CPUT[$label]=$cpu
done <"$TMP/startup"

# --- instructions (callgrind) ---------------------------------------------
# valgrind does not know seccomp(2), so scinit itself cannot run under it:
# its phases are counted in startcost (scinit's objects), the other inits
# whole (every process valgrind follows: the init and its child until exec).
note "bench: instruction counts (callgrind)"
instr() { # instr OUTPREFIX CMD...: the sum over every process's totals
	local pre=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$pre.%p" "$@" >/dev/null 2>&1
	cat "$pre".* 2>/dev/null | awk '/^summary:/ { s += $2 } END { print s + 0 }'
}
# phase FILE FUNCTION: inclusive instructions of FUNCTION in a callgrind file.
phase() { callgrind_annotate --inclusive=yes "$1" 2>/dev/null | awk -v f="$2" '$0 ~ ":" f " " { gsub(",", "", $1); print $1; exit }'; }
declare -A INSTR
if command -v valgrind >/dev/null; then
	INSTR[direct]=$(instr "$TMP/cg-direct" "$B/noop")
	INSTR[tini-static]=$(instr "$TMP/cg-tini" "$TINI" -s -- "$B/noop")
	INSTR[dumb-init]=$(instr "$TMP/cg-dumb" "$DUMB" "$B/noop")
	INSTR[catatonit]=$(instr "$TMP/cg-cata" "$CATA" -- "$B/noop")
	for p in embedded allow300 default json; do
		case $p in
		embedded) args=() ;;
		allow300) args=("$TMP/allow300.ini") ;;
		default) args=(config/default.ini) ;;
		json) [ -n "$DOCKER_JSON" ] || continue; args=("$DOCKER_JSON") ;;
		esac
		valgrind --tool=callgrind --callgrind-out-file="$TMP/sc-$p" "$B/startcost" "${args[@]}" >/dev/null 2>&1
		INSTR[sc-$p-total]=$(awk '/^summary:/ { print $2 }' "$TMP/sc-$p")
		INSTR[sc-$p-read]=$(phase "$TMP/sc-$p" profile_load)
		INSTR[sc-$p-rules]=$(phase "$TMP/sc-$p" filter_build)
		INSTR[sc-$p-gen]=$(phase "$TMP/sc-$p" seccomp_export_bpf)
	done
fi
# Wall time of the same phases, outside valgrind.
declare -A PHASE
for p in embedded allow300 default json; do
	case $p in
	embedded) args=(-n 200) ;;
	allow300) args=(-n 20 "$TMP/allow300.ini") ;;
	default) args=(-n 20 config/default.ini) ;;
	json) [ -n "$DOCKER_JSON" ] || continue; args=(-n 20 "$DOCKER_JSON") ;;
	esac
	while read -r k v; do PHASE[$p-$k]=$v; done < <("$B/startcost" "${args[@]}")
	# A figure missing here would leave an empty table, not an error.
	for k in read rules generate faults; do
		[ -n "${PHASE[$p-$k]:-}" ] || { echo "bench: startcost gave no $k figure for $p" >&2; exit 1; }
	done
done
# The kernel's share: attaching the precompiled program vs one instruction.
PROG_LEN=$(( $("$SCINIT" bpf --precompiled enforce | wc -c) / 8 ))
LIBSECCOMP_LEN=$(( $("$SCINIT" bpf enforce | wc -c) / 8 ))

# --- per-syscall cost ----------------------------------------------------------
note "bench: per-syscall cost, $LOOP_REPS runs of $CALLS calls per case"
configs=(none floor scinit)
DOCKER_OK=
if . tests/docker_lib.sh && docker_ready; then
	mkdir -p "$TMP/img" && cp "$B/loop" "$TMP/img/" && printf 'FROM scratch\nCOPY loop /loop\n' >"$TMP/img/Dockerfile"
	docker_scratch_image scinit-bench-loop "$TMP/img" && DOCKER_OK=1 && configs+=(docker docker-unconfined)
fi
# The scale a container start gives the --profile cost: `docker run --rm` of a
# FROM-scratch static app that does nothing, on the same engine.
DOCKER_RUN_REPS=${BENCH_DOCKER_RUNS:-21}
DOCKER_RUN=
if [ -n "$DOCKER_OK" ]; then
	mkdir -p "$TMP/noopimg" && cp "$B/noop" "$TMP/noopimg/" && printf 'FROM scratch\nCOPY noop /noop\n' >"$TMP/noopimg/Dockerfile"
	if docker_scratch_image scinit-bench-noop "$TMP/noopimg"; then
		note "bench: docker run --rm of a scratch no-op app, $DOCKER_RUN_REPS runs"
		DOCKER_RUN=$(for ((i = 0; i < DOCKER_RUN_REPS; i++)); do
			t0=$(date +%s%N)
			docker_run 60 --rm scinit-bench-noop /noop >/dev/null 2>&1 || continue
			echo $((($(date +%s%N) - t0) / 1000))
		done | median)
	fi
fi
loop_cmd() { # loop_cmd CONFIG CASE N
	case $1 in
	none) "$B/loop" "$2" "$3" ;;
	floor) "$B/loop" -f "$2" "$3" ;;
	scinit) "$SCINIT" --exec -- "$B/loop" "$2" "$3" ;;
	docker) docker_run 120 scinit-bench-loop /loop "$2" "$3" ;;
	docker-unconfined) docker_run 120 --security-opt seccomp=unconfined scinit-bench-loop /loop "$2" "$3" ;;
	strace) strace -f -o /dev/null "$B/loop" "$2" "$3" ;;
	esac
}
declare -A NS
paired() { # paired A B: the median over rounds of A's value / B's, as ratio prints it
	awk 'NR == FNR { b[$1] = $2; next } ($1 in b) && b[$1] > 0 { print $2 / b[$1] }' "$2" "$1" 2>/dev/null | median |
		awk '{ printf "%.2f", $1 }'
}
# Each round starts from another configuration, as runner.c does: a fixed
# order would give each one the same neighbours every time (Docker's runs
# leave dockerd busy for a while after them).
for c in getpid personality setns nosys; do
	for ((r = 0; r < LOOP_REPS; r++)); do
		for ((k = 0; k < ${#configs[@]}; k++)); do
			cfg=${configs[(r + k) % ${#configs[@]}]}
			v=$(loop_cmd "$cfg" "$c" "$CALLS" 2>/dev/null) && echo "$r $v" >>"$TMP/ns-$cfg-$c"
		done
	done
	for cfg in "${configs[@]}"; do NS[$cfg-$c]=$(cut -d' ' -f2 "$TMP/ns-$cfg-$c" 2>/dev/null | median); done
	# Ratios are the median of each round's ratio: the two runs of a round
	# are next to each other in time, which takes out the machine's drift
	# from round to round.
	NS[r-scinit-$c]=$(paired "$TMP/ns-scinit-$c" "$TMP/ns-floor-$c")
	[ -z "$DOCKER_OK" ] || NS[r-docker-$c]=$(paired "$TMP/ns-docker-$c" "$TMP/ns-docker-unconfined-$c")
done
# Learn mode against strace, ~100x slower per call: fewer calls, alternated
# with no filter. Learn mode (SCINIT_MODE=learn, init mode) sends the
# supervisor only the calls its starting profile (the embedded default)
# would stop: setns is one, getpid is not; strace stops at every call.
learn_cmd() {
	SCINIT_MODE=learn SCINIT_LEARN_OUT="$TMP/learned.ini" "$SCINIT" -- "$B/loop" "$1" "$2"
}
LEARN=
[ -n "$(learn_cmd getpid 10 2>/dev/null)" ] && LEARN=1
for c in getpid setns; do
	for ((r = 0; r < 7; r++)); do
		loop_cmd strace $c $((CALLS / 100)) >>"$TMP/ns-strace-$c" 2>/dev/null
		loop_cmd none $c $((CALLS / 100)) >>"$TMP/ns-small-$c" 2>/dev/null
		[ -z "$LEARN" ] || learn_cmd $c $((CALLS / 100)) >>"$TMP/ns-learn-$c" 2>/dev/null
	done
	NS[strace-$c]=$(median <"$TMP/ns-strace-$c")
	NS[small-$c]=$(median <"$TMP/ns-small-$c")
	[ -z "$LEARN" ] || NS[learn-$c]=$(median <"$TMP/ns-learn-$c")
done

# The action cache (Linux 5.11+) skips the filter for a syscall whose answer
# is ALLOW whatever its arguments, per arch; this emulates the kernel's check
# (seccomp_is_const_allow) on the precompiled program.
CACHE=$("$SCINIT" bpf --precompiled enforce | python3 tests/bench/bpf_cache.py 2>&1)

# --- size and memory -----------------------------------------------------------
note "bench: size and resident memory"
size_of() { stat -L -c %s "$1"; }
# rss FIELD CMD...: FIELD (VmRSS, RssAnon) of the init, in kB, once its app
# waits; median of 3.
rss() {
	local field=$1
	shift
	for _ in 1 2 3; do
		"$@" "$B/idle" >/dev/null 2>&1 &
		local pid=$! kids=""
		for _ in $(seq 100); do
			kids=$(cat /proc/$pid/task/$pid/children 2>/dev/null)
			[ -n "$kids" ] && [ "$(readlink /proc/${kids%% *}/exe 2>/dev/null)" = "$(readlink -f "$B/idle")" ] && break
			sleep 0.02
		done
		sleep 0.2
		awk -v f="$field:" '$1 == f { print $2 }' /proc/$pid/status
		kill -TERM $pid 2>/dev/null
		wait $pid 2>/dev/null
	done | median
}
declare -A RSS ANON SIZE
memory() { # memory KEY CMD...
	local key=$1
	shift
	RSS[$key]=$(rss VmRSS "$@")
	ANON[$key]=$(rss RssAnon "$@")
}
memory tini-static "$TINI" -s --
memory dumb-init "$DUMB"
memory catatonit "$CATA" --
memory scinit "$SCINIT" --
memory scinit-p-default.ini "$SCINIT" --profile config/default.ini --
SIZE[scinit]=$(size_of "$SCINIT")
SIZE[tini-static]=$(size_of "$TINI")
SIZE[catatonit]=$(size_of "$CATA")
SIZE[dumb-init]=$(size_of "$DUMB")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the report ----------------------------------------------------------------
T=${WALL[tini-static]}
row_startup() { # label description
	local l=$1
	[ -n "${WALL[$l]:-}" ] || return 0
	printf '| %s | %s | %s–%s | %s | %s | %s |\n' "$2" "${WALL[$l]}" "${Q1[$l]}" "${Q3[$l]}" "$(ratio "${WALL[$l]}" "$T")" \
		"${CPUT[$l]}" "$(ratio "${CPUT[$l]}" "${CPUT[tini-static]}")"
}
row_phase() { # key description
	local p=$1
	[ -n "${PHASE[$p-read]:-}" ] || return 0
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "${PHASE[$p-read]}" "${PHASE[$p-rules]}" \
		"${PHASE[$p-generate]}" "${PHASE[$p-faults]:--}" "${INSTR[sc-$p-read]:--}" "${INSTR[sc-$p-rules]:--}" \
		"${INSTR[sc-$p-gen]:--}" "${INSTR[sc-$p-total]:--}"
}
row_ns() { # case description
	local c=$1 f=${NS[floor-$1]:-}
	printf '| %s | %s | %s | %s (%s) | %s | %s |\n' "$2" "${NS[none-$c]:--}" "$f" "${NS[scinit-$c]:--}" \
		"${NS[r-scinit-$c]:--}" "${NS[docker-$c]:--} (${NS[r-docker-$c]:--})" \
		"${NS[docker-unconfined-$c]:--}"
}
r_embedded=$(ratio "${WALL[scinit]}" "$T")
r_exec=$(ratio "${WALL[scinit--exec]}" "$T")
r_ini=$(ratio "${WALL[scinit-p-allow300.ini]}" "$T")
r_ini_exec=$(ratio "${WALL[scinit-p-allow300.ini--exec]}" "$T")
r_getpid=${NS[r-scinit-getpid]:--}
r_pers=${NS[r-scinit-personality]:--}
r_setns=${NS[r-scinit-setns]:--}
r_nosys=${NS[r-scinit-nosys]:--}
r_learn=$(ratio "${NS[learn-setns]:-}" "${NS[strace-setns]:-}")
learn_figure="$r_learn ×"
[ -n "$LEARN" ] || learn_figure="not built yet (issue 6)"
r_size=$(awk -v a="${SIZE[scinit]}" 'BEGIN { printf "%.3f", a / 320000 }')
r_size_kib=$(ratio "${SIZE[scinit]}" 327680)
# What a start with --profile Docker's default.json adds to a direct exec, as a
# share of a whole `docker run --rm`.
json_cost=$(awk -v a="${WALL[scinit-p-docker-default.json]:-}" -v b="${WALL[direct]:-}" \
	'BEGIN { if (a == "" || b == "") print ""; else printf "%.0f", a - b }')
# Four places, not ratio's two: the verdict is taken on this figure, and
# 0.034 must not round to a 0.03 that meets the target.
r_json_docker=$(awk -v a="$json_cost" -v b="${DOCKER_RUN:-}" \
	'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.4f", a / b }')
pct_json_docker=$(awk -v r="$r_json_docker" 'BEGIN { if (r == "-") print "-"; else printf "%.1f", r * 100 }')
r_rss=$(ratio "${RSS[scinit]}" 150)

{
	cat <<EOF
# Benchmarks

Written by \`make bench\` (tests/bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); every figure
below comes from that one run. Medians; ratios are to the baseline named in each
table. The machine is shared, so compare figures within a table, not across runs.

**Machine:** $MACHINE; $VIRT; BPF JIT $JIT. Load average $LOAD_START at the
start, $LOAD_END at the end. scinit $("$SCINIT" --version | cut -d' ' -f2), built with
$(musl-gcc --version 2>/dev/null | head -n1 | sed 's/ (.*)//') and musl $(dpkg-query -W -f '${Version}' musl 2>/dev/null);
tini-static $(dpkg-query -W -f '${Version}' tini 2>/dev/null), dumb-init $(dpkg-query -W -f '${Version}' dumb-init 2>/dev/null),
catatonit $(dpkg-query -W -f '${Version}' catatonit 2>/dev/null) (Debian's packages).

## Targets

| target | figure | verdict |
| --- | --- | --- |
| start-up, embedded default, ≤ 1.0 × tini-static | init mode $r_embedded ×, exec mode $r_exec × | $(verdict "$r_embedded" 1.0) (init), $(verdict "$r_exec" 1.0) (exec) |
| start-up, INI profile read at run time, ≤ 2 × tini-static | $N300 syscalls: init mode $r_ini ×, exec mode $r_ini_exec × | $(verdict "$r_ini" 2.0) (init), $(verdict "$r_ini_exec" 2.0) (exec) |
| start with --profile Docker's default.json, ≤ 3 % of a \`docker run --rm\` of a FROM-scratch static app | ${json_cost:-?} µs over a direct exec, of ${DOCKER_RUN:-?} µs = $pct_json_docker % | $(verdict "$r_json_docker" 0.03) |
| constant-action allowed syscall (getpid), ≤ 1.02 × one-instruction filter | $r_getpid × | $(verdict "$r_getpid" 1.02) |
| argument-checked syscall (personality), ≤ 1.5 × floor | $r_pers × | $(verdict "$r_pers" 1.5) |
| denied syscall (setns, EPERM), ≤ 1.5 × floor | $r_setns × | $(verdict "$r_setns" 1.5) |
| denied by the default action (syscall 1000, ENOSYS), ≤ 1.5 × floor | $r_nosys × | $(verdict "$r_nosys" 1.5) |
| learn mode ≤ 0.5 × strace (setns: each call goes to the supervisor) | $learn_figure | $(verdict "$r_learn" 0.5) |
| binary ≤ 320 KB stripped | ${SIZE[scinit]} bytes = $r_size × 320,000 bytes ($r_size_kib × 320 KiB) | $(verdict "$r_size" 1.0) |
| supervisor resident memory ≤ 150 kB | ${RSS[scinit]} kB = $r_rss × 150 kB | $(verdict "$r_rss" 1.0) |

## Start-up of a static do-nothing app

Whole process, from spawn to reaped, $REPS runs of each case in alternation
(tests/bench/runner.c); the app is tests/bench/noop.c (musl, static). CPU is
user + system time of the init and everything it reaped (wait4).

| case | wall µs (median) | wall µs (quartiles) | × tini-static | CPU µs (median) | CPU × tini-static |
| --- | --- | --- | --- | --- | --- |
EOF
	row_startup direct "direct exec (no init)"
	row_startup attach-1 "tests/bench/attach: a 1-instruction filter, then exec"
	row_startup attach-scinit "tests/bench/attach: scinit's precompiled program, then exec"
	row_startup attach-libseccomp "tests/bench/attach: the same filter as libseccomp makes it, then exec"
	row_startup tini-static "tini-static -s"
	row_startup dumb-init "dumb-init (dynamic: glibc's loader counts)"
	row_startup catatonit "catatonit"
	row_startup scinit "scinit, embedded default, init mode"
	row_startup scinit--exec "scinit --exec, embedded default"
	row_startup scinit-audit "scinit, embedded default, SCINIT_MODE=audit"
	row_startup scinit-p-allow300.ini "scinit --profile, $N300-syscall INI (native only)"
	row_startup scinit-p-allow300.ini--exec "scinit --profile, $N300-syscall INI (native only) --exec"
	row_startup scinit-p-default.ini "scinit --profile config/default.ini (3 arches)"
	row_startup scinit-p-default.ini--exec "scinit --profile config/default.ini --exec"
	row_startup scinit-p-docker-default.json "scinit --profile Docker's default.json"
	[ -z "$json_note" ] || printf '| scinit --profile Docker'"'"'s default.json | %s | | | | |\n' "$json_note"
	cat <<EOF

The embedded default is precompiled: its filter (x86_64 + x86 + x32) is built by
libseccomp at build time ($LIBSECCOMP_LEN BPF instructions in enforce mode), shrunk by
shim/tools/bpf_ranges.c to $PROG_LEN instructions that give the same answers, and attached
at run time with one seccomp(2) call; only [profile] and [setup] are read. A
profile given with --profile is built by libseccomp at every start. The two attach
rows isolate the kernel's work for the program's size (it converts and
JIT-compiles every instruction and runs its action-cache check): attaching
scinit's $PROG_LEN-instruction program costs $(awk -v a="${WALL[attach-scinit]:-0}" -v b="${WALL[attach-1]:-0}" 'BEGIN { printf "%.0f", a - b }') µs more than one instruction.

### Where scinit's start-up goes before the app's execve

tests/bench/startcost.c runs scinit's own code for each phase: reading the
profile, libseccomp's rules, libseccomp's BPF generation. Wall µs (median),
page faults of the first start (a fresh heap, as scinit's own start has;
shim/common/heap.c keeps freed blocks for reuse, where musl's malloc gave
every emptied group back to the kernel) and instructions (callgrind,
inclusive; total = the whole startcost process).
libseccomp is the pinned 2.6.0 from Debian's source package, unpatched
(deps/sources.lock); a profile that must not pay this at every start can be
compiled in with \`make PROFILE=\` or \`scinit embed\`.

| profile | read µs | rules µs | generate µs | page faults | read instr | rules instr | generate instr | total instr |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
EOF
	row_phase embedded "embedded (precompiled: settings only)"
	row_phase allow300 "$N300-syscall INI"
	row_phase default "config/default.ini"
	row_phase json "Docker's default.json"
	cat <<EOF

Where the embedded default's start-up goes, from the rows above: the kernel's
work for the program's size $(awk -v a="${WALL[attach-scinit]:-0}" -v b="${WALL[attach-1]:-0}" 'BEGIN { printf "%.0f", a - b }') µs
(attach rows); init mode's supervisor $(awk -v a="${WALL[scinit]:-0}" -v b="${WALL[scinit--exec]:-0}" 'BEGIN { printf "%.0f", a - b }') µs (init minus exec mode): before the
app may exec, signalfd, fork, dropping capabilities and emptying the bounding set
(41 prctl calls), and attaching its own filter, precompiled too (33 instructions;
the kernel's fixed cost of attaching any filter, JIT included, is the attach-1 row
minus direct exec), while the app's side attaches the app's filter at the same
time (docs/security.md); after the app exits, its wake-up on SIGCHLD and its own
exit; reading [profile] and [setup] ${PHASE[embedded-read]:-?} µs. With --profile, the app's
side also builds the filter (the rules and generate columns; the profile is
read before fork) while the supervisor confines itself. The same filter built by
libseccomp at run time (config/default.ini) costs ${PHASE[default-rules]:-?} + ${PHASE[default-generate]:-?} µs
before the kernel sees it: what precompiling saves at every start.

Whole-process instructions of the other inits (callgrind, the init and its
child until exec): direct ${INSTR[direct]:--}, tini-static ${INSTR[tini-static]:--},
dumb-init ${INSTR[dumb-init]:--} (mostly glibc's dynamic loader), catatonit
${INSTR[catatonit]:--}. scinit cannot run under valgrind, which does not know
seccomp(2).

## Per-syscall cost

tests/bench/loop.c, $CALLS calls per run, median ns per call of $LOOP_REPS runs
in alternation; a ratio in brackets is the median of each round's ratio (the
two runs of a round are next to each other in time). The floor is a
one-instruction allow-all filter; scinit is
\`scinit --exec\` with the embedded default; Docker is \`docker run\` with
its default profile, beside \`--security-opt seccomp=unconfined\`.

| call | no filter | floor (1 insn) | scinit default (× floor) | Docker default (× unconfined) | Docker unconfined |
| --- | --- | --- | --- | --- | --- |
EOF
	row_ns getpid "getpid (allowed, any arguments)"
	row_ns personality "personality(0xffffffff) (allowed by an argument check)"
	row_ns setns "setns(-1, 0) (denied: EPERM)"
	row_ns nosys "syscall 1000 (no rule: the default, ENOSYS)"
	[ -n "$DOCKER_OK" ] || echo "| Docker | not measured: no Docker engine answered |  |  |  |  |"
	cat <<EOF

The kernel's action cache on the precompiled enforce program (an emulation of
the kernel's own check, tests/bench/bpf_cache.py):

\`\`\`
$CACHE
\`\`\`

### Learn mode against strace

$((CALLS / 100)) calls per run, median ns per call of 7 runs in alternation.

| case | getpid (the default allows it) | × no filter | setns (the default denies it) | × no filter |
| --- | --- | --- | --- | --- |
| no filter | ${NS[small-getpid]} | 1.00 | ${NS[small-setns]} | 1.00 |
| \`strace -f -o /dev/null\` | ${NS[strace-getpid]} | $(ratio "${NS[strace-getpid]}" "${NS[small-getpid]}") | ${NS[strace-setns]} | $(ratio "${NS[strace-setns]}" "${NS[small-setns]}") |
EOF
	if [ -n "$LEARN" ]; then
		printf '| scinit learn mode | %s | %s (%s × strace) | %s | %s (%s × strace) |\n' \
			"${NS[learn-getpid]}" "$(ratio "${NS[learn-getpid]}" "${NS[small-getpid]}")" \
			"$(ratio "${NS[learn-getpid]}" "${NS[strace-getpid]}")" "${NS[learn-setns]}" \
			"$(ratio "${NS[learn-setns]}" "${NS[small-setns]}")" "$(ratio "${NS[learn-setns]}" "${NS[strace-setns]}")"
	else
		echo "| scinit learn mode | not built yet (issue 6) | – | not built yet | – |"
	fi
	cat <<EOF

## Size and resident memory

Resident memory of the init while its app (tests/bench/idle.c) waits, median
of 3: VmRSS, and RssAnon, its private part (the rest is the binary's pages,
shared through the page cache; the kernel maps them 64 kB at a time, so
scinit's supervisor drops its read-only pages once it is confined and keeps
all the code its loop runs in one such window).

| init | file bytes | VmRSS kB | RssAnon kB |
| --- | --- | --- | --- |
| scinit (static, stripped), embedded default | ${SIZE[scinit]} | ${RSS[scinit]} | ${ANON[scinit]} |
| scinit --profile config/default.ini | | ${RSS[scinit-p-default.ini]} | ${ANON[scinit-p-default.ini]} |
| tini-static (static glibc) | ${SIZE[tini-static]} | ${RSS[tini-static]} | ${ANON[tini-static]} |
| catatonit (static glibc) | ${SIZE[catatonit]} | ${RSS[catatonit]} | ${ANON[catatonit]} |
| dumb-init (dynamic: glibc's pages count) | ${SIZE[dumb-init]} | ${RSS[dumb-init]} | ${ANON[dumb-init]} |

Where scinit's bytes go (\`size\` of the stripped binary: text $(size "$SCINIT" | awk 'NR == 2 { print $1 }'), data
$(size "$SCINIT" | awk 'NR == 2 { print $2 }')): libseccomp's syscall table (every name libseccomp
knows with its numbers on all its arches and the kernel version that added
it, and gperf's hash for it: the price of an unpatched dependency), the precompiled program
($("$SCINIT" bpf --precompiled enforce | wc -c) bytes, enforce mode; audit mode's is derived from it at run time),
musl (~30 kB; its printf and malloc are replaced by scinit's, the
formatter without floating point: shim/common/format.c, heap.c), the JSON reader, the @group names.
The embedded INI profile is stored without its comment lines, the code
(scinit's and its dependencies') is built with -Oz, arm64's with the tiny
code model, libseccomp without unwind tables, and the link leaves out page
padding between segments and the build-id note (docs/arm64.md, "Size").
EOF
} >"$OUT"
cat "$OUT"
