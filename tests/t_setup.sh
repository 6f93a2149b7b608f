# [setup]: user, groups, capabilities, no_new_privs, limits, umask, workdir and
# environment, applied before the filter. The app (busybox) reads its own
# /proc/self/status and /proc/self/limits under tests/fixtures/setup/allow.ini,
# whose allowlist has none of setuid, setgid, setgroups, capset or prctl.
# Every run is in private mount and network namespaces: the fixture passwd and
# group are bind-mounted over /etc/passwd and /etc/group (scinit has no test
# hook for them), and port 80 is bound where nothing else can see it.
. tests/lib.sh

FIX=tests/fixtures/setup
BB=/bin/busybox

if [ "$(id -u)" != 0 ]; then
	skip_or_fail setup "needs root (setuid, capabilities, namespaces)"
	exit 0
fi
if [ ! -x "$BB" ]; then
	skip_or_fail setup "no $BB (apt-get install busybox-static)"
	exit 0
fi
if ! unshare --mount --net -- true 2>/dev/null; then
	skip_or_fail setup "unshare --mount --net does not work here"
	exit 0
fi

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
mkdir -m 755 "$TMP/work"
mkdir -m 700 "$TMP/private"
mkdir -m 1777 "$TMP/marks" # so that any user the app runs as could leave the marker
MARK=$TMP/marks/app-ran

# ns CMD...: runs CMD with the fixture passwd and group in place.
ns() {
	unshare --mount --net -- bash -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group || exit 99
		shift 2; exec "$@"' _ "$FIX/passwd" "$FIX/group" "$@"
}

# run SETUP_LINES... -- CMD...: CMD under allow.ini plus a [setup] section made
# of SETUP_LINES; sets OUT, ERR and RC. WRAP, if set, is a command prefix for scinit.
run() {
	local lines=()
	while [ "$1" != -- ]; do lines+=("$1"); shift; done
	shift
	{ cat "$FIX/allow.ini"; echo "[setup]"; printf '%s\n' "${lines[@]}"; } >"$TMP/p.ini"
	OUT=$(ns ${WRAP:-} "$SCINIT" --profile "$TMP/p.ini" -- "$@" 2>"$TMP/err")
	RC=$?
	ERR=$(cat "$TMP/err")
}

# status FIELD...: those lines of the app's /proc/self/status in OUT, as
# "Field=value" with tabs made spaces, joined by spaces.
status() {
	local f out=
	for f in "$@"; do
		out+="$f=$(printf '%s\n' "$OUT" | sed -n "s/^$f:[[:space:]]*//p" | tr '\t' ' ' | sed 's/ *$//') "
	done
	printf '%s' "${out% }"
}
caps() { status CapInh CapPrm CapEff CapBnd CapAmb; }
all_caps() { echo "CapInh=$1 CapPrm=$1 CapEff=$1 CapBnd=$1 CapAmb=$1"; }

# --- a non-root user by name, with one capability ----------------------------

FULL=("user = svc" "capabilities = net_bind_service" "rlimit_nofile = 100:200" "umask = 027"
	"workdir = $TMP/work")

# The premise of every row below: under allow.ini the app itself cannot
# change its ids or capabilities, so what it shows is what [setup] did. Asked
# of scinit's filter, with the probe, against the same calls unfiltered.
calls=(setuid setgid setgroups setresuid setresgid capset prctl)
unfiltered=$("$PROBE" "${calls[@]}" 2>&1 | awk '{ print $2 }' | tr '\n' ' ')
filtered=$("$SCINIT" --profile "$FIX/allow.ini" -- "$PROBE" "${calls[@]}" 2>&1 | awk '{ print $2 }' | tr '\n' ' ')
check "allow.ini denies the app ${calls[*]} (EPERM; unfiltered: $unfiltered)" \
	"EPERM EPERM EPERM EPERM EPERM EPERM EPERM " "$filtered"
check "... while unfiltered none of the 7 gives EPERM (the row can fail)" "7 0" \
	"$(wc -w <<<"$unfiltered") $(grep -ow EPERM <<<"$unfiltered" | wc -l)"

