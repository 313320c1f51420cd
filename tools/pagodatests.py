"""tools/pagodatests.py - the pagoda/ suite of tools/test: what has no
Linux counterpart to compare with, checked on Pagoda alone.

  pagoda_oom, pagoda_oom_victim, pagoda_thp, pagoda_counters,
  pagoda_fork_eager, pagoda_trace_mm, pagoda_forklimit, pagoda_vmprint
                        tests/pagoda/*.c under run-prog
  pagoda_trace_kinds    page-mkwrite, shared-write, swap-in, oom-kill traced
  pagoda_khugepaged_collapse, pagoda_khugepaged_shared
                        khugepaged collapses, and skips pages fork shares
  pagoda_swap, pagoda_swapctl           swap on a virtio disk (PAGODA_SWAP)
  pagoda_kreclaim       kernel allocations reclaim before ENOMEM
  pagoda_map_count      65,000 areas within the debug kernel's time
  pagoda_abifuzz        a slice of the ABI fuzzer, with its leak check
  pagoda_vdso           the vDSO makes no system call (glibc, musl)
  pagoda_busybox        Debian's static busybox ps/top/free/uptime/df/
                        ln -s/mkfifo/id
  pagoda_newlib         newlib's malloc is Pagoda's; newlib vs glibc output
  pagoda_tools          the gdb commands and mmviz (tools/tooltests.py)
  pagoda_sqlite         SQLite on a file database (fcntl locks)

Each returns a list of (name, ok, reason).
"""
import os
import re
import subprocess
import time

from pagoda import (RUN_ARGS, ROOT, PAGODA_CC, build_static, run_native,
                    run_prog, tail, unified_diff)
import tooltests


def pagoda_oom(build):
    """A process that touches more memory than exists is killed; the
    kernel lives on (init reports the status)."""
    binary = os.path.join(build, "run", "oom")
    err = build_static(os.path.join(ROOT, "tests/pagoda/oom.c"), binary)
    if err:
        return [("pagoda/oom-kill", False, err)]
    _, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_MEM="96M",
                                           PAGODA_LOG="1"))
    ok = rc == 128 + 9 and "Out of memory: Killed process" in err
    return [("pagoda/oom-kill", ok, "exit status %d\n%s" % (rc, tail(err)))]


def pagoda_thp(build):
    """Transparent huge pages: the vmstat and meminfo counts, the policy
    file, the 4 KiB fallback (tests/pagoda/thp.c)."""
    binary = os.path.join(build, "run", "pagoda_thp")
    err = build_static(os.path.join(ROOT, "tests/pagoda/thp.c"), binary)
    if err:
        return [("pagoda/thp", False, err)]
    out, rc, err = run_prog(binary)
    out = out.decode("utf-8", "replace")
    return [("pagoda/thp", rc == 0 and "FAIL" not in out, out + err)]


def pagoda_counters(build):
    """COW copies nothing until a write; msync writes back exactly the
    dirty pages; mremap moves page-table entries and copies no page;
    fault-around maps the cached pages of its window, which
    /proc/sys/vm/fault_around_bytes sets (tests/pagoda/counters.c checks
    /proc/vmstat)."""
    binary = os.path.join(build, "run", "counters")
    err = build_static(os.path.join(ROOT, "tests/pagoda/counters.c"), binary)
    if err:
        return [("pagoda/cow-msync-mremap-counters", False, err)]
    out, rc, err = run_prog(binary)
    out = out.decode("utf-8", "replace")
    return [("pagoda/cow-msync-mremap-counters",
             rc == 0 and "FAIL" not in out, out + err)]


def swap_env(**extra):
    """16 MiB of RAM and a 32 MiB swap disk; the store (a quarter of RAM by
    default) made large enough for the initial files, after any
    PAGODA_CMDLINE of the caller's."""
    cmdline = os.environ.get("PAGODA_CMDLINE", "") + " store_kb=8192"
    return dict(os.environ, PAGODA_MEM="16M", PAGODA_SWAP="32M", PAGODA_LOG="1",
                PAGODA_CMDLINE=cmdline.strip(), **extra)


def vmstat_value(text, key):
    m = re.search(r"^%s (\d+)$" % key, text, re.M)
    return int(m.group(1)) if m else 0


