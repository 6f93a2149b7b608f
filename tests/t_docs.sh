# The shell blocks of README.md and docs/*.md, run: each fenced block
# labelled sh, bash, shell or console is one check named FILE:LINE (the line
# of its opening fence).
#
# - sh, bash, shell: the block is a script, run by `bash -e -o pipefail`;
#   it passes when it exits 0.
# - console: a transcript. Lines starting with "$ " are the commands (a line
#   ending in "\" continues on the next); the other lines are what they
#   print. The commands run in order by bash (without -e: a transcript may
#   show a command that reports findings and exits 1), and it passes when
#   each printed line shown is a line of their output (stdout and stderr),
#   where "..." stands for any text, every run of digits for any number
#   (pids, times, addresses, counts) and every run of blanks for any (tabs
#   in /proc files).
#
# A block that cannot run here is marked in the markdown by an HTML comment
# on the line right before its opening fence (blank lines between are
# allowed), stating why:
#
#   <!-- not run: needs a Kubernetes cluster -->
#
# Such blocks are listed as SKIP with that reason, and counted. A marker
# without a reason is a failure. Blocks with no label or another one
# (ini, dockerfile, yaml, plain output) are not run, so an unlabelled block
# that starts with "$ " (a transcript) is a failure.
#
# Where a block runs: a fresh temporary directory that has, as links, every
# top-level entry of the repository (so `make`, `docs/...`, `images/...`,
# `git archive HEAD` and build/ work as from the top of a checkout), plus
# app.ini, a copy of the README's minimal profile, the profile the docs call
# app.ini. PATH starts with build/ (`scinit` is build/scinit), after the
# docker below. A link is not a copy: a block's `make` builds in the
# repository's build directories, as the docs mean it to (up to date after
# make check, so it only checks), and no block may write elsewhere through
# a link.
#
# Docker: blocks run against the running engine, through a `docker` first
# in PATH that renames the docs' names to ones prefixed "docs-" and removed
# at the end: the images myimage and myapp, the container web, and
# scinit-example/NAME (the example images, built from this build's files,
# as `make images` would). myimage is the scratch example (scinit with the
# embedded profile, /app) plus busybox as /bin/busybox, /bin/sh and
# /bin/cat. Without an engine, those blocks are skip_or_fail.
. tests/lib.sh
. tests/docker_lib.sh

