#!/usr/bin/env python3
"""bench/malloc/run.py - Pagoda's malloc against glibc, musl, jemalloc,
tcmalloc and mimalloc, natively on the host (`make bench-malloc`).

Each workload of bench/malloc/bench.c runs in a child process per allocator:
glibc's is the binary's own, Pagoda's (build/host/libpagoda_malloc.so),
jemalloc, tcmalloc and mimalloc come in through LD_PRELOAD, musl's is the
same source built with musl-gcc -static.  wait4() gives the child's CPU time
(user + system), peak RSS (ru_maxrss) and minor page faults.  Runs are
interleaved (round 1 of every workload and allocator, then round 2, ...) so
that a change in the machine's load hits all of them alike; the table shows
the median of the rounds, and the ratios to glibc.

The table is printed and written into docs/benchmarks.md between the
markers <!-- bench-malloc:begin --> and <!-- bench-malloc:end -->.

Environment: BENCH_MALLOC_REPS (rounds, default 3), BENCH_MALLOC_ONLY
("mixed threads": only those workloads), BENCH_MALLOC_NO_DOC=1 (print only).
"""
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
T = os.path.join(ROOT, "build", "host", "malloc")
LIB = "/usr/lib/x86_64-linux-gnu"
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
BEGIN, END = "<!-- bench-malloc:begin -->", "<!-- bench-malloc:end -->"

WORKLOADS = ["mixed", "window", "realloc", "grow64m", "threads"]
# name, LD_PRELOAD (None: the binary's own allocator), binary, Debian package
ALLOCATORS = [
    ("glibc", None, "bench", None),
    ("pagoda", os.path.join(ROOT, "build", "host", "libpagoda_malloc.so"), "bench", None),
    ("musl", None, "bench_musl", None),
    ("jemalloc", LIB + "/libjemalloc.so.2", "bench", "libjemalloc2"),
    ("tcmalloc", LIB + "/libtcmalloc_minimal.so.4", "bench", "libtcmalloc-minimal4"),
    ("mimalloc", LIB + "/libmimalloc.so.2", "bench", "libmimalloc2.0"),
]


def install_missing():
    """As tools/deps does: apt-get as root, otherwise print the command."""
    missing = [pkg for _, so, _, pkg in ALLOCATORS if pkg and not os.path.exists(so)]
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench-malloc: installing " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.call(["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
                        + missing, env=env, stdout=subprocess.DEVNULL)
    else:
        print("bench-malloc: missing allocators; install them with:\n"
              "  sudo apt-get install --no-install-recommends " + " ".join(missing))


def run_one(workload, preload, binary):
    """One child: returns (cpu seconds, peak RSS KiB, minor faults, output)."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = preload
    child = subprocess.Popen([os.path.join(T, binary), workload], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = child.stdout.read().decode(errors="replace").strip()
    _, status, ru = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return None, None, None, "exit %d: %s" % (child.returncode, out)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss, ru.ru_minflt, out


def measure(workloads, allocators, reps):
    """results[(workload, name)] = list of (cpu, rss, faults); errors too.
    Every allocator must make the workload print what glibc's made it print."""
    results, errors, want = {}, {}, {}
    for rep in range(reps):
        for w in workloads:
            for name, preload, binary, _ in allocators:
                cpu, rss, flt, out = run_one(w, preload, binary)
                if cpu is not None and want.setdefault(w, out) != out:
                    cpu, out = None, "printed %r, glibc %r" % (out, want[w])
                if cpu is None:
                    errors[(w, name)] = out
                    continue
                results.setdefault((w, name), []).append((cpu, rss, flt))
                print("  round %d %-8s %-9s cpu %6.2f s  rss %7d KiB  faults %8d"
                      % (rep + 1, w, name, cpu, rss, flt), flush=True)
    return results, errors


def fmt_ratio(x, base):
    return "%.2f" % (x / base) if base else "-"


def table(workloads, allocators, results, errors, reps):
    lines = ["| workload | allocator | CPU s | CPU / glibc | peak RSS MiB | RSS / glibc "
             "| minor faults |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for w in workloads:
        base = results.get((w, "glibc"))
        bcpu = statistics.median(r[0] for r in base) if base else 0
        brss = statistics.median(r[1] for r in base) if base else 0
        for name, _, _, _ in allocators:
            rs = results.get((w, name))
            if not rs:
                lines.append("| %s | %s | %s | | | | |" % (w, name, "failed" if (w, name) in
                                                       errors else "not installed"))
                continue
            cpu = statistics.median(r[0] for r in rs)
            rss = statistics.median(r[1] for r in rs)
            flt = statistics.median(r[2] for r in rs)
            lines.append("| %s | %s | %.2f | %s | %.1f | %s | %d |"
                         % (w, name, cpu, fmt_ratio(cpu, bcpu), rss / 1024,
                            fmt_ratio(rss, brss), flt))
    notes = ["", "Medians of %d interleaved rounds; CPU time is user + system of the "
             "child (getrusage via wait4), peak RSS its ru_maxrss." % reps]
    for (w, name), why in sorted(errors.items()):
        notes.append("%s with %s failed: %s" % (w, name, why.splitlines()[-1] if why else "?"))
    return "\n".join(lines + notes) + "\n"


def write_doc(text):
    doc = open(DOC).read()
    if BEGIN not in doc or END not in doc:
        sys.exit("bench-malloc: %s lacks the %s ... %s markers" % (DOC, BEGIN, END))
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(DOC, "w") as f:
        f.write(head + BEGIN + "\n" + text + END + tail)


def main():
    reps = int(os.environ.get("BENCH_MALLOC_REPS", "3"))
    only = os.environ.get("BENCH_MALLOC_ONLY", "").split()
    workloads = [w for w in WORKLOADS if not only or w in only]
    if subprocess.call(["make", "-s", "-C", ROOT, "-f", "libc/malloc-host.mk",
                        "malloc-bench"]) != 0:
        sys.exit("bench-malloc: build failed")
    install_missing()
    allocators = [a for a in ALLOCATORS if a[1] is None or os.path.exists(a[1])]
    results, errors = measure(workloads, allocators, reps)
    text = table(workloads, ALLOCATORS, results, errors, reps)
    print()
    print(text)
    if not os.environ.get("BENCH_MALLOC_NO_DOC"):
        write_doc(text)
        print("written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
