#!/usr/bin/env python3
"""tests/host/runprog/check.py BUILD_DIR - tools/run-prog's contract
beyond what run/* checks: it refuses a dynamically linked program before
booting, streams a prompt on stderr to an interactive user, copies
files in (PAGODA_FILES) and out (PAGODA_OUT), and puts trace=mm lines in
order with the program's output.  Prints ok/not ok lines."""
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
RUN_PROG = os.path.join(ROOT, "tools", "run-prog")


def report(name, ok, why=""):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    if not ok:
        for line in why.rstrip().splitlines():
            print("#   " + line)


def compile_c(src, out, static=True):
    cmd = ["gcc"] + (["-static"] if static else []) + ["-O1", "-o", out, src]
    subprocess.run(cmd, check=True)


def dynamic(work):
    prog = os.path.join(work, "ask-dynamic")
    compile_c(os.path.join(HERE, "ask.c"), prog, static=False)
    p = subprocess.run([RUN_PROG, prog], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    want = "run-prog: %s is dynamically linked (needs " % prog
    err = p.stderr.decode()
    report("run-prog-dynamic-refused",
           p.returncode == 126 and err.startswith(want) and "-static" in err,
           "status %d, stderr:\n%s" % (p.returncode, err))


def wait_for(fd, want, deadline):
    """Read fd until want shows up (True) or the deadline passes."""
    got = b""
    while want not in got and time.time() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            got += chunk
    return want in got, got


def interactive(work):
    """The prompt reaches the terminal before the program has its
    answer: only then is the answer typed."""
    prog = os.path.join(work, "ask")
    compile_c(os.path.join(HERE, "ask.c"), prog)
    master, slave = pty.openpty()
    p = subprocess.Popen([RUN_PROG, prog], stdin=slave, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    os.close(slave)
    prompted, err = wait_for(p.stderr.fileno(), b"name? ", time.time() + 120)
    if prompted:
        os.write(master, b"bob\r")
    try:
        out = p.communicate(timeout=120)[0]
    except subprocess.TimeoutExpired:
        p.kill()
        out = p.communicate()[0]
    os.close(master)
    report("run-prog-streams-stderr-prompt",
           prompted and b"hello bob" in out and p.returncode == 0,
           "prompted %s, status %s\nstdout: %r\nstderr: %r" %
           (prompted, p.returncode, out, err))


def files(work):
    prog = os.path.join(work, "inout")
    compile_c(os.path.join(HERE, "inout.c"), prog)
    os.makedirs(os.path.join(work, "indir"))
    with open(os.path.join(work, "data.txt"), "w") as f:
        f.write("one\ntwo\n")
    with open(os.path.join(work, "indir", "sub.txt"), "w") as f:
        f.write("below\n")
    env = dict(os.environ, PAGODA_FILES="data.txt indir/", PAGODA_OUT="outdir")
    p = subprocess.run([RUN_PROG, prog], cwd=work, env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=180)
    result = os.path.join(work, "outdir", "result.txt")
    back = open(result).read() if os.path.exists(result) else None
    report("run-prog-files-in-and-out",
           p.returncode == 3 and p.stdout == b"data: one\ndata: two\nsub: below\n"
           and back == "result 42\n",
           "status %d, stdout %r, outdir/result.txt %r\n%s" %
           (p.returncode, p.stdout, back, p.stderr.decode()))


def trace_order(work):
    """With trace=mm, each trace line comes where it happened among the
    program's own stdout and stderr lines (one pipe for both here)."""
    prog = os.path.join(work, "traced")
    compile_c(os.path.join(HERE, "traced.c"), prog)
    env = dict(os.environ, PAGODA_CMDLINE="trace=mm")
    p = subprocess.run([RUN_PROG, prog], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    lines = p.stdout.decode("utf-8", "replace").splitlines()
    want = ["before mmap", "] mmap(", "mapped", "] fault ", "touched",
            "] munmap(", "after munmap"]
    at = 0
    for line in lines:
        if at < len(want) and want[at] in line and (want[at].startswith("]") or
                                                   line == want[at]):
            at += 1
    report("run-prog-trace-in-order", p.returncode == 0 and at == len(want),
           "status %d; found %d of %s in order\n%s" %
           (p.returncode, at, want, "\n".join(lines[-30:])))


def main():
    with tempfile.TemporaryDirectory() as work:
        dynamic(work)
        interactive(work)
        files(work)
        trace_order(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
