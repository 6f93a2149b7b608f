# shellcheck shell=sh
# redis-server on the loopback: PING, SET, GET and more, then SHUTDOWN.
. "${0%/*}/common.sh"
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$W" --save '' --appendonly no --daemonize no \
	--logfile "$W/redis.log" &
pid=$!
cli() { redis-cli -p "$PORT" "$@"; }
wait_for cli ping
[ "$(cli ping)" = PONG ]
if [ "$IN" = 1 ]; then
	[ "$(cli set greeting hello)" = OK ]
	[ "$(cli get greeting)" = hello ]
else
	big=$(head -c 100000 /dev/zero | tr '\0' x)
	[ "$(cli set big "$big")" = OK ]
	[ "$(cli strlen big)" = 100000 ]
	cli rpush list a b c >/dev/null
	[ "$(cli lrange list 0 -1 | tr '\n' ' ')" = "a b c " ]
	[ "$(cli incrby counter 5)" = 5 ]
fi
cli shutdown nosave >/dev/null 2>&1 || true
wait "$pid" || true
! kill -0 "$pid" 2>/dev/null
done_ok redis