def pagoda_swap(build):
    """More anonymous memory than RAM, with a swap disk: tests/pagoda/swap.c
    writes and checks 16 MiB with 16 MiB of RAM (about 7 MiB free after
    boot), across a fork; stdout as on the Linux host, pages went out and came back (pswpout, pswpin),
    kswapd ran (pageoutrun, pgscan_kswapd; pgscan_direct is shown), /proc/zoneinfo has
    min < low < high, and /proc/swaps has the host's header and Linux's columns."""
    binary = os.path.join(build, "run", "swap")
    err = build_static(os.path.join(ROOT, "tests/pagoda/swap.c"), binary)
    if err:
        return [("pagoda/swap", False, err)]
    want = subprocess.run([binary, "16"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, timeout=60).stdout
    t = time.time()
    got, rc, err = run_prog(binary, ["16"], env=swap_env())
    secs = time.time() - t
    with open("/proc/swaps") as f:
        header = f.readline()
    swaps = re.search(r"^/dev/vda +partition\t32764\t\t?(\d+)\t\t?-2$", err, re.M)
    out, inn = vmstat_value(err, "pswpout"), vmstat_value(err, "pswpin")
    runs, kscan = vmstat_value(err, "pageoutrun"), vmstat_value(err, "pgscan_kswapd")
    wm = re.search(r"^Node 0, zone   Normal\n  pages free +\d+\n +min +(\d+)\n +low +(\d+)\n"
                   r" +high +(\d+)\n +present +\d+\n +managed +\d+$", err, re.M)
    ok = (rc == 0 and got == want and header in err and swaps and out > 0 and inn > 0
          and runs > 0 and kscan > 0 and re.search(r"^pgscan_direct \d+$", err, re.M)
          and wm and int(wm.group(1)) < int(wm.group(2)) < int(wm.group(3)))
    return [("pagoda/swap", ok, "exit status %d, pswpout %d, pswpin %d, pageoutrun %d, "
             "pgscan_kswapd %d, %.1f s\n%s\n%s" % (rc, out, inn, runs, kscan, secs, unified_diff(
                 want.decode(), got.decode("utf-8", "replace")), tail(err)))]


def pagoda_swapctl(build):
    """swapon/swapoff and their errors (tests/pagoda/swapctl.c), and swapon
    of disks that are no swap area: unformatted, or shorter than its header."""
    binary = os.path.join(build, "run", "swapctl")
    err = build_static(os.path.join(ROOT, "tests/pagoda/swapctl.c"), binary)
    if err:
        return [("pagoda/swapctl", False, err)]
    results = []
    for name, image, args in (("swapctl", "", []),
                              ("swapon-notswap", "notswap", ["notswap"]),
                              ("swapon-short", "short", ["notswap"])):
        env = swap_env(PAGODA_SWAP_IMAGE=image)
        out, rc, err = run_prog(binary, args, env=env)
        out = out.decode("utf-8", "replace")
        results.append(("pagoda/" + name, rc == 0 and "PASS" in out,
                        "exit status %d\n%s%s" % (rc, out, tail(err))))
    return results


def pagoda_map_count(build):
    """65,000 separate areas, then mmap until max_map_count refuses
    (tests/pagoda/map_count.c): the debug kernel finishes within run-prog's
    default timeout (its checks are not quadratic in the areas), with
    Linux's output."""
    binary = os.path.join(build, "run", "map_count")
    err = build_static(os.path.join(ROOT, "tests/pagoda/map_count.c"), binary)
    if err:
        return [("pagoda/map-count-65000", False, err)]
    want, want_rc = run_native(binary)
    got, rc, err = run_prog(binary)
    return [("pagoda/map-count-65000", (got, rc) == (want, want_rc),
             "exit status linux %d, pagoda %d\n%s\n%s"
             % (want_rc, rc, unified_diff(want.decode("utf-8", "replace"),
                                          got.decode("utf-8", "replace")),
                tail(err)))]


def pagoda_fork_eager(build):
    """fork=eager copies private pages at fork, so no COW fault follows
    (tests/pagoda/fork_eager.c; make bench's comparison table uses it)."""
    binary = os.path.join(build, "run", "fork_eager")
    err = build_static(os.path.join(ROOT, "tests/pagoda/fork_eager.c"), binary)
    if err:
        return [("pagoda/fork-eager", False, err)]
    out, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_CMDLINE="fork=eager"))
    out = out.decode("utf-8", "replace")
    return [("pagoda/fork-eager", rc == 0 and "FAIL" not in out, out + err)]


