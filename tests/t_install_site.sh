# One module installs seccomp programs (shim/filter/install.h says why): no
# other source of scinit calls seccomp(2), libseccomp's seccomp_load or
# prctl(PR_SET_SECCOMP). no_new_privs is set there too, and in [setup]'s
# no_new_privs step (shim/setup/setup_apply.c), which runs whatever the
# filter and is not part of installing one.
. tests/lib.sh
install=shim/filter/install.c
setup_step=shim/setup/setup_apply.c
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Code only: comments may name these calls. gcc strips the comments without
# expanding macros or includes.
code() { gcc -fpreprocessed -dD -E -P -x c "$1" 2>/dev/null; }
raw='\b(SYS_seccomp|__NR_seccomp|SECCOMP_SET_MODE_FILTER|SECCOMP_GET_ACTION_AVAIL|SECCOMP_FILTER_FLAG_NEW_LISTENER|PR_SET_SECCOMP|seccomp_load)\b'
nnp='\bPR_SET_NO_NEW_PRIVS\b'

# The scan itself: it finds a raw install and passes over a comment.
printf '/* seccomp_load(ctx) would free it */\nstatic long f(void *p) { return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, p); }\n' >"$tmp/raw.c"
printf '/* seccomp_load(ctx) and PR_SET_NO_NEW_PRIVS, in words */\nstatic int g(void) { return 0; }\n' >"$tmp/comment.c"
check "install site: the scan finds a raw seccomp(2) install" yes "$(code "$tmp/raw.c" | grep -Eq "$raw" && echo yes)"
check "install site: the scan passes over comments" no "$(code "$tmp/comment.c" | grep -Eq "$raw|$nnp" && echo yes || echo no)"
check "install site: $install installs with seccomp(2)" yes \
	"$(code "$install" | grep -Eq '\bSECCOMP_SET_MODE_FILTER\b' && code "$install" | grep -Eq "$nnp" && echo yes)"

scanned=0 raw_sites=() nnp_sites=()
while IFS= read -r f; do
	scanned=$((scanned + 1))
	[ "$f" = "$install" ] && continue
	text=$(code "$f") || { fail "install site: cannot read $f"; continue; }
	grep -Eq "$raw" <<<"$text" && raw_sites+=("$f")
	[ "$f" != "$setup_step" ] && grep -Eq "$nnp" <<<"$text" && nnp_sites+=("$f")
done < <(find shim -name '*.[ch]' | sort)
check "install site: every source under shim/ scanned" yes "$([ "$scanned" -gt 40 ] && echo yes || echo "only $scanned")"
check "install site: no seccomp(2), seccomp_load or PR_SET_SECCOMP outside $install" "" "${raw_sites[*]}"
check "install site: no_new_privs only in $install and $setup_step" "" "${nnp_sites[*]}"
