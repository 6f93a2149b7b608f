"""readback.py OUT COMMAND...: runs COMMAND (scinit --exec ... -- APP) under
ptrace and, when scinit execs the app, writes the seccomp program the
kernel then holds for it (PTRACE_SECCOMP_GET_FILTER, the newest filter) to
OUT, raw, and kills it. What the kernel holds, not what scinit says it
built. Exits 1 if the app is never exec'd or no filter can be read."""
import ctypes
import os
import signal
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long
TRACEME, CONT, SETOPTIONS, GET_FILTER = 0, 7, 0x4200, 0x420C
O_TRACEEXEC, EVENT_EXEC = 0x10, 4

pid = os.fork()
if pid == 0:
    libc.ptrace(TRACEME, 0, None, None)
    os.execvp(sys.argv[2], sys.argv[2:])
_, st = os.waitpid(pid, 0)  # the SIGTRAP of scinit's own exec
libc.ptrace(SETOPTIONS, pid, None, ctypes.c_void_p(O_TRACEEXEC))
libc.ptrace(CONT, pid, None, None)
while True:
    _, st = os.waitpid(pid, 0)
    if os.WIFEXITED(st) or os.WIFSIGNALED(st):
        sys.exit("readback: the command ended before it exec'd the app")
    if st >> 8 == signal.SIGTRAP | (EVENT_EXEC << 8):
        break
    sig = os.WSTOPSIG(st)
    libc.ptrace(CONT, pid, None, ctypes.c_void_p(0 if sig == signal.SIGTRAP else sig))
n = libc.ptrace(GET_FILTER, pid, ctypes.c_void_p(0), None)
buf = ctypes.create_string_buffer(max(n, 1) * 8)
ok = n > 0 and libc.ptrace(GET_FILTER, pid, ctypes.c_void_p(0), buf) == n
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
if not ok:
    sys.exit(f"readback: no filter ({n}, errno {ctypes.get_errno()})")
open(sys.argv[1], "wb").write(buf.raw[: n * 8])
