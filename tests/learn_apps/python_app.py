"""The python workload: each part checks its own result (see common.sh)."""
import asyncio
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading

inp, work = sys.argv[1], sys.argv[2]
n, size = (3, 1000) if inp == "1" else (6, 200000)

# Threads: each hashes its own data.
digests = {}
def hash_part(i):
    digests[i] = hashlib.sha256(bytes([i]) * size).hexdigest()
threads = [threading.Thread(target=hash_part, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(digests) == n, digests
print("threads", n)

# A subprocess, its stdin and stdout piped.
lines = "\n".join(str(i) for i in range(n * 10, 0, -1)) + "\n"
out = subprocess.run(["sort", "-n"], input=lines, capture_output=True, text=True, check=True).stdout
assert out.split() == sorted(lines.split(), key=int), out
print("subprocess sort", len(out.split()))

# A TCP server in a thread; the client sends size bytes and reads them back.
srv = socket.create_server(("127.0.0.1", 0))
def echo_once():
    conn, _ = srv.accept()
    with conn:
        got = b""
        while len(got) < size:
            got += conn.recv(65536)
        conn.sendall(got)
server = threading.Thread(target=echo_once)
server.start()
with socket.create_connection(srv.getsockname()) as c:
    c.sendall(b"x" * size)
    back = b""
    while len(back) < size:
        back += c.recv(65536)
server.join()
srv.close()
assert back == b"x" * size
print("tcp echo", size)

# A Unix socket pair.
a, b = socket.socketpair()
a.sendall(b"ping")
assert b.recv(4) == b"ping"
a.close()
b.close()

# sqlite3 in a file of the work directory (input 2: in a subdirectory).
dbdir = work if inp == "1" else os.path.join(work, "db", "two")
os.makedirs(dbdir, exist_ok=True)
db = sqlite3.connect(os.path.join(dbdir, "data%s.db" % inp))
db.execute("create table t (k integer primary key, v text)")
db.executemany("insert into t (v) values (?)", [("v%d" % i,) for i in range(n * 100)])
db.commit()
assert db.execute("select count(*) from t").fetchone()[0] == n * 100
db.close()
print("sqlite rows", n * 100)

# asyncio: a server and a client on the loopback.
async def main():
    async def handle(reader, writer):
        data = await reader.readexactly(size)
        writer.write(hashlib.md5(data).hexdigest().encode())
        await writer.drain()
        writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"y" * size)
    await writer.drain()
    got = await reader.read()
    writer.close()
    server.close()
    await server.wait_closed()
    await asyncio.sleep(0.01)
    return got.decode()
assert asyncio.run(main()) == hashlib.md5(b"y" * size).hexdigest()
print("asyncio")

# Files: write, rename, list, read back.
path = os.path.join(work, "files%s" % inp)
os.makedirs(path)
for i in range(n):
    with open(os.path.join(path, "f%d.tmp" % i), "wb") as f:
        f.write(os.urandom(size // n))
    os.replace(os.path.join(path, "f%d.tmp" % i), os.path.join(path, "f%d" % i))
assert sorted(os.listdir(path)) == sorted("f%d" % i for i in range(n))
assert sum(os.stat(os.path.join(path, f)).st_size for f in os.listdir(path)) == (size // n) * n
print("files", n)