run "${FULL[@]}" -- $BB cat /proc/self/status
check "user by name: exit status" "0 " "$RC $ERR"
check "user by name: ids from the fixture passwd and group (initgroups)" \
	"Uid=4321 4321 4321 4321 Gid=4322 4322 4322 4322 Groups=4322 4401 4402" "$(status Uid Gid Groups)"
check "kept capability in every set, incl. bounding and ambient" "$(all_caps 0000000000000400)" "$(caps)"
check "no_new_privs and seccomp filter" "NoNewPrivs=1 Seccomp=2" "$(status NoNewPrivs Seccomp)"

run "${FULL[@]}" -- $BB cat /proc/self/limits
check_match "rlimit_nofile = 100:200" '^Max open files +100 +200 +files' "$(printf '%s\n' "$OUT" | grep '^Max open files')"

run "${FULL[@]}" -- $BB sh -c 'umask; pwd'
check "umask and workdir" "0027 $TMP/work" "$(echo $OUT)"

# --- numeric ids, explicit groups ---------------------------------------------

run "user = 1000" -- $BB cat /proc/self/status
check "numeric user without passwd entry: gid = uid, no capabilities at all" \
	"Uid=1000 1000 1000 1000 Gid=1000 1000 1000 1000 Groups=1000 $(all_caps 0000000000000000)" \
	"$(status Uid Gid Groups) $(caps)"

run "user = svc" "group = video" "groups = audio 77, 4403" -- $BB cat /proc/self/status
check "group and groups by name and number" "Gid=4402 4402 4402 4402 Groups=77 4401 4403" "$(status Gid Groups)"

run "user = svc" "groups =" -- $BB cat /proc/self/status
check "empty groups = none" "Gid=4322 4322 4322 4322 Groups=" "$(status Gid Groups)"

# --- root: untouched without user/capabilities; capabilities alone -------------

OUT=$(cat /proc/self/status)
own="$(status Uid Groups) $(caps)"
run "umask = 077" -- $BB cat /proc/self/status
check "no user/capabilities keys: ids and capabilities untouched" "$own" "$(status Uid Groups) $(caps)"

run "capabilities = CAP_CHOWN, Fowner" -- $BB cat /proc/self/status
check "root keeps only the listed capabilities" "Uid=0 0 0 0 $(all_caps 0000000000000009)" "$(status Uid) $(caps)"

# Docker's default capabilities: enough (CAP_SETPCAP is among them) to drop the rest.
DOCKER_CAPS=-all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,+setuid,+setfcap,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write
if command -v setpriv >/dev/null; then
	WRAP="setpriv --bounding-set $DOCKER_CAPS --" run "user = 1000" "capabilities = net_bind_service" -- \
		$BB cat /proc/self/status
	check "scinit with Docker's default capabilities" "Uid=1000 1000 1000 1000 $(all_caps 0000000000000400)" \
		"$(status Uid) $(caps)"
else
	skip_or_fail "scinit with Docker's default capabilities" "no setpriv (util-linux)"
fi

# --- port 80 with and without net_bind_service (private network namespace) ---

# bind80 SETUP_LINES...: "listening" if busybox nc could listen on port 80.
bind80() {
	{ cat "$FIX/allow.ini"; echo "[setup]"; printf '%s\n' "$@"; } >"$TMP/nc.ini"
	ns bash -c '"$1" --profile "$2" -- '"$BB"' nc -l -p 80 2>"$3" & pid=$!
		for _ in $(seq 40); do
			if grep -qE "^ *[0-9]+: [0-9A-F]+:0050 [0-9A-F]+:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
				echo listening; break
			fi
			kill -0 $pid 2>/dev/null || break
			sleep 0.05
		done
		kill $pid 2>/dev/null; wait $pid 2>/dev/null; true' _ "$SCINIT" "$TMP/nc.ini" "$TMP/nc.err"
}
check "user 1000 with net_bind_service binds port 80" listening "$(bind80 "user = 1000" "capabilities = net_bind_service")"
check "user 1000 without it cannot" "" "$(bind80 "user = 1000")"
check_match "... because bind is refused" 'bind: Permission denied' "$(cat "$TMP/nc.err")"

