# shim/'s layout: the stages (docs: README, issue 14) may only include
# downstream. Every `#include "dir/file.h"` in shim/ is parsed, and:
#   - each names a file under shim/ as STAGE/FILE;
#   - nothing under profile/ includes filter/, init/, cmd/ or cli/;
#   - nothing under setup/ includes filter/, init/, cmd/ or cli/;
#   - nothing under filter/ includes init/, cmd/ or cli/;
#   - nothing under init/ includes cmd/ or cli/;
#   - common/ includes only common/;
#   - no cycle between files, and none between directories.
# The checker is run on shim/, then on copies with one violation of each kind
# planted, each of which it must report.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# layout ROOT: one line per violation, "RULE: detail"; "includes N FILES" first.
layout() {
	python3 - "$1" <<'EOF'
import os, re, sys

root = sys.argv[1]
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
# Stage -> the stages it may not include.
FORBIDDEN = {
    "profile": {"filter", "init", "cmd", "cli"},
    "setup": {"filter", "init", "cmd", "cli"},
    "filter": {"init", "cmd", "cli"},
    "init": {"cmd", "cli"},
}
edges = {}  # file -> [(included file, line)]
count = 0
for dirpath, _, names in os.walk(root):
    for name in sorted(names):
        if not name.endswith((".c", ".h", ".S")):
            continue
        path = os.path.relpath(os.path.join(dirpath, name), root)
        edges.setdefault(path, [])
        for n, line in enumerate(open(os.path.join(dirpath, name), errors="replace"), 1):
            m = INCLUDE.match(line)
            if m:
                count += 1
                edges[path].append((m.group(1), n))
print(f"includes {count} {len(edges)}")

def stage(path):
    return path.split("/")[0] if "/" in path else ""

dir_edges = {}  # (from stage, to stage) -> first "file:line"
for src in sorted(edges):
    for inc, n in edges[src]:
        where = f"{src}:{n} includes \"{inc}\""
        if "/" not in inc or not os.path.isfile(os.path.join(root, inc)):
            print(f"names: {where}, not a STAGE/FILE under shim/")
            continue
        a, b = stage(src), stage(inc)
        if b in FORBIDDEN.get(a, ()):
            print(f"{a}: {where}")
        if a == "common" and b != "common":
            print(f"common: {where}")
        if a and a != b:
            dir_edges.setdefault((a, b), where)

def cycles(graph):
    """One cycle through each node that lies on one, as a list of nodes."""
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found

file_graph = {src: {inc for inc, _ in incs if os.path.isfile(os.path.join(root, inc))} for src, incs in edges.items()}
for c in cycles(file_graph):
    print("file cycle: " + " -> ".join(c))
dir_graph = {}
for a, b in dir_edges:
    dir_graph.setdefault(a, set()).add(b)
for c in cycles(dir_graph):
    print("directory cycle: " + " -> ".join(c) + " (" + "; ".join(dir_edges[(x, y)] for x, y in zip(c, c[1:])) + ")")
EOF
}

layout shim >"$tmp/shim.out"
check_match "layout: the includes of shim/ were read" "^includes [0-9]{3,} [0-9]{2,}$" "$(head -n 1 "$tmp/shim.out")"
rule() { grep "^$1: " "$tmp/shim.out"; }
check "layout: every quoted include names a file under shim/ as STAGE/FILE" "" "$(rule names)"
check "layout: nothing under profile/ includes filter/, init/, cmd/ or cli/" "" "$(rule profile)"
check "layout: nothing under setup/ includes filter/, init/, cmd/ or cli/" "" "$(rule setup)"
check "layout: nothing under filter/ includes init/, cmd/ or cli/" "" "$(rule filter)"
check "layout: nothing under init/ includes cmd/ or cli/" "" "$(rule init)"
check "layout: common/ includes only common/" "" "$(rule common)"
check "layout: no include cycle between files" "" "$(rule 'file cycle')"
check "layout: no include cycle between directories" "" "$(rule 'directory cycle')"

# The checker can fail: one planted violation of each kind in a copy of
# shim/, each reported as that kind and naming what was planted.
# plant NAME REGEX FILE INCLUDE [FILE INCLUDE]...: FILE (in the copy) gets
# #include "INCLUDE"; a line of the checker's must then match REGEX.
plant() {
	local name=$1 want=$2 copy=$tmp/copy
	shift 2
	rm -rf "$copy" && cp -r shim "$copy"
	while [ $# -ge 2 ]; do
		printf '#include "%s"\n' "$2" >>"$copy/$1"
		shift 2
	done
	check_match "layout: control: $name is reported" "$want" "$(layout "$copy")"
}
plant "profile/ including filter/" '^profile: profile/profile_ini.c:[0-9]+ includes "filter/filter.h"' \
	profile/profile_ini.c filter/filter.h
plant "profile/ including cli/" '^profile: profile/groups.h:[0-9]+ includes "cli/cli.h"' profile/groups.h cli/cli.h
plant "setup/ including init/" '^setup: setup/caps.c:[0-9]+ includes "init/app.h"' setup/caps.c init/app.h
plant "filter/ including cmd/" '^filter: filter/bpf_export.c:[0-9]+ includes "cmd/bpf.h"' filter/bpf_export.c cmd/bpf.h
plant "init/ including cmd/" '^init: init/learn.c:[0-9]+ includes "cmd/lint.h"' init/learn.c cmd/lint.h
plant "common/ including profile/" '^common: common/io.c:[0-9]+ includes "profile/profile.h"' common/io.c profile/profile.h
plant "an include outside shim/" '^names: filter/filter.c:[0-9]+ includes "nowhere/none.h"' filter/filter.c nowhere/none.h
plant "a two-file cycle in common/" '^file cycle: common/(error.h -> common/io.h -> common/error.h|io.h -> common/error.h -> common/io.h)$' \
	common/io.h common/error.h common/error.h common/io.h
# cmd/ -> cli/ breaks none of the rules above, but cli/ includes cmd/.
plant "a directory cycle cli/ -> cmd/ -> cli/" '^directory cycle: cli -> cmd -> cli ' cmd/lint.c cli/cli.h
