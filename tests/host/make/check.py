#!/usr/bin/env python3
"""tests/host/make/check.py - the Makefile's user interface: `make help`
names every target (each rule of a plain name in the Makefile and its
included *.mk files) and every variable set with ?=; `make EXTRA_BINS=...`
puts each program into /bin of the run image and a plain build drops it
again.  The image is built into a scratch build directory whose parts are
links to build/'s (so nothing is rebuilt and build/initrd.cpio, which
tests use, is not touched).  Prints ok/not ok lines."""
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
OWN = {"initrd.cpio", "extra-bins.txt", "root"}	# what the check rebuilds


def report(name, ok, why=""):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    if not ok:
        for line in why.rstrip().splitlines():
            print("#   " + line)


def makefile_names():
    """The targets (rules with a plain name) and ?= variables."""
    targets, variables = set(), set()
    for path in [os.path.join(ROOT, "Makefile")] + \
            glob.glob(os.path.join(ROOT, "libc", "**", "*.mk"), recursive=True):
        with open(path) as f:
            for line in f:
                m = re.match(r"([a-z][a-z0-9-]*):(?!=)", line)
                if m:
                    targets.add(m.group(1))
                m = re.match(r"([A-Z][A-Z0-9_]*)\s*\?=", line)
                if m:
                    variables.add(m.group(1))
    return targets - {"all"}, variables


def make_help():
    p = subprocess.run(["make", "-s", "-C", ROOT, "help"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = p.stdout.decode()
    targets, variables = makefile_names()
    missing = sorted(t for t in targets
                     if not re.search(r"\bmake %s(?![\w-])" % re.escape(t), text))
    missing += sorted(v for v in variables if not re.search(r"\b%s\b" % v, text))
    report("make-help-lists-every-target-and-variable",
           p.returncode == 0 and len(targets) > 10 and not missing,
           "status %d; not in make help: %s" % (p.returncode, missing))


def cpio_names(path):
    p = subprocess.run(["cpio", "-t", "--quiet"], stdin=open(path, "rb"),
                       stdout=subprocess.PIPE, check=True)
    return set(p.stdout.decode().split())


def extra_bins(work):
    build = os.path.join(work, "build")
    os.mkdir(build)
    for name in os.listdir(os.path.join(ROOT, "build")):
        if name not in OWN:
            os.symlink(os.path.join(ROOT, "build", name), os.path.join(build, name))
    prog = os.path.join(work, "hello-extra")
    with open(prog + ".c", "w") as f:
        f.write('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    subprocess.run(["gcc", "-static", "-o", prog, prog + ".c"], check=True)
    image = os.path.join(build, "initrd.cpio")
    names = []
    for extra in (prog, ""):
        p = subprocess.run(["make", "-s", "-C", ROOT, "B=" + build,
                            "EXTRA_BINS=" + extra, image],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        names.append(cpio_names(image) if p.returncode == 0 else set())
    with_it, without = names
    report("make-run-extra-bins-in-image",
           "bin/hello-extra" in with_it and "bin/sh" in with_it and
           "bin/hello-extra" not in without and "bin/sh" in without,
           "with EXTRA_BINS: hello-extra %s; after a plain build: %s" %
           ("bin/hello-extra" in with_it, "bin/hello-extra" in without))


def main():
    make_help()
    with tempfile.TemporaryDirectory() as work:
        extra_bins(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
