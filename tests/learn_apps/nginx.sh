# shellcheck shell=sh
# nginx (master and a worker as www-data) serves files on the loopback:
# its temporary directories do not exist yet, as in a fresh container.
. "${0%/*}/common.sh"
bb=/bin/busybox
mkdir -p www/sub
echo hello >www/index.html
head -c 1000000 /dev/urandom >www/sub/big.bin
chmod -R a+rX www
cat >nginx.conf <<CONF
daemon off;
user www-data;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/error.log;
events { worker_connections 64; }
http {
	access_log $W/access.log;
	client_body_temp_path $W/body-temp;
	proxy_temp_path $W/proxy-temp;
	fastcgi_temp_path $W/fastcgi-temp;
	uwsgi_temp_path $W/uwsgi-temp;
	scgi_temp_path $W/scgi-temp;
	server { listen 127.0.0.1:$PORT; root $W/www; }
}
CONF
nginx -p "$W" -c "$W/nginx.conf" -e "$W/error.log" &
pid=$!
wait_for $bb wget -q -O /dev/null "http://127.0.0.1:$PORT/index.html"
if [ "$IN" = 1 ]; then
	[ "$($bb wget -q -O - "http://127.0.0.1:$PORT/index.html")" = hello ]
else
	$bb wget -q -O got.bin "http://127.0.0.1:$PORT/sub/big.bin"
	cmp got.bin www/sub/big.bin
	! $bb wget -q -O /dev/null "http://127.0.0.1:$PORT/missing" 2>/dev/null
fi
kill -QUIT "$pid"
wait "$pid"
done_ok nginx
