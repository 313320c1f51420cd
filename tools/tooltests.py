"""tools/tooltests.py - tests of the tools students look at Pagoda with;
tools/test runs them in its pagoda/ suite.

Both run tests/pagoda/addrspace.c, whose pages are in known states (see
the comment at its top), with tools/run-prog:

  gdb_commands(binary, kernel)
                        gdb in batch mode, tools/gdb/pagoda.py loaded,
                        attached to that boot and stopped when the program
                        exits: each pagoda-* command must show what the
                        program set up (pagoda/gdb-*)
  mmviz(binary)         the program's mmsnap snapshot drawn by tools/mmviz:
                        the page states, the text picture, and an SVG that
                        rsvg-convert renders, with one element per VMA
                        (pagoda/mmviz-*)
  make_gdb_twice(build) tools/gdb/run (make gdb's recipe) twice in a row:
                        each session stops at kernel_main and leaves no
                        QEMU behind; a third, with the port taken, refuses
                        to start (pagoda/make-gdb-twice)

Each returns a list of (name, ok, reason).
"""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_PROG = os.path.join(ROOT, "tools", "run-prog")
TIMEOUT = 180               # seconds for a boot, generous for a busy machine
ANON, FILEMAP = 0x20000000, 0x30000000

# The gdb commands run, each with what its output must match.
GDB_CHECKS = [
    ("ps", "pagoda-ps", [r"(?m)^\s+1\s+1 TASK_\w+\s+0x[0-9a-f]+\s+init$",
                         r"(?m)^\*\s+\d+\s+\d+ TASK_RUNNABLE\s+0x[0-9a-f]+\s+addrspace$"]),
    ("vmas", "pagoda-vmas", [r"(?m)^20000000-20008000 rw-p 00000000\s+0\s+32 KiB\s*$",
                             r"(?m)^30000000-30003000 rw-s .* /tmp/addrspace\.dat$",
                             r"(?m)^[0-9a-f]+-[0-9a-f]+ rw-p .* \[heap\]$",
                             r"(?m)^[0-9a-f]+-7ffffffff000 rw-p .* \[stack\]$"]),
    # Page 0 is shared copy-on-write: present, dirty, read-only.
    ("pte", "pagoda-pte 0x20000000", [r"(?m)^  PML4\[  0\] 0x[0-9a-f]+  P\|W\|U",
                                      r"(?m)^  PD  \[256\] 0x[0-9a-f]+  P\|W\|U",
                                      r"(?m)^  PT  \[  0\] 0x[0-9a-f]+  P\|U\|(A\|)?D\|NX$",
                                      r"present: frame at phys 0x[0-9a-f]+, pfn"]),
    ("pte-copied", "pagoda-pte 0x20001000", [r"(?m)^  PT  \[  1\] 0x[0-9a-f]+  P\|W\|U"]),
    ("pte-untouched", "pagoda-pte 0x20003000",
     [r"(?m)^  PT  \[  3\] 0x0+  -$", r"not present: the walk stops at the PT entry"]),
    ("page-cow", "pagoda-page 0x20000000", [r"use\s+PU_ANON", r"refcount\s+2\n",
                                            r"mapcount\s+2\n", r"anon_vma 0x"]),
    ("page-copied", "pagoda-page 0x20001000", [r"use\s+PU_ANON", r"mapcount\s+1\n"]),
    ("page-zero", "pagoda-page 0x20002000", [r"flags\s+0x[0-9a-f]+ \S*zero"]),
    ("page-file", "pagoda-page 0x30001000", [r"use\s+PU_CACHE", r"mapcount\s+2\n",
                                             r"of inode \d+ \(page cache\), index 0x1$"]),
    ("buddy", "pagoda-buddy", [r"(?m)^\s+0\s+4 KiB\s+\d+", r"(?m)^\s+10\s+4096 KiB\s+\d+",
                               r"total (\d+) free pages \(buddy\.free_pages \1\)"]),
]