# --- environment --------------------------------------------------------------

export SETUP_FOO=1 SETUP_BAR=2
run "user = svc" "env_keep = SETUP_FOO" "env_user = yes" -- $BB env
check "env_keep and env_user" "HOME=/home/svc LOGNAME=svc SETUP_FOO=1 USER=svc" "$(echo $(printf '%s\n' "$OUT" | sort))"
run "user = 1000" "env_keep = SETUP_BAR,USER" "env_user = yes" -- $BB env
check "env_user without passwd entry: HOME=/ and no USER" "HOME=/ SETUP_BAR=2" "$(echo $(printf '%s\n' "$OUT" | sort))"
run "env_keep =" -- $BB env
check "empty env_keep clears the environment (env ran: exit 0, no output)" "0|" "$RC|$OUT"
unset SETUP_FOO SETUP_BAR

# --- no_new_privs = no -----------------------------------------------------------

if [ "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/self/status)" = 1 ]; then
	skip_or_fail "no_new_privs = no" "this shell already runs with no_new_privs"
else
	run "user = svc" "capabilities = sys_admin net_bind_service" "no_new_privs = no" -- $BB cat /proc/self/status
	check "no_new_privs = no, sys_admin kept: filter installed without it" \
		"Uid=4321 4321 4321 4321 NoNewPrivs=0 Seccomp=2 CapEff=0000000000200400" "$(status Uid NoNewPrivs Seccomp CapEff)"
fi

# --- refused at setup time: exit 125, one line, the app never starts ------------

