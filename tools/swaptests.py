"""tools/swaptests.py - the Pintos-style swap loads (tests/pagoda/swapload.c)
with PAGODA_MEM=32M PAGODA_SWAP=128M; tools/test runs them in its pagoda/
suite.

  swapload(build, boot)  one boot of SWAPLOAD_BOOTS: its tests in a row,
                         each a result pagoda/page-NAME: stdout as on the
                         Linux host, pages went out and came back (pswpout
                         and pswpin > 0 during it), and no swap slot leaked
                         (the slots no live process names, the same after
                         it as before); a boot ending in swapoff also gives
                         pagoda/page-swapoff: every page back in memory,
                         no slot in use.
  pageout(build)         tests/pagoda/pageout.c with a swap disk:
                         MADV_PAGEOUT's swapped-out pages as mincore,
                         smaps, VmSwap, pagemap and vmstat show them
                         (pagoda/madv-pageout-swapped).
  dirty_shared(build)    tests/pagoda/dirty_shared.c: more dirty MAP_SHARED
                         file memory than is free, written by two
                         processes; reclaim writes it back (nr_vmscan_write,
                         pgsteal_file > 0) and the file reads back as on
                         the host (pagoda/reclaim-dirty-shared).

Each returns a list of (name, ok, reason).
"""
import os
import re
import subprocess
import tempfile
import time

from pagoda import ROOT, build_static, run_prog, tail, unified_diff

# Two boots of about 15 s each on the debug kernel under load: sizes as
# multiples of the 32 MiB of RAM (about 18 MiB free after boot).
SWAPLOAD_BOOTS = [
    ["linear", "64", "shuffle", "24", "12000", "churn", "16", "2"],
    ["parallel", "4", "12", "merge-seq", "24", "8", "merge-par", "8", "4",
     "swapoff"],
]


def swapload_env():
    """32 MiB of RAM, a 128 MiB swap disk, a 16 MiB store (the chunk files
    of merge-par are in it at once)."""
    cmdline = os.environ.get("PAGODA_CMDLINE", "") + " store_kb=16384"
    return dict(os.environ, PAGODA_MEM="32M", PAGODA_SWAP="128M",
                PAGODA_CMDLINE=cmdline.strip())


def check_test(name, want, got, err):
    """The result of one test of a boot from the lines it printed."""
    prefix = name + ":"
    want = "".join(l for l in want.splitlines(True) if l.startswith(prefix))
    got = "".join(l for l in got.splitlines(True) if l.startswith(prefix))
    m = re.search(r"^swapload %s pswpout (\d+) pswpin (\d+) orphans (-?\d+) (-?\d+)$"
                  % name, err, re.M)
    if not m:
        return False, "no counters line"
    out, inn, before, after = (int(g) for g in m.groups())
    ok = want == got and want and out > 0 and inn > 0 and before == after
    return ok, "pswpout %d, pswpin %d, slots no process names %d -> %d\n%s" % (
        out, inn, before, after, unified_diff(want, got))


def swapload(build, boot):
    """One boot of tests/pagoda/swapload.c running the tests of boot, and
    the same program (without swapoff) on the host."""
    binary = os.path.join(build, "run", "swapload-" + boot[0])  # one a boot
    err = build_static(os.path.join(ROOT, "tests/pagoda/swapload.c"), binary)
    names = [a for a in boot if not a.isdigit()]
    if err:
        return [("pagoda/page-" + n, False, err) for n in names]
    host = [a for a in boot if a != "swapoff"]
    with tempfile.TemporaryDirectory() as d:   # merge's chunk files
        want = subprocess.run([binary] + host, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, cwd=d,
                              timeout=120).stdout.decode()
    t = time.time()
    got, rc, err = run_prog(binary, boot, env=swapload_env())
    got, secs = got.decode("utf-8", "replace"), time.time() - t
    results = []
    for name in names:
        if name == "swapoff":
            ok = re.search(r"^swapload swapoff 0 nr_swap_used 0 SwapTotal 0$", err, re.M)
            why = "" if ok else "swapoff did not bring every page back"
        else:
            ok, why = check_test(name, want, got, err)
        results.append(("pagoda/page-" + name, rc == 0 and bool(ok),
                        "exit status %d, boot %.1f s, %s\n%s" % (rc, secs, why, tail(err))))
    return results


def pageout(build):
    """tests/pagoda/pageout.c with 64 MiB of RAM and a 32 MiB swap disk:
    it prints PASS or its failures."""
    binary = os.path.join(build, "run", "pageout")
    err = build_static(os.path.join(ROOT, "tests/pagoda/pageout.c"), binary)
    if err:
        return [("pagoda/madv-pageout-swapped", False, err)]
    out, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_MEM="64M",
                                             PAGODA_SWAP="32M"))
    out = out.decode("utf-8", "replace")
    return [("pagoda/madv-pageout-swapped", rc == 0 and out == "PASS\n",
             "exit status %d\n%s%s" % (rc, out, tail(err)))]


def dirty_shared(build):
    """tests/pagoda/dirty_shared.c over a 12 MiB file with 32 MiB of RAM,
    no swap and an 18 MiB store: the file's blocks and its dirty cache
    pages do not fit at once, so without reclaim writing dirty shared pages
    back the program is OOM-killed."""
    binary = os.path.join(build, "run", "dirty_shared")
    err = build_static(os.path.join(ROOT, "tests/pagoda/dirty_shared.c"), binary)
    if err:
        return [("pagoda/reclaim-dirty-shared", False, err)]
    with tempfile.TemporaryDirectory() as d:
        want = subprocess.run([binary, "12"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, cwd=d,
                              timeout=120).stdout.decode()
    cmdline = os.environ.get("PAGODA_CMDLINE", "") + " store_kb=18432"
    got, rc, err = run_prog(binary, ["12"], env=dict(
        os.environ, PAGODA_MEM="32M", PAGODA_CMDLINE=cmdline.strip()))
    got = got.decode("utf-8", "replace")
    written = re.search(r"^nr_vmscan_write (\d+)$", err, re.M)
    stolen = re.search(r"^pgsteal_file (\d+)$", err, re.M)
    ok = (rc == 0 and got == want and written and int(written.group(1)) > 0
          and stolen and int(stolen.group(1)) > 0)
    return [("pagoda/reclaim-dirty-shared", bool(ok), "exit status %d\n%s\n%s" % (
        rc, unified_diff(want, got), tail(err)))]
