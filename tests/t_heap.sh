# shellcheck shell=bash
# scinit's own malloc (shim/common/heap.c): it alone is linked into every
# musl scinit, with none of musl's allocator members beside it; it survives
# a random workload; and it is what keeps a run-time filter build from
# faulting a page for every group of blocks libseccomp frees.
. tests/lib.sh

# musl's allocator members in libc.a: the link map names each that went in.
musl_heap='libc\.a\((lite_malloc|malloc|free|realloc|calloc|libc_calloc|aligned_alloc|memalign|posix_memalign|malloc_usable_size|donate|reallocarray)\.lo\)'
for bin in "$SCINIT" build/arm64/scinit; do
	map=$bin.map
	if [ ! -f "$map" ]; then
		[ "$bin" = "$SCINIT" ] && fail "heap: $map is missing (the Makefile writes it at the link)"
		[ "$bin" != "$SCINIT" ] && skip_or_fail "heap: $map" "build/arm64/scinit not built (make ARCH=arm64)"
		continue
	fi
	check "heap: $bin links shim/common/heap.o" yes "$(grep -q 'obj/common/heap\.o' "$map" && echo yes)"
	check "heap: $bin links none of musl's allocator members" "" \
		"$(grep -oE "$musl_heap" "$map" | sort -u | tr '\n' ' ')"
	check "heap: the map check sees libc.a members at all" yes "$(grep -q 'libc\.a(memcpy\.lo)' "$map" && echo yes)"
done

if [ -x build/heap_stress ]; then
	out=$(build/heap_stress 2>&1)
	rc=$?
	check "heap: the stress run exits 0" 0 "$rc"
	for property in "reuse" "contents, realloc, calloc, alignment" "malloc(SIZE_MAX - 8) is NULL with ENOMEM" \
		"calloc overflow is NULL with ENOMEM" "malloc(0) is a block of its own"; do
		check "heap: $property" "ok $property" "$(grep -Fx "ok $property" <<<"$out" || grep -F "$property" <<<"$out")"
	done
else
	fail "heap: build/heap_stress is missing (make build/heap_stress)"
fi

# The control: the same workload on musl's own malloc does not reuse pages,
# so the reuse property is one the stress run can fail.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if musl-gcc -std=c11 -D_GNU_SOURCE -Os -static tests/heap_stress.c -o "$tmp/musl_heap" 2>"$tmp/err"; then
	check_match "heap: musl's own malloc fails the reuse property" '^FAIL reuse' "$("$tmp/musl_heap" | grep reuse)"
else
	fail "heap: build the control on musl's malloc" "$(head -n 1 "$tmp/err")"
fi

# A filter built at run time: with the heap's reuse, Docker's default profile
# (from Debian's package, as t_json_docker.sh takes it) builds within a page
# budget that musl's allocator exceeded by far (about 700 faults for the
# whole start, 150 with this heap, on x86_64).
if . tests/debian_data.sh && d=$(docker_seccomp_dir 2>/dev/null) && [ -f "$d/default.json" ]; then
	# posix_spawn: no copy-on-write faults of a forked python counted in.
	faults=$(python3 -c 'import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_minflt if status == 0 else "exit status %d" % status)' "$SCINIT" --profile "$d/default.json" --exec -- "$PROBE" getpid)
	check_match "heap: a start with Docker's default faults under 300 pages ($faults)" '^([0-9]|[0-9][0-9]|[12][0-9][0-9])$' "$faults"
else
	skip_or_fail "heap: Docker's default profile" "golang-github-docker-docker-dev could not be unpacked"
fi
