# shellcheck shell=sh
# python3: threads, a subprocess, TCP and Unix sockets, sqlite3, asyncio.
. "${0%/*}/common.sh"
/usr/bin/python3 "$APPS/python_app.py" "$IN" "$W"
done_ok python
