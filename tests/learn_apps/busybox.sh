# shellcheck shell=sh
# busybox applets in pipelines: files, links, modes, an archive, text tools.
. "${0%/*}/common.sh"
bb=/bin/busybox
n=$(pick 3 25)
d=$(pick d sub/other)
$bb mkdir -p "$d"
i=0
while [ "$i" -lt "$n" ]; do
	$bb dd if=/dev/urandom of="$d/f$i" bs="$(pick 10 4096)" count="$(pick 1 3)" 2>/dev/null
	echo "$i" >"$d/n$i"
	i=$((i + 1))
done
[ "$($bb ls "$d" | $bb sort -r | $bb grep -c '^n')" = "$n" ]
[ "$($bb cat "$d"/n* | $bb awk '{ s += $1 } END { print s }')" = $((n * (n - 1) / 2)) ]
$bb ln -s "$d/n0" "$(pick link other-link)"
$bb chmod "$(pick 600 751)" "$d/n0"
$bb cat "$(pick link other-link)" | $bb tr 0 z | $bb grep -q z
$bb tar czf a.tgz "$d"
[ "$($bb tar tzf a.tgz | $bb grep -c /f)" = "$n" ]
$bb find "$d" -type f -name 'f*' | $bb xargs $bb md5sum | $bb wc -l | $bb grep -qx "$n"
$bb sed "s/^/line /" "$d/n1" | $bb grep -qx "line 1"
$bb cp -a "$d" copy && $bb mv copy moved && $bb rm -r moved
done_ok busybox