def free_port():
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(process):
    """Kill a process started with start_new_session and all it started
    (run-prog's QEMU), if it is still running."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def gdb_sections(output):
    """gdb's output split at the `=== COMMAND` lines echoed before each."""
    sections, name = {}, None
    for line in output.splitlines(keepends=True):
        if line.startswith("=== "):
            name = line[4:].strip()
            sections[name] = ""
        elif name:
            sections[name] += line
    return sections


def gdb_commands(binary, kernel):
    """Boot addrspace stopped at its first instruction, run it in gdb to
    its exit_group, then run every command of GDB_CHECKS."""
    if not shutil.which("gdb"):
        return [("pagoda/gdb-commands", False, "no gdb: install it (tools/deps)")]
    port = free_port()
    env = dict(os.environ, PAGODA_TIMEOUT=str(TIMEOUT),
               QEMU_EXTRA="%s -S -gdb tcp:127.0.0.1:%d"
               % (os.environ.get("QEMU_EXTRA", ""), port))
    boot = subprocess.Popen([RUN_PROG, binary], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    # The program's own file: its size, its first page cached, mapped and on
    # an LRU list (read twice by exec: active too).
    checks = GDB_CHECKS + [
        ("pagecache", "pagoda-pagecache current->mm->exe_file->f_inode",
         [r"^inode \d+: size %d, [1-9]\d* pages cached" % os.path.getsize(binary),
          r"(?m)^\s+0\s+0x[0-9a-f]+\s+\d+\s+[1-9]\d*\s+uptodate\|lru(\|\w+)*$"])]
    cmd = ["gdb", "-batch", "-nx", "-ex", "set pagination off",
           "-ex", "set tcp connect-timeout %d" % TIMEOUT,
           "-x", os.path.join(ROOT, "tools", "gdb", "pagoda.py"),
           "-ex", "target remote 127.0.0.1:%d" % port,
           "-ex", "break sys_exit_group", "-ex", "continue"]
    for _, command, _ in checks:
        cmd += ["-ex", "echo === %s\\n" % command, "-ex", command]
    cmd += ["-ex", "kill", kernel]
    try:
        gdb = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=TIMEOUT)
        output = gdb.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode("utf-8", "replace") + "\n(gdb timed out)"
    finally:
        stop_group(boot)
    log = boot.stderr.read().decode("utf-8", "replace")
    boot.stderr.close()
    sections = gdb_sections(output)
    results = []
    for name, command, patterns in checks:
        text = sections.get(command, "")
        missing = [p for p in patterns if not re.search(p, text)]
        reason = "%s: output does not match %s\n%s" % (command, missing, text or output[-3000:])
        if not text:
            reason += "\n" + log[-2000:]
        results.append(("pagoda/gdb-" + name, not missing, reason))
    return results


