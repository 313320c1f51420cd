"""tools/swaptests.py - the Pintos-style swap loads (tests/pagoda/swapload.c)
with PAGODA_MEM=32M PAGODA_SWAP=128M, and the other checks of swap and
reclaim on a small memory; tools/test runs them in its pagoda/ suite.

  swapload(build, swap, boot)
                         one boot of SWAPLOAD_BOOTS: its tests in a row,
                         each a result pagoda/page-NAME: stdout as on the
                         Linux host, pages went out and came back (pswpout
                         and pswpin > 0 during it), and no swap slot leaked
                         (the slots no live process names, the same after
                         it as before); in "full", the child that filled
                         swap was killed (SIGKILL); a swapoff after test T
                         gives pagoda/page-swapoff-after-T: every page back
                         in memory, no slot in use; in "shmem" and "sysv"
                         the shared object's pages went to swap (its slots
                         > 0, and smaps Swap: of the shmem region);
                         "swapoff-shmem" (pagoda/page-swapoff-shmem):
                         MADV_PAGEOUT pushed a shared region and a SysV
                         segment out (mincore 0, smaps Swap:), and swapoff
                         brought every word back, no slot in use.
  pageout(build)         tests/pagoda/pageout.c with a swap disk:
                         MADV_PAGEOUT's swapped-out pages as mincore,
                         smaps, VmSwap, pagemap and vmstat show them
                         (pagoda/madv-pageout-swapped).
  thp_swap(build)        tests/pagoda/thp_swap.c with a swap disk: huge
                         pages split and swapped by MADV_PAGEOUT and by
                         reclaim, every word read back by a child and
                         the parent (pagoda/thp-swap).
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

# The sizes against the 32 MiB of RAM (about 18 MiB free after
# boot): one process over 96 MiB, four of 32 MiB at once; "linear 96" and
# "parallel 4 32" alone take about 15 s each on the debug kernel.  Each
# boot has its swap disk; "full" needs a small one, that 40 MiB overflows.
SWAPLOAD_BOOTS = [
    ("128M", ["linear", "96", "shuffle", "24", "12000", "churn", "16", "2"]),
    ("128M", ["parallel", "4", "32", "merge-seq", "24", "8", "merge-par", "8", "4",
              "swapoff"]),
    ("16M", ["full", "40", "swapoff"]),
    ("128M", ["shmem", "48", "sysv", "24", "swapoff-shmem", "8"]),
]


def swapload_env(swap):
    """32 MiB of RAM, a swap disk of swap, a 16 MiB store (the chunk files
    of merge-par are in it at once)."""
    cmdline = os.environ.get("PAGODA_CMDLINE", "") + " store_kb=16384"
    return dict(os.environ, PAGODA_MEM="32M", PAGODA_SWAP=swap,
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
    if name == "full":                  # the child that filled swap died
        ok = ok and re.search(r"^swapload full child signal 9$", err, re.M)
    if name in ("shmem", "sysv"):       # the shared object's pages swapped
        m = re.search(r"^swapload %s swapped (\d+) smaps-swap (-?\d+)$" % name, err, re.M)
        ok = ok and m and int(m.group(1)) > 0 and (name == "sysv" or int(m.group(2)) > 0)
    return ok, "pswpout %d, pswpin %d, slots no process names %d -> %d\n%s" % (
        out, inn, before, after, unified_diff(want, got))


def swapload(build, swap, boot):
    """One boot of tests/pagoda/swapload.c with a swap disk of swap,
    running the tests of boot, and the same program (without swapoff) on
    the host."""
    binary = os.path.join(build, "run", "swapload-" + boot[0])  # one a boot
    err = build_static(os.path.join(ROOT, "tests/pagoda/swapload.c"), binary)
    if err:
        return [("pagoda/page-" + boot[0], False, err)]
    names = [a for a in boot if not a.isdigit()]
    host = boot[:boot.index("swapoff-shmem")] if "swapoff-shmem" in boot else boot
    host = [a for a in host if a != "swapoff"]      # root and swap only
    with tempfile.TemporaryDirectory() as d:   # merge's chunk files
        want = subprocess.run([binary] + host, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, cwd=d,
                              timeout=120).stdout.decode()
    t = time.time()
    got, rc, err = run_prog(binary, boot, env=swapload_env(swap))
    got, secs = got.decode("utf-8", "replace"), time.time() - t
    results = []
    for i, name in enumerate(names):
        if name == "swapoff":
            name = "swapoff-after-" + names[i - 1]
            ok = re.search(r"^swapload swapoff 0 nr_swap_used 0 SwapTotal 0$", err, re.M)
            why = "" if ok else "swapoff did not bring every page back"
        elif name == "swapoff-shmem":
            ok = re.search(r"^swapload swapoff-shmem 0 swapped [1-9]\d* smaps-swap [1-9]\d* "
                           r"resident 0 bad 0 nr_swap_used 0$", err, re.M)
            why = "" if ok else "the shmem pages did not go out, or did not come back"
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


def thp_swap(build):
    """tests/pagoda/thp_swap.c with 64 MiB of RAM and a 64 MiB swap disk:
    it prints PASS or its failures."""
    binary = os.path.join(build, "run", "thp_swap")
    err = build_static(os.path.join(ROOT, "tests/pagoda/thp_swap.c"), binary)
    if err:
        return [("pagoda/thp-swap", False, err)]
    out, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_MEM="64M",
                                             PAGODA_SWAP="64M"))
    out = out.decode("utf-8", "replace")
    return [("pagoda/thp-swap", rc == 0 and out == "PASS\n",
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