def pagoda_trace_mm(build):
    """trace=mm logs every mm-class syscall (the dispatcher does it, so none
    is missed): tests/pagoda/trace_mm.c prints the line each of its calls
    must produce, and each must be in the kernel log."""
    binary = os.path.join(build, "run", "trace_mm")
    err = build_static(os.path.join(ROOT, "tests/pagoda/trace_mm.c"), binary)
    if err:
        return [("pagoda/trace-mm", False, err)]
    out, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_CMDLINE="trace=mm"))
    want = out.decode("utf-8", "replace").splitlines()
    log = set(err.replace("\r", "").splitlines())
    missing = [line for line in want if line not in log]
    ok = rc == 0 and len(want) == 14 and not missing
    return [("pagoda/trace-mm", ok, "exit status %d; not in the log:\n%s\n%s"
                   % (rc, "\n".join(missing), tail(err)))]


def pagoda_trace_kinds(build):
    """The fault kinds that need a shared mapping, swap or the OOM killer
    (tests/pagoda/trace_kinds.c, with trace=mm and a swap disk): each step's
    address has its fault line, and the OOM-killed child's oom-kill and
    killed-by lines come once each."""
    binary = os.path.join(build, "run", "trace_kinds")
    err = build_static(os.path.join(ROOT, "tests/pagoda/trace_kinds.c"), binary)
    if err:
        return [("pagoda/trace-kinds", False, err)]
    env = swap_env()
    env["PAGODA_CMDLINE"] += " trace=mm"
    out, rc, err = run_prog(binary, env=env)
    out = out.decode("utf-8", "replace")
    steps = dict(re.findall(r"(?m)^step (\S+) ([0-9a-f]+)$", out))
    pid = re.search(r"(?m)^pid (\d+)$", out)
    child = re.search(r"(?m)^child (\d+)$", out)
    log = err.replace("\r", "").splitlines()
    want = []
    if pid and child and len(steps) == 4:
        p, c = pid.group(1), child.group(1)
        want = ["[%s] fault %s write present -> page-mkwrite" % (p, steps["page-mkwrite"]),
                "[%s] fault %s write present -> shared-write" % (p, steps["shared-write"]),
                "[%s] fault %s read -> swap-in major" % (p, steps["swap-in"]),
                "[%s] oom-kill trace_kinds" % c, "[%s] killed by signal 9" % c]
    problems = [w for w in want if log.count(w) < 1 or
                ("] fault " not in w and log.count(w) > 1)]
    ok = (rc == 0 and want and not problems and "child killed by signal 9" in out)
    return [("pagoda/trace-kinds", bool(ok), "exit status %d; missing or repeated:\n%s\n%s\n%s"
             % (rc, "\n".join(problems), out, tail(err)))]


def pass_check(build, name, source, memory, args=()):
    """Build SOURCE (tests/pagoda/SOURCE.c, or a path under tests/), run it
    with ARGS and PAGODA_MEM=memory: it must exit 0 and print PASS."""
    path = os.path.join(ROOT, "tests", source) if "/" in source else \
        os.path.join(ROOT, "tests/pagoda/%s.c" % source)
    binary = os.path.join(build, "run", "pass-" + os.path.basename(source))
    err = build_static(path, binary)
    if err:
        return [(name, False, err)]
    out, rc, err = run_prog(binary, args, env=dict(os.environ, PAGODA_MEM=memory))
    out = out.decode("utf-8", "replace")
    return [(name, rc == 0 and "PASS" in out, out + tail(err))]


def pagoda_khugepaged_collapse(build):
    """khugepaged collapses 2 MiB written in small pages once advised
    (tests/run/khugepaged.c collapse: on the host, its khugepaged is too
    slow on a busy machine for this to be compared with Linux)."""
    return pass_check(build, "pagoda/khugepaged-collapse", "run/khugepaged.c", "256M",
                      ["collapse"])


def pagoda_khugepaged_shared(build):
    """khugepaged leaves a region fork shares alone through two full scans
    (tests/run/khugepaged.c shared: the host's khugepaged is too slow on a
    busy machine for this part to be compared with Linux)."""
    return pass_check(build, "pagoda/khugepaged-shared", "run/khugepaged.c", "256M",
                      ["shared"])


def pagoda_forklimit(build):
    """fork fails with EAGAIN at max_threads, which memory sets (2,048
    tasks on 256 MiB, more than the old 1,024-slot table allowed)."""
    return pass_check(build, "pagoda/fork-limit", "forklimit", "256M")


def pagoda_oom_victim(build):
    """The OOM killer kills the biggest process, not the one whose fault
    found no memory, which then goes on; oom_score_adj 1000 and -1000 move
    the choice (tests/pagoda/oom_victim.c, 64 MiB, no swap)."""
    return pass_check(build, "pagoda/oom-victim", "oom_victim", "64M")