top=$PWD
docs=(README.md docs/*.md)
work=$(mktemp -d)
# docker_clean: the containers and images of this test, by their names.
docker_clean() {
	local ids tags tag
	mapfile -t tags < <({ _dk 30 images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=docs-*'
		_dk 30 images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=docs-*/*'; } 2>/dev/null)
	# Named ones (web), and those of --rm that the engine may not have
	# removed yet.
	mapfile -t ids < <({ _dk 30 ps -aq --filter name='^docs-'
		for tag in "${tags[@]}"; do _dk 30 ps -aq --filter ancestor="$tag"; done; } 2>/dev/null | sort -u)
	[ ${#ids[@]} -eq 0 ] || _dk 60 rm -f "${ids[@]}" >/dev/null 2>&1
	# By name, never by id: an identical image elsewhere has the same id.
	[ ${#tags[@]} -eq 0 ] || _dk 60 rmi "${tags[@]}" >/dev/null 2>&1
}
cleanup() {
	[ -z "${docker_used:-}" ] || docker_clean
	rm -rf "$work"
}
trap cleanup EXIT

# extract FILE OUTDIR: one file per block in OUTDIR (N.body), and on stdout
# one line per block: N LINE LANG RUN|SKIP [REASON].
extract() {
	awk -v out="$2" '
	function flush_marker(line) { marker = ""; if (line ~ /^[ \t]*<!-- not run/) marker = line }
	!on && /^[ \t]*```/ {
		indent = match($0, /```/) - 1
		lang = substr($0, indent + 4); sub(/[ \t]+$/, "", lang)
		on = 1; n++; body = out "/" n ".body"; printf "" > body
		if (lang == "sh" || lang == "bash" || lang == "shell" || lang == "console") {
			if (marker == "") print n, NR, lang, "RUN"
			else {
				reason = marker
				sub(/^[ \t]*<!-- not run:?[ \t]*/, "", reason); sub(/[ \t]*-->[ \t]*$/, "", reason)
				print n, NR, lang, "SKIP", reason
			}
		}
		marker = ""
		next
	}
	on && /^[ \t]*```[ \t]*$/ { on = 0; close(body); next }
	on { print substr($0, 1 + (substr($0, 1, indent) ~ /^[ \t]*$/ ? indent : 0)) >> body; next }
	/^[ \t]*$/ { next }
	{ flush_marker($0) }
	' "$1"
}

# console_split BODY SCRIPT EXPECTED: the commands of a transcript, and the
# printed lines as extended regexes.
console_split() {
	awk -v script="$2" -v expect="$3" '
	BEGIN { printf "" > script; printf "" > expect }
	cont || /^\$ / {
		line = cont ? $0 : substr($0, 3)
		print line >> script
		cont = (line ~ /\\$/)
		next
	}
	{
		re = $0
		gsub(/[][\\.^$*+?(){}|]/, "\\\\&", re)
		gsub(/\\\.\\\.\\\./, ".*", re)
		gsub(/[0-9]+/, "[0-9]+", re)
		gsub(/[ \t]+/, "[[:blank:]]+", re)
		print re >> expect
	}' "$1"
}

# run_block LANG BODY DIR: runs the block in DIR; sets block_rc and
# block_out (its output, and for a transcript the lines not printed).
run_block() {
	local lang=$1 body=$2 dir=$3 script=$2 re missing="" shell=(bash -e -o pipefail)
	if [ "$lang" = console ]; then
		script=$body.script shell=(bash)
		console_split "$body" "$script" "$body.expect"
	fi
	# Not make check's jobserver: a block's make would warn about it.
	block_out=$(cd "$dir" && PATH="$work/bin:$top/build:$PATH" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		timeout -k 10 600 "${shell[@]}" "$script" </dev/null 2>&1)
	block_rc=$?
	if [ "$lang" = console ]; then
		block_rc=0
		while IFS= read -r re; do
			grep -Eq -- "^$re\$" <<<"$block_out" || missing+="
  not printed: $re"
		done <"$body.expect"
		[ -z "$missing" ] || { block_rc=1; block_out+=$missing; }
	fi
	return 0
}

# scene: a fresh directory shaped like the top of the repository.
scene() {
	local dir entry
	dir=$(mktemp -d -p "$work" run.XXXXXX)
	for entry in "$top"/* "$top"/.[!.]*; do
		[ -e "$entry" ] && ln -s "$entry" "$dir/${entry##*/}"
	done
	cp "$work/app.ini" "$dir/app.ini"
	echo "$dir"
}

mkdir -p "$work/bin"
# The profile the docs call app.ini: the README's minimal profile.
awk '/^```ini$/ {on=1; next} on && /^```$/ {exit} on' README.md >"$work/app.ini"
cat >"$work/bin/docker" <<EOF
#!/usr/bin/env bash
# The docs' names, renamed so the test's images and containers are its own.
args=()
for a in "\$@"; do
	case \$a in
	myimage | myapp | web) a=docs-\$a ;;
	scinit-example/*) a=docs-\$a ;;
	esac
	args+=("\$a")
done
exec "$DOCKER" "\${args[@]}"
EOF
chmod +x "$work/bin/docker"

# docker_images: builds what the docs' docker blocks name, once; 2 when no
# engine answers, 1 (after a failure) when the images cannot be built.
docker_images_ready=
docker_images() {
	local b ctx out
	[ -z "$docker_images_ready" ] || return "$docker_images_ready"
	docker_images_ready=2
	docker_ready || return 2
	docker_images_ready=1 docker_used=1
	docker_clean # what a run that was killed left
	b=$(dirname "$SCINIT")
	ctx=$work/myimage && mkdir -p "$ctx/bin" && cp /bin/busybox "$ctx/bin/" &&
		ln -s busybox "$ctx/bin/sh" && ln -s busybox "$ctx/bin/cat" &&
		printf 'FROM docs-scinit-example/scratch\nCOPY bin/ /bin/\n' >"$ctx/Dockerfile" || return 1
	if ! out=$(images/build.sh -p docs-scinit-example/ "$SCINIT" "$b-embedded/scinit" "$b/app" 2>&1 &&
		_dk 120 build -q -t docs-myimage "$ctx" 2>&1); then
		fail "docs: build the example images and myimage" "$(tail -n 3 <<<"$out" | tr '\n' ' ')"
		return 1
	fi
	docker_images_ready=0
}

# --- the extractor can fail: a planted false block is caught -------------------

plant=$work/plant && mkdir -p "$plant/blocks"
cat >"$plant/doc.md" <<'EOF'
A true block:

```sh
scinit --profile app.ini -- /bin/busybox true
```

A false one, as a doc goes stale:

```sh
scinit --profile app.ini -- /bin/busybox false
```

<!-- not run: needs a Kubernetes cluster -->

```sh
kubectl apply -f pod.yaml
```

```console
$ scinit --profile app.ini -- /bin/busybox echo pid 7 ok
pid 12 ok
```

```console
$ scinit --profile app.ini -- /bin/busybox echo pid 7 ok
pid 12 ko
```

```ini
[profile]
```
EOF
got=""
while read -r n line lang what reason; do
	if [ "$what" = SKIP ]; then got+="$line:skip($reason) "; continue; fi
	run_block "$lang" "$plant/blocks/$n.body" "$(scene)"
	got+="$line:$block_rc "
done < <(extract "$plant/doc.md" "$plant/blocks")
check "planted blocks: a true one passes, a false one fails, a marked one is skipped with its reason, transcripts compared" \
	"3:0 9:1 15:skip(needs a Kubernetes cluster) 19:0 24:1 " "$got"

# And in a copy of a real doc gone stale: workflow.md's lint transcript with
# a finding the profile does not give.
mkdir -p "$plant/stale"
sed "s/dangerous syscall 'mount' is allowed/dangerous syscall 'ptrace' is allowed/" docs/workflow.md >"$plant/stale.md"
got=$(extract "$plant/stale.md" "$plant/stale" | while read -r n line lang what _; do
	grep -q '^\$ scinit lint loose.ini$' "$plant/stale/$n.body" || continue
	run_block "$lang" "$plant/stale/$n.body" "$(scene)"
	echo "$what $block_rc $(grep -c 'not printed: .*ptrace' <<<"$block_out")"
done)
check "planted: a copy of workflow.md with a stale lint transcript fails, naming the line" "RUN 1 1" "$got"

# --- links between the docs -----------------------------------------------------

# links FILE: each relative link target ([text](path) or [text](path#anchor))
# that names no file or directory.
links() {
	grep -o '\]([^) ]*)' "$1" | sed 's/^](//; s/)$//; s/#.*//' | grep -Ev '^(https?:|mailto:|$)' | sort -u |
		while read -r target; do [ -e "$(dirname "$1")/$target" ] || echo "$target"; done
}
printf 'see [a](missing.md#x), [b](t_docs.sh) and [c](https://example.org/)\n' >"$work/links.md"
cp tests/t_docs.sh "$work/"
check "links: control: a link to a missing file is found" "missing.md" "$(links "$work/links.md")"
for f in "${docs[@]}"; do
	check "$f: every relative link names a file in the repository" "" "$(links "$f" | tr '\n' ' ')"
done

# A transcript left unlabelled would never run: each block whose first line
# is a command ("$ ") must be labelled console (and marked if it cannot run).
unlabelled() {
	awk '!on && /^[ \t]*```/ { on = 1; lang = $0; sub(/^[ \t]*```/, "", lang); start = NR; first = 1; next }
	on && /^[ \t]*```[ \t]*$/ { on = 0; next }
	on && first { first = 0; if (lang == "" && $0 ~ /^[ \t]*\$ /) print start }' "$1"
}
printf '```\n$ scinit --version\nscinit 1\n```\n\n```console\n$ true\n```\n' >"$work/unlabelled.md"
check "transcripts: control: an unlabelled one is found" 1 "$(unlabelled "$work/unlabelled.md")"
for f in "${docs[@]}"; do
	check "$f: every transcript (\$ ...) is labelled console" "" "$(unlabelled "$f" | sed "s|^|$f:|" | tr '\n' ' ')"
done

# --- the docs' shell blocks ----------------------------------------------------------

notrun=0
for f in "${docs[@]}"; do
	blocks=$work/blocks/$f && mkdir -p "$blocks"
	while read -r n line lang what reason; do
		name="$f:$line"
		if [ "$what" = SKIP ]; then
			if [ -n "$reason" ]; then skip "$name" "not run: $reason"; notrun=$((notrun + 1))
			else fail "$name" "a not-run marker must say why: <!-- not run: REASON -->"; fi
			continue
		fi
		if grep -Eq '(^|[|;&( ])docker ' "$blocks/$n.body"; then
			docker_images </dev/null
			case $? in
			2) skip_or_fail "$name" "needs a Docker engine"; continue ;;
			1) fail "$name" "the images it names could not be built (above)"; continue ;;
			esac
		fi
		run_block "$lang" "$blocks/$n.body" "$(scene)"
		if [ "$block_rc" = 0 ]; then pass "$name"; else fail "$name" "exit $block_rc:
$(sed 's/^/  | /' <<<"$block_out" | tail -n 30)"; fi
	done < <(extract "$f" "$blocks")
done
echo "docs: $notrun blocks marked not run (listed above as SKIP)"
