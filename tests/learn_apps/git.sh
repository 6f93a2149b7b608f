# shellcheck shell=sh
# git: a repository with two commits, cloned through file:// (upload-pack,
# index-pack), then log and status in the clone.
. "${0%/*}/common.sh"
export HOME="$W" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
git init -q src
n=$(pick 3 20)
mkdir -p "src/$(pick d deeper/dir)"
i=0
while [ "$i" -lt "$n" ]; do
	head -c "$(pick 100 20000)" /dev/urandom >"src/$(pick d deeper/dir)/f$i"
	i=$((i + 1))
done
git -C src add -A
git -C src commit -qm one
echo two >"src/$(pick readme notes.txt)"
git -C src add -A
git -C src commit -qm two
git clone -q "file://$W/src" dst
[ "$(git -C dst log --oneline | wc -l)" = 2 ]
[ -z "$(git -C dst status --porcelain)" ]
[ "$(git -C dst ls-files | wc -l)" = $((n + 1)) ]
done_ok git