# applied SETUP_LINES... -- REGEX: a valid profile whose setup cannot work on
# this machine: found before the fork, or when applied.
applied() {
	local lines=()
	while [ "$1" != -- ]; do lines+=("$1"); shift; done
	{ printf '[profile]\ndefault = allow\n[setup]\n'; printf '%s\n' "${lines[@]}"; } >"$TMP/a.ini"
	rm -f "$MARK"
	local err rc
	err=$(ns ${WRAP:-} "$SCINIT" --profile "$TMP/a.ini" -- $BB touch "$MARK" 2>&1)
	rc=$?
	if [ $rc = 125 ] && [ ! -e "$MARK" ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
		printf '%s' "$err" | grep -Eq -- "$2"; then
		pass "setup failure is fatal: ${lines[*]}"
	else
		fail "setup failure is fatal: ${lines[*]}" "exit $rc, app ran: $([ -e "$MARK" ] && echo yes || echo no), [$err]"
	fi
}
applied "user = 1000" "workdir = $TMP/private" -- "^scinit: setup failed at chdir\\($TMP/private\\): Permission denied$"
if command -v setpriv >/dev/null; then
	WRAP="setpriv --bounding-set -net_admin --" applied "capabilities = net_admin" -- \
		"^scinit: $TMP/a.ini:4: keeping net_admin needs CAP_NET_ADMIN, which scinit does not hold: docker run --cap-add NET_ADMIN \\(capabilities.add in a Pod\\)$"
	WRAP="setpriv --bounding-set -setpcap --" applied "user = 1000" -- \
		"^scinit: $TMP/a.ini:4: dropping chown from the bounding set needs CAP_SETPCAP, which scinit does not hold"
	# `docker run --cap-drop ALL` (no CAP_SETGID) and `USER 1000` in the
	# Dockerfile: found before the fork, with the key's line and the fix.
	WRAP="setpriv --inh-caps -all --bounding-set -setgid --" applied "user = 1000" -- \
		"^scinit: $TMP/a.ini:4: \\[setup\\] user needs CAP_SETGID, which scinit does not hold: docker run --cap-add SETGID \\(capabilities.add in a Pod\\)$"
	WRAP="setpriv --bounding-set -setuid --" applied "user = 1000" -- \
		"^scinit: $TMP/a.ini:4: \\[setup\\] user needs CAP_SETUID, which scinit does not hold"
	WRAP="setpriv --bounding-set -setgid --" applied "groups = 4401" -- \
		"^scinit: $TMP/a.ini:4: \\[setup\\] groups needs CAP_SETGID, which scinit does not hold"
	WRAP="setpriv --reuid 1000 --regid 1000 --clear-groups --" applied "user = 2000" -- \
		"^scinit: $TMP/a.ini:4: \\[setup\\] user needs root, but scinit runs as uid 1000: remove USER from the Dockerfile \\(runAsUser in a Pod\\) and let \\[setup\\] switch$"
	WRAP="setpriv --reuid 1000 --regid 1000 --clear-groups --" applied "group = 4401" -- \
		"^scinit: $TMP/a.ini:4: \\[setup\\] group needs root, but scinit runs as uid 1000"
else
	skip_or_fail "capability scinit lacks" "no setpriv (util-linux)"
fi

# --- /etc/passwd and /etc/group are read as profiles are -------------------------

# over FILE SOURCE SETUP_LINE: SETUP_LINE's start with SOURCE bind-mounted
# over FILE (/etc/passwd or /etc/group); prints "STATUS|STDERR|ran or not".
over() {
	printf '[profile]\ndefault = allow\n[setup]\n%s\n' "$3" >"$TMP/over.ini"
	rm -f "$MARK"
	local err
	err=$(unshare --mount -- bash -c 'mount --bind "$1" "$2" || exit 99; shift 2; exec timeout 10 "$@"' _ "$2" "$1" \
		"$SCINIT" --profile "$TMP/over.ini" -- $BB touch "$MARK" 2>&1)
	echo "$?|$err|$([ -e "$MARK" ] && echo ran || echo not run)"
}
mkfifo "$TMP/fifo"
for f in passwd group; do
	case $f in passwd) line="user = svc" ;; group) line="group = video" ;; esac
	check "/etc/$f: a FIFO in its place is refused at once, not waited on" \
		"125|scinit: $TMP/over.ini:4: /etc/$f: not a regular file|not run" "$(over /etc/$f "$TMP/fifo" "$line")"
	check "/etc/$f: /dev/zero in its place is refused, not read without end" \
		"125|scinit: $TMP/over.ini:4: /etc/$f: not a regular file|not run" "$(over /etc/$f /dev/zero "$line")"
	head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'x' >"$TMP/big"
	check "/etc/$f: over the size limit is refused" \
		"125|scinit: $TMP/over.ini:4: /etc/$f: larger than 1048576 bytes|not run" "$(over /etc/$f "$TMP/big" "$line")"
	printf 'svc:x:4321:4322::/:/bin/sh\nvideo:x:4402:\n\033[2J\n' >"$TMP/ctl"
	check "/etc/$f: a control character is refused, naming the line" \
		"125|scinit: $TMP/over.ini:4: /etc/$f:3: control character 0x1b in the file|not run" "$(over /etc/$f "$TMP/ctl" "$line")"
done
# Control: the fixture files, bind-mounted the same way, still resolve.
check "/etc/passwd: control: the fixture passwd resolves user = svc" "0||ran" "$(over /etc/passwd "$FIX/passwd" "user = svc")"
check "/etc/group: control: the fixture group resolves group = video" "0||ran" "$(over /etc/group "$FIX/group" "group = video")"

# --- profile errors: exit 125, one line naming file:line, the app never starts ---