def pagoda_vmprint(build):
    """/proc/self/pagetables, the vmprint-style dump, shows the branch and
    the leaves of what is mapped, with pagemap's frames and the PTE bits
    (tests/pagoda/vmprint.c)."""
    return pass_check(build, "pagoda/vmprint", "vmprint", "128M")


def pagoda_forkfail(build):
    """fork fails halfway through copying page tables when memory runs out
    (34 MiB, no swap): ENOMEM, the half-built address space goes (the
    debug kernel panicked on its size counters before), every child is
    reaped and free memory comes back, three rounds in one boot.  The
    boot's size matters: if the last fork that succeeds leaves fewer
    frames than the parent's next copy-on-write faults need, the OOM
    killer (rightly) kills the parent first.  At 32 MiB that happened in
    5 of 6 boots once the initrd grew by 225 KiB; 31, 33 and 34 MiB pass."""
    return pass_check(build, "pagoda/fork-enomem-halfway", "forkfail", "34M")


def pagoda_kreclaim(build):
    """Kernel allocations reclaim before they fail: a child writes more
    than RAM over a swap disk while the parent opens /proc files and forks
    (tests/pagoda/kreclaim.c, 32 MiB, 64 MiB of swap): no ENOMEM, pswpout
    > 0, no kmalloc object, page table or swap slot left behind."""
    binary = os.path.join(build, "run", "kreclaim")
    err = build_static(os.path.join(ROOT, "tests/pagoda/kreclaim.c"), binary)
    if err:
        return [("pagoda/kmalloc-direct-reclaim", False, err)]
    out, rc, err = run_prog(binary, env=dict(os.environ, PAGODA_MEM="32M", PAGODA_SWAP="64M"))
    out = out.decode("utf-8", "replace")
    return [("pagoda/kmalloc-direct-reclaim", rc == 0 and "PASS" in out, out + tail(err))]


def pagoda_abifuzz(build):
    """A slice of make fuzz's ABI fuzzer (user/abifuzz.c): 3 seeds x 300
    random system calls with edge arguments, in one boot; no panic, no
    hang, and its leak check (free frames, page-table pages, kmalloc
    objects back to where they were) holds."""
    binary = os.path.join(build, "user", "abifuzz")
    out, rc, err = run_prog(binary, ["-s", "1", "-k", "3", "-n", "300"])
    out = out.decode("utf-8", "replace")
    ok = rc == 0 and "abifuzz: leak check ok" in out
    return [("pagoda/abifuzz", ok, "exit status %d\n%s%s" % (rc, out, tail(err)))]


def pagoda_vdso(build, libc, cc):
    """The vDSO makes no system call: Pagoda's per-task count in
    /proc/self/status does not move across 60000 vDSO calls
    (tests/pagoda/vdso.c), with glibc's and with musl's lookup."""
    name = "pagoda/vdso-makes-no-syscall.%s" % libc
    binary = os.path.join(build, "run", "vdso-syscalls.%s" % libc)
    err = build_static(os.path.join(ROOT, "tests/pagoda/vdso.c"), binary, cc)
    if err:
        return [(name, False, err)]
    out, rc, err = run_prog(binary)
    out = out.decode("utf-8", "replace")
    return [(name, rc == 0 and "FAIL" not in out, out + err)]
BUSYBOX = "/bin/busybox"
# Each applet, and what its output must show: ps and top list the program
# itself by name, free's totals add up, uptime shows the load averages.
BUSYBOX_CHECKS = [
    ("ps", ["ps"], r"(?m)^\s*1 .*/bin/init$[\s\S]*^\s*\d+ .*/prog/busybox ps$"),
    ("top", ["top", "-b", "-n1"],
     r"(?m)^Load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+$"
     r"[\s\S]*/prog/busybox top -b -n1$"),
    ("free", ["free"], r"(?m)^Mem:\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+(\d+)\s"),
    ("uptime", ["uptime"],
     r"up .* load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$"),
    ("df", ["df"], r"(?m)^ramfs\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+% /$"),
    ("id", ["sh", "-c", "id; id nobody"],
     r"^uid=0\(root\) gid=0\(root\)\nuid=65534\(nobody\) gid=65534\(nogroup\) "
     r"groups=65534\(nogroup\)$"),
    ("ln-s", ["sh", "-c", "ln -s /prog/busybox /tmp/l && readlink /tmp/l && "
              "ls -l /tmp/l"], r"^/prog/busybox\nl.* /tmp/l -> /prog/busybox$"),
    ("mkfifo", ["sh", "-c", "mkfifo -m 600 /tmp/f && ls -l /tmp/f && "
                "{ echo through-the-fifo > /tmp/f & cat /tmp/f; wait; }"],
     r"^prw------- .* /tmp/f\nthrough-the-fifo$"),
]


