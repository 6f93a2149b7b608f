"""readback.py [--supervisor SUP] OUT APP COMMAND...: runs COMMAND (scinit
..., wrapped in setpriv or not) under ptrace, following its forks, and
when a process execs APP writes the seccomp program the kernel then holds
for it (PTRACE_SECCOMP_GET_FILTER, the newest filter) to OUT, raw, and an
older one, if any, to OUT.1, OUT.2, ...; then kills everything. What the
kernel holds, not what scinit says it built.

With --supervisor: also the filters of the process that forked the app
(scinit's supervisor, the traced scinit itself), stopped with SIGSTOP
once the app has exec'd (it confined itself before it let the app go), to
SUP, SUP.1, ...; and SUP.fds, its descriptors as /proc shows them when it
forked the app and when the app exec'd ({"fork": {fd: link}, "exec": ...,
"inherited": ours, which it got, "confined_at_exec": whether it held its
filter when the app exec'd}), the kernel's view of which fd numbers its
filter can name.

We are the tracer from the start (PTRACE_TRACEME), so the supervisor's
turning itself non-dumpable does not matter; GET_FILTER needs
CAP_SYS_ADMIN and a tracer not itself under seccomp. Exits 1 if APP is
never exec'd or no filter can be read."""
import ctypes
import json
import os
import signal
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long
TRACEME, CONT, GETEVENTMSG, SETOPTIONS, GET_FILTER = 0, 7, 0x4201, 0x4200, 0x420C
O_TRACEFORK, O_TRACEVFORK, O_TRACECLONE, O_TRACEEXEC, O_EXITKILL = 2, 4, 8, 0x10, 0x100000
EVENT_FORK, EVENT_VFORK, EVENT_CLONE, EVENT_EXEC = 1, 2, 3, 4
WALL = 0x40000000

args = sys.argv[1:]
sup_out = None
if args[0] == "--supervisor":
    sup_out, args = args[1], args[2:]
out, app, command = args[0], os.path.realpath(args[1]), args[2:]


def fds(pid):
    """{fd: link}, " (write-only)" added for a descriptor opened O_WRONLY."""
    out = {}
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return out
    for n in names:
        try:  # listdir's own descriptor is gone by now
            flags = next(l for l in open(f"/proc/{pid}/fdinfo/{n}") if l.startswith("flags:"))
            write_only = int(flags.split()[1], 8) & 3 == 1
            out[int(n)] = os.readlink(f"/proc/{pid}/fd/{n}") + (" (write-only)" if write_only else "")
        except OSError:
            pass
    return out


def filters(pid, path):
    """Every filter of pid, newest first, to path, path.1, ...; how many."""
    i = 0
    while True:
        n = libc.ptrace(GET_FILTER, pid, ctypes.c_void_p(i), None)
        if n <= 0:
            return i
        buf = ctypes.create_string_buffer(n * 8)
        if libc.ptrace(GET_FILTER, pid, ctypes.c_void_p(i), buf) != n:
            return i
        open(path if i == 0 else f"{path}.{i}", "wb").write(buf.raw[: n * 8])
        i += 1


inherited = fds(os.getpid())
child = os.fork()
if child == 0:
    libc.ptrace(TRACEME, 0, None, None)
    os.execvp(command[0], command)
os.waitpid(child, 0)  # the SIGTRAP of the command's own exec
opts = O_TRACEFORK | O_TRACEVFORK | O_TRACECLONE | O_TRACEEXEC | O_EXITKILL
libc.ptrace(SETOPTIONS, child, None, ctypes.c_void_p(opts))
libc.ptrace(CONT, child, None, None)
parent_of, at_fork, found = {}, {}, None
while found is None:
    try:
        pid, st = os.waitpid(-1, WALL)
    except ChildProcessError:
        break
    if os.WIFEXITED(st) or os.WIFSIGNALED(st):
        continue
    event, sig = st >> 16, os.WSTOPSIG(st)
    if event in (EVENT_FORK, EVENT_VFORK, EVENT_CLONE):
        msg = ctypes.c_ulong()
        libc.ptrace(GETEVENTMSG, pid, None, ctypes.byref(msg))
        parent_of[msg.value] = pid
        at_fork[pid] = fds(pid)
    if event == EVENT_EXEC and os.path.realpath(f"/proc/{pid}/exe") == app:
        found = pid
        break
    passed = 0 if event or sig in (signal.SIGTRAP, signal.SIGSTOP) else sig
    libc.ptrace(CONT, pid, None, ctypes.c_void_p(passed))
ok = found is not None and filters(found, out) > 0
def confined(pid):
    return any(l.split() == ["Seccomp:", "2"] for l in open(f"/proc/{pid}/status"))


if ok and sup_out:
    sup = parent_of.get(found, child)
    # Learn mode does not hold the app back until the supervisor is
    # confined (docs/security.md): wait for it, and say whether it was.
    at_exec = confined(sup)
    for _ in range(500):
        if confined(sup):
            break
        time.sleep(0.01)
    state = {"fork": at_fork.get(sup, {}), "exec": fds(sup), "inherited": inherited,
             "confined_at_exec": at_exec}
    os.kill(sup, signal.SIGSTOP)
    while True:  # until the supervisor itself is stopped (other events pass)
        pid, st = os.waitpid(-1, WALL)
        if pid == sup and os.WIFSTOPPED(st) and os.WSTOPSIG(st) == signal.SIGSTOP and st >> 16 == 0:
            break
        if os.WIFSTOPPED(st) and pid != found:
            libc.ptrace(CONT, pid, None, None)
    ok = filters(sup, sup_out) > 0
    json.dump(state, open(f"{sup_out}.fds", "w"))
err = ctypes.get_errno()
os.kill(child, signal.SIGKILL)  # O_EXITKILL: and every traced process with it
if found:
    os.kill(found, signal.SIGKILL)
if found is None:
    sys.exit("readback: the command ended before it exec'd the app")
if not ok:
    sys.exit(f"readback: no filter (errno {err})")
