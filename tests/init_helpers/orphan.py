# orphan.py COMMAND...: COMMAND's parent exits half a second after starting it
# (so a parent-death signal fires), while this script, a child subreaper,
# adopts COMMAND and prints its exit status (128+N for signal N).
import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
r, w = os.pipe()
mid = os.fork()
if mid == 0:
    os.close(r)
    pid = os.fork()
    if pid == 0:
        os.close(w)
        os.execvp(sys.argv[1], sys.argv[1:])
    os.write(w, str(pid).encode())
    import time; time.sleep(0.5)
    os._exit(0)
os.close(w)
target = int(os.read(r, 32))
status = None
while True:
    try:
        pid, st = os.waitpid(-1, 0)
    except ChildProcessError:
        break
    if pid == target:
        status = os.waitstatus_to_exitcode(st)
        status = status if status >= 0 else 128 - status
print(status)
