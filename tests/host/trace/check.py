#!/usr/bin/env python3
"""tests/host/trace/check.py - the annotated trace of docs/guide/11-tracing.md
is still what trace=mm prints: tracedemo.c is built and run under
tools/run-prog with trace=mm,pid=5, and every line of the page's ```trace
blocks must come, in order, in that trace (addresses may differ; a "..."
line stands for lines left out); the pid= filter let through the program
and its three children only; tools/mmviz --timeline draws that trace: one
dot per fault of the program with its kind, a bar from each of its mmap
calls, rendered by rsvg-convert at the SVG's size.  Prints ok/not ok lines; with --print,
prints the trace itself (to regenerate the page)."""
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PAGE = os.path.join(ROOT, "docs", "guide", "11-tracing.md")
PID = 5  # init 1, the flusher 2, kswapd0 3, khugepaged 4: the program is 5
CMDLINE = "trace=mm,pid=%d" % PID


def normal(line):
    """A line with its addresses and the faulting ip made ADDR."""
    line = re.sub(r"0x[0-9a-f]+", "ADDR", line)
    line = re.sub(r"\b(fault|ip) [0-9a-f]+", r"\1 ADDR", line)
    return line.rstrip()


def page_lines():
    """The lines of the page's ```trace blocks, in order."""
    lines, inside = [], False
    with open(PAGE) as f:
        for line in f:
            if line.startswith("```"):
                inside = line.strip() == "```trace"
            elif inside and line.strip() != "...":
                lines.append(line.rstrip("\n"))
    return lines


def run_trace(work):
    """tracedemo's output and trace=mm lines, merged in order by run-prog."""
    prog = os.path.join(work, "tracedemo")
    subprocess.run(["gcc", "-static", "-O1", "-o", prog,
                    os.path.join(HERE, "tracedemo.c")], check=True)
    env = dict(os.environ, PAGODA_CMDLINE=CMDLINE)
    p = subprocess.run([os.path.join(ROOT, "tools", "run-prog"), prog], env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=180)
    lines = p.stdout.decode("utf-8", "replace").replace("\r", "").splitlines()
    return p.returncode, lines


def timeline(work, lines):
    """Problems of mmviz --timeline's picture of the trace (none: [])."""
    trace, svg, png = (os.path.join(work, n) for n in ("trace", "t.svg", "t.png"))
    with open(trace, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([os.path.join(ROOT, "tools", "mmviz"), "--timeline", "-o",
                        svg, trace], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        return ["mmviz --timeline: exit %d\n%s" % (p.returncode, p.stdout.decode())]
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    kinds = [c.get("data-kind") for c in root.iter(ns + "circle")
             if c.get("class") == "fault"]
    bars = {g.get("data-start") for g in root.iter(ns + "g")
            if g.get("class") == "vma" and g.get("data-call") == "mmap"}
    start = next(i for i, l in enumerate(lines) if "] exec " in l)
    faults = [m.group(1) for m in (re.match(r"\[%d\] fault \S+ .*-> (.*)$" % PID, l)
                                   for l in lines[start:]) if m]
    maps = [m.group(1) for m in (re.match(r"\[%d\] mmap\(.*\) = 0x([0-9a-f]+)$" % PID, l)
                                 for l in lines) if m]
    problems = []
    if kinds != faults or "huge" not in kinds or "file-major" not in kinds:
        problems.append("fault dots %s, trace faults %s" % (kinds, faults))
    if len(maps) < 6 or not set(maps) <= bars:
        problems.append("mmap results %s, mmap bars from %s" % (maps, sorted(bars)))
    p = subprocess.run(["rsvg-convert", "-o", png, svg], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    with open(png, "rb") as f:
        head = f.read(24) if p.returncode == 0 else b""
    size = (int(root.get("width")), int(root.get("height")))
    if head[12:16] != b"IHDR" or struct.unpack(">II", head[16:24]) != size:
        problems.append("rsvg-convert: exit %d, not a %dx%d PNG" % ((p.returncode,) + size))
    return problems


def main():
    with tempfile.TemporaryDirectory() as work:
        rc, lines = run_trace(work)
        problems = timeline(work, lines)
    pids = sorted({int(m.group(1)) for m in
                   (re.match(r"\[(\d+)\] ", l) for l in lines) if m})
    start = next((i for i, l in enumerate(lines) if "] exec " in l), 0)
    trace = lines[start:]
    if "--print" in sys.argv:
        print("\n".join(trace))
        return rc
    want = page_lines()
    got = [normal(l) for l in trace]
    at, missing = 0, None
    for line in want:
        try:
            at = got.index(normal(line), at) + 1
        except ValueError:
            missing = line
            break
    ok = rc == 0 and len(want) > 20 and missing is None
    # pid=PID: the program and its three children, not init or the kthreads
    want_pids = [PID, PID + 1, PID + 2, PID + 3]
    print("%s - trace-pid-filter-program-and-children" %
          ("ok" if pids == want_pids else "not ok"))
    if pids != want_pids:
        print("#   traced pids %s, want %s" % (pids, want_pids))
    print("%s - mmviz-timeline-svg" % ("not ok" if problems else "ok"))
    for line in "\n".join(problems).splitlines():
        print("#   " + line)
    print("%s - trace-annotated-guide-page" % ("ok" if ok else "not ok"))
    if not ok:
        print("#   status %d, %d page lines; not found in order: %s" %
              (rc, len(want), missing))
        for line in trace[-40:]:
            print("#   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