# bad NAME SETUP_LINES...: the last line is the bad one. The profile allows
# everything, so an accepted profile would let the app create the marker.
bad() {
	local name=$1
	shift
	{ printf '[profile]\ndefault = allow\n[setup]\n'; printf '%s\n' "$@"; } >"$TMP/bad.ini"
	local line=$((3 + $#)) err rc
	rm -f "$MARK"
	err=$(ns "$SCINIT" --profile "$TMP/bad.ini" -- $BB touch "$MARK" 2>&1)
	rc=$?
	if [ $rc = 125 ] && [ ! -e "$MARK" ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
		printf '%s' "$err" | grep -q "^scinit: $TMP/bad.ini:$line: "; then
		pass "refused: $name"
		[ -z "${VERBOSE:-}" ] || echo "     $err"
	else
		fail "refused: $name" "exit $rc, app ran: $([ -e "$MARK" ] && echo yes || echo no), [$err]"
	fi
}
# The harness itself: a good value runs the app.
rm -f "$MARK"
printf '[profile]\ndefault = allow\n[setup]\nuser = svc\n' >"$TMP/good.ini"
err=$(ns "$SCINIT" --profile "$TMP/good.ini" -- $BB touch "$MARK" 2>&1)
check "control: a valid [setup] runs the app" "0 yes " "$? $([ -e "$MARK" ] && echo yes || echo no) $err"

bad "unknown user" "umask = 022" "user = nosuch"
bad "empty user" "user ="
bad "unknown group" "group = nosuch"
bad "unknown supplementary group" "groups = audio nosuch"
bad "uid -1" "user = 4294967295"
bad "gid out of range" "groups = 1 99999999999"
bad "unknown capability" "capabilities = net_bind_service cap_fly"
bad "soft above hard" "rlimit_nofile = 200:100"
bad "limit not a number" "rlimit_core = lots"
bad "empty hard limit" "rlimit_nofile = 10:"
bad "unknown limit" "rlimit_bogus = 1"
bad "umask out of range" "umask = 1777"
bad "umask not octal" "umask = 0800"
bad "missing workdir" "workdir = $TMP/nonexistent"
bad "relative workdir" "workdir = work"
bad "workdir not a directory" "workdir = $PWD/$FIX/passwd"
bad "key given twice" "user = 0" "user = 0"
bad "limit given twice" "rlimit_nofile = 1" "rlimit_nofile = 1"
bad "unknown key" "usr = svc"
bad "no_new_privs not yes/no" "no_new_privs = off"
bad "no_new_privs = no for a user without sys_admin" "no_new_privs = no" "user = 1000"
bad "no_new_privs = no without sys_admin kept" "no_new_privs = no" "capabilities = net_bind_service"
bad "no_new_privs = no for a user by name, found non-root at start" "no_new_privs = no" "user = svc"
bad "user name that no passwd line could hold" "user = svc:x"
bad "env_keep with a value" "env_keep = PATH=/bin"
bad "env_user not yes/no" "env_user = 1"

# --- written for another image: read anywhere, refused at start ----------------

# The tools read this profile without the image (t_lint, t_convert, t_embed,
# t_verify); a start looks its names up, here in the fixture passwd and group.
ELSEWHERE=$FIX/elsewhere.ini
user_line=$(grep -n '^user = ' "$ELSEWHERE" | cut -d: -f1)
err=$(ns "$SCINIT" --profile "$ELSEWHERE" -- /bin/true 2>&1)
check "profile for another image: exit 125, one line naming the user's line" \
	"125 scinit: $ELSEWHERE:$user_line: user 'scinit-test-app' is not in /etc/passwd (give a number or add it to the image)" \
	"$? $err"

# The same [setup] under a profile that allows everything: the app would
# leave the marker if it ran.
{ printf '[profile]\ndefault = allow\n'; sed -n '/^\[setup\]/,$p' "$ELSEWHERE"; } >"$TMP/elsewhere.ini"
rm -f "$MARK"
err=$(ns "$SCINIT" --profile "$TMP/elsewhere.ini" -- $BB touch "$MARK" 2>&1)
check "profile for another image: the app never runs" \
	"125 scinit: $TMP/elsewhere.ini:4: user 'scinit-test-app' is not in /etc/passwd (give a number or add it to the image) no" \
	"$? $err $([ -e "$MARK" ] && echo yes || echo no)"

# Names are looked up in the order they are written: the first line at fault.
printf '[profile]\ndefault = allow\n[setup]\ngroups = audio nosuch\nuser = nosuch\n' >"$TMP/order.ini"
err=$(ns "$SCINIT" --profile "$TMP/order.ini" -- $BB touch "$MARK" 2>&1)
check "names: the first line at fault is named" \
	"125 scinit: $TMP/order.ini:4: group 'nosuch' is not in /etc/group (give a number or add it to the image) no" \
	"$? $err $([ -e "$MARK" ] && echo yes || echo no)"