def pagoda_busybox(name, args, pattern):
    """Debian's static busybox applet reads /proc (and sysinfo) and must
    exit 0 with sane output; free's total must be used + free + cache,
    df's (statfs of the ramfs) used + available."""
    label = "pagoda/busybox-" + name
    if not os.path.exists(BUSYBOX):
        return [(label, False, "no %s: install busybox-static (tools/deps)"
                       % BUSYBOX)]
    out, rc, err = run_prog(BUSYBOX, args)
    out = out.decode("utf-8", "replace").replace("\r", "")
    m = re.search(pattern, out.strip())
    ok = rc == 0 and m is not None
    if ok and name == "free":
        total, used, free, cache = (int(x) for x in m.groups())
        ok = 0 < free <= total and total == used + free + cache
    if ok and name == "df":
        total, used, avail = (int(x) for x in m.groups())
        ok = 0 < used < total and total == used + avail
    return [(label, ok, "exit status %d\n%s\n%s" % (rc, out, tail(err)))]


def pagoda_newlib(build):
    """newlib's malloc is Pagoda's: the brk/mmap split at 128 KiB and
    mallopt (tests/pagoda/newlib_malloc.c, built with tools/pagoda-cc);
    and a newlib program prints what its glibc build prints on Linux
    (tests/run/libc_basics.c)."""
    results = []
    binary = os.path.join(build, "run", "newlib-malloc")
    err = build_static(os.path.join(ROOT, "tests/pagoda/newlib_malloc.c"), binary,
                       [PAGODA_CC, "-static"])
    if err:
        results.append(("pagoda/newlib-malloc", False, err))
    else:
        out, rc, err = run_prog(binary)
        out = out.decode("utf-8", "replace")
        results.append(("pagoda/newlib-malloc",
                              rc == 0 and "FAIL" not in out and out.count("PASS") == 5,
                              out + tail(err)))
    src = os.path.join(ROOT, "tests/run/libc_basics.c")
    bins = [os.path.join(build, "run", "basics-vs.%s" % libc) for libc in ("glibc", "newlib")]
    err = build_static(src, bins[0]) or build_static(src, bins[1], [PAGODA_CC, "-static"])
    if err:
        return results + [("pagoda/newlib-vs-glibc", False, err)]
    want, _ = run_native(bins[0])
    got, rc, err = run_prog(bins[1], RUN_ARGS)
    results.append(("pagoda/newlib-vs-glibc", rc == 0 and got == want,
                          unified_diff(want.decode("utf-8", "replace"),
                                       got.decode("utf-8", "replace")) + tail(err)))
    return results


def pagoda_tools(build, kernel, test):
    """The gdb commands or mmviz on tests/pagoda/addrspace.c (tools/tooltests.py)."""
    # One copy a test: the two run in parallel, and a rebuild under the
    # other's feet truncates the file it is measuring.
    binary = os.path.join(build, "run", test.__name__, "addrspace")
    err = build_static(os.path.join(ROOT, "tests/pagoda/addrspace.c"), binary)
    if err:
        return [("pagoda/" + test.__name__, False, err)]
    args = (binary, kernel) if test is tooltests.gdb_commands else (binary,)
    return test(*args)


SQLITE_LIB = "/usr/lib/x86_64-linux-gnu/libsqlite3.a"


def pagoda_sqlite(build):
    """SQLite's unix VFS locks the database with fcntl for every statement:
    tests/pagoda/sqlite.c, linked with Debian's static libsqlite3, prints
    on Pagoda what it prints on the host (SQLITE_BUSY for a second writer
    included)."""
    label = "pagoda/sqlite-file-db"
    if not os.path.exists(SQLITE_LIB):
        return [(label, False, "no %s: install libsqlite3-dev (tools/deps)"
                       % SQLITE_LIB)]
    binary = os.path.join(build, "run", "sqlite")
    err = build_static(os.path.join(ROOT, "tests/pagoda/sqlite.c"), binary,
                       libs=["-lsqlite3", "-lm"])
    if err:
        return [(label, False, err)]
    want, want_rc = run_native(binary)
    got, rc, err = run_prog(binary)
    ok = rc == want_rc == 0 and got == want and b"PASS" in got
    return [(label, ok, "exit status linux %d, pagoda %d\n%s\n%s" % (
        want_rc, rc, unified_diff(want.decode("utf-8", "replace"),
                                  got.decode("utf-8", "replace")), tail(err)))]
