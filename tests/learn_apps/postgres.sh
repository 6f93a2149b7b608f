# shellcheck shell=sh
# postgresql 15 as the postgres user: initdb, start, queries, stop.
. "${0%/*}/common.sh"
chown postgres: "$W"
setpriv --reuid=postgres --regid=postgres --init-groups -- /bin/sh -eu -c '
PG=/usr/lib/postgresql/15/bin W=$1 IN=$2 PORT=$3
$PG/initdb -D "$W/db" -A trust -E UTF8 --no-locale -U postgres >"$W/initdb.log"
$PG/pg_ctl -D "$W/db" -l "$W/pg.log" -o "-k $W -p $PORT -c listen_addresses=" -w -t 15 start >/dev/null
q() { $PG/psql -h "$W" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atc "$1"; }
if [ "$IN" = 1 ]; then
	q "create table t (k int primary key, v text)"
	q "insert into t select i, md5(i::text) from generate_series(1, 100) i"
	[ "$(q "select count(*) from t")" = 100 ]
else
	q "create table other (k bigint, v jsonb)"
	q "insert into other select i, jsonb_build_object('"'"'i'"'"', i) from generate_series(1, 50000) i"
	q "create index on other (k)"
	[ "$(q "select sum((v->>'"'"'i'"'"')::int) from other where k > 49990")" = 499955 ]
fi
$PG/pg_ctl -D "$W/db" -m fast -w -t 15 stop >/dev/null
' sh "$W" "$IN" "$PORT"
done_ok postgres