def png_size(path):
    """(width, height) of a PNG file, from its IHDR chunk."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def check_svg(svg_path, png_path, vma_lines):
    """The SVG is well formed, has one vma group per VMA of the snapshot,
    the cells of addrspace's anonymous VMA, and renders at its size."""
    problems = []
    try:
        svg = ET.parse(svg_path).getroot()
    except ET.ParseError as e:
        return ["not well-formed XML: %s" % e]
    ns = "{http://www.w3.org/2000/svg}"
    groups = [g for g in svg.iter(ns + "g") if g.get("class") == "vma"]
    if len(groups) != len(vma_lines):
        problems.append("%d vma groups for %d VMAs" % (len(groups), len(vma_lines)))
    names = {g.get("data-name") for g in groups}
    for want in ("[stack]", "[heap]", "/tmp/addrspace.dat"):
        if want not in names:
            problems.append("no VMA named %s" % want)
    anon = [g for g in groups if g.get("data-start") == "%x" % ANON]
    cells = [r.get("class") for g in anon for r in g.iter(ns + "rect")
             if (r.get("class") or "").startswith("page ")]
    if cells != ["page c", "page a", "page z"] + ["page ."] * 5:
        problems.append("cells of the 0x%x VMA: %s" % (ANON, cells))
    p = subprocess.run(["rsvg-convert", "-o", png_path, svg_path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    size = (int(svg.get("width")), int(svg.get("height")))
    if p.returncode or png_size(png_path) != size:
        problems.append("rsvg-convert: exit %d, PNG size %s, SVG size %s\n%s"
                        % (p.returncode, png_size(png_path), size, p.stdout.decode()))
    return problems


def mmviz(binary):
    """addrspace's snapshot, its text picture and its SVG."""
    p = subprocess.run([RUN_PROG, binary, "snap"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT + 30)
    snap = p.stdout.decode("utf-8", "replace")
    pages = dict(re.findall(r"(?m)^vma ([0-9a-f]+) .*\npages (\S*)$", snap))
    ok = (p.returncode == 0 and pages.get("%x" % ANON) == "caz....." and
          re.fullmatch(r"[sS]{2}\.", pages.get("%x" % FILEMAP, "")) is not None)
    results = [("pagoda/mmviz-snapshot", ok, "exit status %d\n%s\n%s"
                % (p.returncode, snap, p.stderr.decode("utf-8", "replace")[-2000:]))]
    if not ok:
        return results
    work = tempfile.mkdtemp(prefix="pagoda-mmviz.")
    try:
        snap_path = os.path.join(work, "snap.txt")
        with open(snap_path, "w") as f:
            f.write(snap)
        mmviz = os.path.join(ROOT, "tools", "mmviz")
        text = subprocess.run([mmviz, "--text", snap_path], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT).stdout.decode()
        ok = (re.search(r"(?m)^000020000000-000020008000 rw-p .*\|caz\.\.\.\.\.\|", text)
              and re.search(r"(?m)^0000004[0-9a-f]{5}-[0-9a-f]+ rw-p .* \[heap\] .*heap", text)
              and "... 256.0 MiB free ..." in text)
        results.append(("pagoda/mmviz-text", bool(ok), text))
        if not shutil.which("rsvg-convert"):
            return results + [("pagoda/mmviz-svg", False,
                               "no rsvg-convert: install librsvg2-bin (tools/deps)")]
        svg_path = os.path.join(work, "snap.svg")
        out = subprocess.run([mmviz, "-o", svg_path, snap_path], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT).stdout.decode()
        vma_lines = re.findall(r"(?m)^vma ", snap)
        problems = [out] if out else check_svg(svg_path, os.path.join(work, "snap.png"),
                                               vma_lines)
        results.append(("pagoda/mmviz-svg", not problems, "\n".join(problems)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def gdb_session(build, port):
    """One `make gdb` session (tools/gdb/run) on port, gdb's commands from
    a pipe: where it stopped, then end of input (gdb quits).  Returns
    (exit status, output)."""
    env = dict(os.environ, PAGODA_GDB_PORT=str(port))
    try:
        p = subprocess.run([os.path.join(ROOT, "tools", "gdb", "run"), build],
                           input=b"info symbol $pc\n", stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace") + "\n(timed out)"


def make_gdb_twice(build):
    """Two gdb sessions in a row both stop at kernel_main, and the port is
    free after each (its QEMU is gone); with the port taken, it refuses."""
    if not shutil.which("gdb"):
        return [("pagoda/make-gdb-twice", False, "no gdb: install it (tools/deps)")]
    port, log = free_port(), ""
    for n in (1, 2):
        rc, out = gdb_session(build, port)
        log += "--- session %d (exit %s)\n%s" % (n, rc, out)
        with socket.socket() as s:
            taken = s.connect_ex(("127.0.0.1", port)) == 0
        if not re.search(r"kernel_main in section \.text", out) or taken:
            return [("pagoda/make-gdb-twice", False,
                     log + ("\nport %d still taken: its QEMU survived" % port
                            if taken else "\nnot stopped at kernel_main"))]
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        s.listen()
        rc, out = gdb_session(build, port)
    ok = rc == 1 and "port %d is in use" % port in out
    return [("pagoda/make-gdb-twice", ok, log + "--- port taken (exit %s)\n%s" % (rc, out))]
