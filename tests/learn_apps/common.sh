# shellcheck shell=sh
# Sourced by each workload of tests/t_learn_apps.sh, which runs it as
# `sh NAME.sh INPUT DIR` under scinit, on the host or in a container:
# INPUT 1 is the run a profile is learned from, 2 the same workload with
# other files, sizes and request paths; DIR is fresh and empty, the
# workload's own; PORT is a loopback port free for it. Every step checks its
# own result: exit 0 and a last line "NAME ok" mean the workload passed.
set -eu
IN=$1
W=$2
# shellcheck disable=SC2034 # used by the workloads that source this file
APPS=$(cd "${0%/*}" && pwd)
PORT=${PORT:-8080}
cd "$W"

# In an enforced run (NSPROBE names tests/probe.c's binary), first try to
# create a user namespace through clone, clone3 and unshare under the
# workload's profile, into nsprobe.out: before any step can fail.
if [ -n "${NSPROBE:-}" ]; then
	"$NSPROBE" clone:0x10000000 clone3 unshare:0x10000000 >"$W/nsprobe.out" 2>&1 || true
fi

# pick A B: A for input 1, B for input 2.
pick() { if [ "$IN" = 1 ]; then echo "$1"; else echo "$2"; fi; }

# wait_for CMD...: until CMD succeeds, at most 10 s. It sleeps once first,
# so that whether this helper sleeps at all does not depend on how fast the
# server came up while the profile was learned.
wait_for() {
	sleep 0.1
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "gave up waiting for: $*" >&2; return 1; }
		sleep 0.1
	done
}

# done_ok NAME: the last line.
done_ok() { echo "$1 ok"; }
