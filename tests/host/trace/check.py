#!/usr/bin/env python3
"""tests/host/trace/check.py - the annotated trace of docs/guide/11-tracing.md
is still what trace=mm prints: tracedemo.c is built and run under
tools/run-prog with trace=mm,pid=3, and every line of the page's ```trace
blocks must come, in order, in that trace (addresses may differ; a "..."
line stands for lines left out); the pid= filter let through the program
and its three children only.  Prints ok/not ok lines; with --print,
prints the trace itself (to regenerate the page)."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PAGE = os.path.join(ROOT, "docs", "guide", "11-tracing.md")
CMDLINE = "trace=mm,pid=3"


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


def main():
    with tempfile.TemporaryDirectory() as work:
        rc, lines = run_trace(work)
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
    # pid=3: the program and its children (4, 5, 6), not init (1, 2)
    print("%s - trace-pid-filter-program-and-children" %
          ("ok" if pids == [3, 4, 5, 6] else "not ok"))
    if pids != [3, 4, 5, 6]:
        print("#   traced pids %s, want [3, 4, 5, 6]" % pids)
    print("%s - trace-annotated-guide-page" % ("ok" if ok else "not ok"))
    if not ok:
        print("#   status %d, %d page lines; not found in order: %s" %
              (rc, len(want), missing))
        for line in trace[-40:]:
            print("#   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
