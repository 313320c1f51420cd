"""tools/labs.py - the course kit behind tools/labs and make labs, handout,
grade and handin (docs/labs/README.md is the instructor's guide).

The labs are cut from this one tree.  A region of the reference code that
a lab asks the student to write is marked, on lines of their own:

    /* LAB name BEGIN: what the region does */
    ...the reference solution...
    /* LAB name STUB: code the student starts from */
    /* LAB name END */

or, for a stub of several lines, a comment holding them as they must
appear (no comment inside it):

    /* LAB name STUB BEGIN
    ...the stub's lines...
       LAB name STUB END */

A region is whole functions or a whole function body; the stub must keep
the handout compiling with -Werror and booting.  The handout of lab N
(cut) keeps the solutions of the labs before N, replaces the regions of N
and of every later lab by their stubs (under a "Lab name:" comment), drops
every marker line, puts docs/labs/NAME.md at its top, and commits it all
as one git commit.  So lab N+1's handout is lab N's with N solved: the
labs compose.

Grading runs a lab's tests one by one, each in its own process with a
timeout, through the machinery of tools/test: run/NAME.LIBC (a host
program, Linux and Pagoda compared), user/NAME (tests/user in Pagoda
against Linux, with the leak check), pagoda/NAME (tools/pagodatests.py's
pagoda_NAME), kernel/NAME (a boot-time self-test), and malloc/threshold-MODE
(Pagoda's malloc against glibc's brk/mmap decisions, on the host).
"""
import collections
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

Lab = collections.namedtuple("Lab", "name title hours tests")

# The labs, in the order they are taken; tests are (name, points).
LABS = [
    Lab("malloc", "malloc: the 128 KiB mmap threshold, mapped chunks", 6,
        [("malloc/threshold-dyn", 35), ("malloc/threshold-fixed", 35),
         ("malloc/threshold-remap", 30)]),
    Lab("pgtable", "page tables: the four-level walk, pagemap and a vmprint dump", 6,
        [("pagoda/vmprint", 60), ("run/pagemap.glibc", 40)]),
    Lab("demand", "demand paging: do_anonymous_page, the zero page, stack growth", 6,
        [("user/mm_stack", 50), ("run/zeropage.glibc", 50)]),
    Lab("aspace", "the address space: brk, VMA merge, get_unmapped_area", 10,
        [("user/mm_brk", 25), ("user/mm_mmap", 25), ("user/mm_munmap", 25),
         ("user/mm_mprotect", 25)]),
    Lab("cow", "copy-on-write fork: copy_pte_range, do_wp_page's reuse", 8,
        [("run/cow_share.glibc", 100)]),
    Lab("mremap", "mremap: moving page tables, growing in place", 8,
        [("run/mremap_move.glibc", 100)]),
    Lab("filemap", "file mappings: fault-around, page_mkwrite dirty tracking, msync", 8,
        [("user/fmap_dirty", 40), ("run/fault_around.glibc", 30), ("pagoda/counters", 30)]),
    Lab("swap", "swap: do_swap_page's swap-in and fork's shared slots", 8,
        [("pagoda/swap", 50), ("pagoda/swapctl", 50)]),
    Lab("huge", "challenge: transparent huge pages on the first fault", 10,
        [("pagoda/thp", 40), ("user/mm_thp", 30), ("run/thp.glibc", 30)]),
]
BY_NAME = {lab.name: lab for lab in LABS}
# The self-check of make test runs every graded test on its lab's handout
# (it must fail), but for time only these on the next lab's (they must
# pass; `tools/labs selfcheck --all` runs them all).
SELFCHECK_NEXT = {"malloc/threshold-dyn", "pagoda/vmprint", "run/zeropage.glibc",
                  "run/cow_share.glibc", "run/mremap_move.glibc", "run/fault_around.glibc"}
TIMEOUTS = {"run": 240, "user": 240, "pagoda": 600, "kernel": 240, "malloc": 240}
MARKER = re.compile(r"^(\s*)/\* LAB (\w+) (BEGIN: .*\*/|STUB: .*\*/|STUB BEGIN|END \*/)\s*$")
STUB_END = re.compile(r"^\s*LAB (\w+) STUB END \*/\s*$")
SOURCE_EXT = (".c", ".h", ".S")


class LabError(Exception):
    pass


def lab_named(name):
    if name not in BY_NAME:
        raise LabError("%s; the labs are: %s"
                       % ("unknown lab %r" % name if name else "give LAB=name",
                          " ".join(lab.name for lab in LABS)))
    return BY_NAME[name]


# ---- the markers ------------------------------------------------------------
def parse_regions(path, lines):
    """The regions of one file: (begin, stub_start, end, lab, what, stub
    lines, indent) with line indices; LabError on a malformed marker."""
    regions, cur, i = [], None, 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            i += 1
            continue
        indent, name, kind = m.groups()
        where = "%s:%d" % (os.path.relpath(path, ROOT), i + 1)
        if name not in BY_NAME:
            raise LabError("%s: marker of unknown lab %r" % (where, name))
        if kind.startswith("BEGIN"):
            if cur:
                raise LabError("%s: region inside a region" % where)
            cur = {"begin": i, "lab": name, "what": kind[7:-2].strip(), "indent": indent}
        elif not cur or cur["lab"] != name:
            raise LabError("%s: %s without its BEGIN" % (where, kind))
        elif kind.startswith("STUB:"):
            cur["stub_at"], cur["stub"] = i, [indent + kind[5:-2].strip()]
        elif kind == "STUB BEGIN":
            j = i + 1
            while j < len(lines) and not STUB_END.match(lines[j]):
                j += 1
            if j == len(lines) or STUB_END.match(lines[j]).group(1) != name:
                raise LabError("%s: STUB BEGIN without its STUB END" % where)
            cur["stub_at"], cur["stub"] = i, lines[i + 1:j]
            i = j
        elif "stub" not in cur:
            raise LabError("%s: region without a STUB" % where)
        else:
            regions.append((cur["begin"], cur["stub_at"], i, name, cur["what"],
                            cur["stub"], cur["indent"]))
            cur = None
        i += 1
    if cur:
        raise LabError("%s: BEGIN of lab %s never ends" % (path, cur["lab"]))
    return regions


def tree_files(root):
    """The files of the tree at root that git knows or would add."""
    p = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard"],
                       stdout=subprocess.PIPE, check=True)
    return [f for f in p.stdout.decode().splitlines()
            if os.path.isfile(os.path.join(root, f))]


def marked_files(root=ROOT):
    """{relative path: (lines, regions)} of the sources with markers."""
    out = {}
    for rel in tree_files(root):
        if not rel.endswith(SOURCE_EXT):
            continue
        path = os.path.join(root, rel)
        with open(path) as f:
            text = f.read()
        if "/* LAB " not in text:
            continue
        lines = text.split("\n")
        regions = parse_regions(path, lines)
        if regions:
            out[rel] = (lines, regions)
    return out


def cut_file(lines, regions, stub_from):
    """The file with the regions of labs at or after index stub_from
    replaced by their stubs, the others' markers dropped."""
    out, pos = [], 0
    for begin, stub_at, end, name, what, stub, indent in regions:
        out += lines[pos:begin]
        if [lab.name for lab in LABS].index(name) >= stub_from:
            out.append("%s/* Lab %s: %s (see %s.md). */" % (indent, name, what, name))
            out += stub
        else:
            out += lines[begin + 1:stub_at]
        pos = end + 1
    return out + lines[pos:]


def write_handout(lab, dest, like=None):
    """Cut lab's handout into dest (which must not exist): a git
    repository with one commit.  A cut file that is the same as in the
    handout at like keeps that one's time stamp (the self-check's builds
    then recompile only what differs); the others keep the reference's."""
    if os.path.exists(dest):
        raise LabError("%s exists; remove it or give DEST=" % dest)
    index = LABS.index(lab)
    marked = marked_files()
    for rel in tree_files(ROOT):
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if rel in marked:
            lines, regions = marked[rel]
            text = "\n".join(cut_file(lines, regions, index))
            with open(target, "w") as f:
                f.write(text)
            shutil.copymode(os.path.join(ROOT, rel), target)
            old = like and os.path.join(like, rel)
            if old and os.path.exists(old) and open(old).read() == text:
                shutil.copystat(old, target)
        else:
            shutil.copy2(os.path.join(ROOT, rel), target, follow_symlinks=False)
    shutil.copy2(os.path.join(ROOT, "docs", "labs", lab.name + ".md"),
                 os.path.join(dest, lab.name + ".md"))
    with open(os.path.join(dest, ".lab"), "w") as f:
        f.write(lab.name + "\n")
    git = ["git", "-C", dest, "-c", "user.name=Pagoda labs",
           "-c", "user.email=labs@pagoda.invalid"]
    subprocess.run(["git", "init", "-q", dest], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Pagoda lab %s: %s (handout)"
                          % (lab.name, lab.title)], check=True)


# ---- one test ---------------------------------------------------------------
def harness():
    """tools/test, loaded as a module (its suites' functions)."""
    path = os.path.join(ROOT, "tools", "test")
    loader = importlib.machinery.SourceFileLoader("pagoda_harness", path)
    spec = importlib.util.spec_from_loader("pagoda_harness", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def malloc_threshold(mode):
    """Pagoda's malloc makes glibc's brk/mmap/munmap/mremap decisions, phase
    by phase, in tests/host/malloc/thresh_prog.c's scenario mode."""
    t = os.path.join("build", "host", "malloc")
    p = subprocess.run(["make", "-s", "-C", ROOT, "-f", "libc/malloc-host.mk",
                        "build/host/libpagoda_malloc.so", t + "/syscount", t + "/thresh_prog"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        return [("build", False, p.stdout.decode("utf-8", "replace"))]
    t = os.path.join(ROOT, t)
    so = os.path.join(ROOT, "build", "host", "libpagoda_malloc.so")

    def phases(*pre):
        p = subprocess.run([os.path.join(t, "syscount")] + list(pre) +
                           [os.path.join(t, "thresh_prog"), mode],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = []                # as run.sh's summary(): fields 2-6 are k=v
        for line in p.stdout.decode("utf-8", "replace").splitlines():
            f = line.split()
            if len(f) < 6 or not all("=" in x for x in f[1:6]):
                continue
            v = [x.split("=", 1)[1] for x in f[1:6]]
            out.append("%s up=%d down=%d mmap=%s munmap=%s mremap=%s" % (
                f[0], int(v[0]) > 0, int(v[1]) > 0, v[2], v[3], v[4]))
        return "\n".join(out)
    want, got = phases(), phases("-p", so)
    return [("malloc/threshold-" + mode, bool(want) and want == got,
             "glibc:\n%s\nPagoda's malloc:\n%s" % (want, got))]


def run_one(tests, build):
    """Run graded tests - several user/* ones share one boot, anything
    else is one test: a list of (name, ok, reason)."""
    kind, name = tests[0].split("/", 1)
    h = harness()
    kernel = os.path.join(build, "kernel.elf")
    initrd = os.path.join(build, "initrd-test.cpio")
    if kind == "user":
        results = h.user_chunk(kernel, initrd, build, [t.split("/", 1)[1] for t in tests])
    elif len(tests) > 1:
        raise LabError("only user/* tests share a boot")
    elif kind == "run":
        binaries, results = h.build_run_programs(build, [name])
        for b in binaries:
            results += h.run_compare(b)
    elif kind == "pagoda":
        results = h.pagoda_check(getattr(h.pagodatests, "pagoda_" + name.replace("-", "_")),
                                 build)
    elif kind == "kernel":
        results = [r for r in h.kernel_selftests(kernel, initrd)
                   if r.name in (tests[0], "kernel/boot")]
    elif kind == "malloc" and name.startswith("threshold-"):
        return malloc_threshold(name[len("threshold-"):])
    else:
        raise LabError("no such kind of test: %s" % tests[0])
    return [(r.name, r.ok, r.reason) for r in results]


def run_isolated(tests, build, root=ROOT):
    """run_one in its own process group (root's tools/labs), killed after
    the tests' timeout: {test: (ok, reason)}.  A user test's leak check
    counts as its own."""
    timeout = TIMEOUTS[tests[0].split("/")[0]] * len(tests)
    cmd = [sys.executable, os.path.join(root, "tools", "labs"), "run-one"] + tests + \
        ["--build", build]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        out = p.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return {t: (False, "timed out after %d s" % timeout) for t in tests}
    text = out.decode("utf-8", "replace")
    try:
        results = json.loads((text.rstrip().splitlines() or [""])[-1])
    except ValueError:
        why = "the test crashed:\n" + "\n".join(text.splitlines()[-20:])
        return {t: (False, why) for t in tests}
    outcome = {}
    for t in tests:
        name = t.split("/", 1)[1]
        mine = [r for r in results if len(tests) == 1 or r[0] == t or
                r[0] == "user/leak-check(%s)" % name]
        bad = [r for r in mine if not r[1]]
        outcome[t] = (bool(mine) and not bad,
                      "\n".join("%s: %s" % (r[0], r[2]) for r in bad) or "no result")
    return outcome


# ---- grading ----------------------------------------------------------------
def build_for(lab, only=None):
    """make what the lab's tests need (the kernel, the test initrd, the
    host malloc); returns the make output on failure, else None."""
    tests = [t for t, _ in lab.tests if not only or t == only]
    goals = ["all", "build/initrd-test.cpio"]
    if any(t.startswith("malloc/") for t in tests):
        goals = ["build/host/libpagoda_malloc.so"]
    p = subprocess.run(["make", "-C", ROOT, "-j2", "--no-print-directory"] + goals,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode("utf-8", "replace") if p.returncode else None


def grade(lab, only=None, build=None, jobs=2, out=sys.stdout, root=ROOT, one_boot=False):
    """Run lab's graded tests (or only the one named) with root's tools
    and build, jobs at a time (one_boot: the user/* ones in one boot): a
    table, then 'Score: X/Y'.  Returns (score, total, {test: ok})."""
    import concurrent.futures
    tests = [(t, pts) for t, pts in lab.tests if not only or t == only]
    if only and not tests:
        raise LabError("lab %s has no test %s; its tests: %s"
                       % (lab.name, only, " ".join(t for t, _ in lab.tests)))
    build = os.path.abspath(build or os.path.join(root, "build"))
    groups = [[t for t, _ in tests if t.startswith("user/")]] if one_boot else []
    groups = [g for g in groups if g] + [[t] for t, _ in tests if t not in sum(groups, [])]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        done = {}
        for r in pool.map(lambda g: run_isolated(g, build, root), groups):
            done.update(r)
    outcome = [done[t] for t, _ in tests]
    score = total = 0
    passed = {}
    print("lab %s: %s" % (lab.name, lab.title), file=out)
    for (test, pts), (ok, reason) in zip(tests, outcome):
        total += pts
        score += pts if ok else 0
        passed[test] = ok, reason
        print("  %-4s %3d/%-3d %s" % ("PASS" if ok else "FAIL", pts if ok else 0, pts, test),
              file=out)
        if not ok:
            for line in reason.splitlines()[-12:]:
                print("         | " + line, file=out)
    print("Score: %d/%d" % (score, total), file=out)
    return score, total, passed


def handin(lab):
    """build/handin-NAME.tar.gz: the student's commits since the handout as
    git format-patch files, the uncommitted changes as a diff, the files
    git does not know yet (new/), and the grade output.  Returns its path."""
    root = subprocess.run(["git", "-C", ROOT, "rev-list", "--max-parents=0", "HEAD"],
                          stdout=subprocess.PIPE, check=True).stdout.decode().split()[-1]
    out = os.path.join(ROOT, "build", "handin-%s.tar.gz" % lab.name)
    with tempfile.TemporaryDirectory() as d:
        top = os.path.join(d, "handin-" + lab.name)
        os.makedirs(top)
        subprocess.run(["git", "-C", ROOT, "format-patch", "-q", "-o",
                        os.path.join(top, "patches"), root + "..HEAD"], check=True)
        with open(os.path.join(top, "uncommitted.diff"), "w") as f:
            subprocess.run(["git", "-C", ROOT, "diff", "HEAD"], stdout=f, check=True)
        new = subprocess.run(["git", "-C", ROOT, "ls-files", "--others", "--exclude-standard"],
                             stdout=subprocess.PIPE, check=True).stdout.decode().split("\n")
        for rel in filter(None, new):           # files git does not know yet
            os.makedirs(os.path.dirname(os.path.join(top, "new", rel)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(top, "new", rel))
        with open(os.path.join(top, "grade.txt"), "w") as f:
            err = build_for(lab)
            if err:
                f.write("the build failed:\n" + err)
            else:
                grade(lab, out=f)
        subprocess.run(["tar", "-czf", out, "-C", d, "handin-" + lab.name], check=True)
    return out


def this_lab(name):
    """The lab named, or the one this handout is for (its .lab file)."""
    if not name:
        try:
            with open(os.path.join(ROOT, ".lab")) as f:
                name = f.read().strip()
        except OSError:
            raise LabError("give LAB=name (this tree is not a handout)")
    return lab_named(name)


def make_parser():
    """tools/labs' command line."""
    import argparse
    ap = argparse.ArgumentParser(prog="tools/labs", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the labs, in order")
    sub.add_parser("check", help="parse every marker")
    p = sub.add_parser("handout", help="cut a lab's handout")
    p.add_argument("lab")
    p.add_argument("dest", nargs="?")
    p = sub.add_parser("grade", help="run a lab's graded tests")
    p.add_argument("lab", nargs="?")
    p.add_argument("test", nargs="?")
    p.add_argument("--build")
    p.add_argument("--no-build", action="store_true")
    p.add_argument("-j", type=int, default=2)
    p = sub.add_parser("handin", help="pack the student's work and grade")
    p.add_argument("lab", nargs="?")
    p = sub.add_parser("selfcheck", help="make test's labs suite")
    p.add_argument("--all", action="store_true", help="every test on the next handout")
    p = sub.add_parser("run-one", help="(internal) tests, a JSON line")
    p.add_argument("tests", nargs="+")
    p.add_argument("--build", required=True)
    return ap


def main(argv):
    """tools/labs: run one command; the exit status."""
    args = make_parser().parse_args(argv)
    try:
        if args.cmd == "list":
            for i, lab in enumerate(LABS, 1):
                n = len(lab.tests)
                print("%d. %-8s %3d h  %d test%s, %3d points  %s" % (
                    i, lab.name, lab.hours, n, "s" if n > 1 else " ",
                    sum(p for _, p in lab.tests), lab.title))
        elif args.cmd == "check":
            n = sum(len(r) for _, r in marked_files().values())
            print("%d regions, every one well formed" % n)
        elif args.cmd == "handout":
            lab = lab_named(args.lab)
            dest = os.path.abspath(args.dest or os.path.join(ROOT, "build", "handout", lab.name))
            write_handout(lab, dest)
            print("handout of lab %s in %s" % (lab.name, dest))
        elif args.cmd == "grade":
            lab = this_lab(args.lab)
            if not args.no_build:
                err = build_for(lab, args.test)
                if err:
                    print(err + "\nthe build failed\nScore: 0/%d"
                          % sum(p for _, p in lab.tests))
                    return 1
            score, total, _ = grade(lab, args.test, args.build, args.j)
            return 0 if score == total else 1
        elif args.cmd == "handin":
            if not os.path.exists(os.path.join(ROOT, ".lab")):
                raise LabError("make handin packs a handout's work; this tree is not one")
            print(handin(this_lab(args.lab)))
        elif args.cmd == "selfcheck":
            results = selfcheck(os.path.join(ROOT, "build"),
                                next_tests=None if args.all else SELFCHECK_NEXT)
            for name, ok, why in results:
                print("%s %s" % ("ok" if ok else "not ok", name))
                print("".join("#   %s\n" % line for line in why.splitlines()), end="")
            return 0 if all(ok for _, ok, _ in results) else 1
        elif args.cmd == "run-one":
            print(json.dumps(run_one(args.tests, os.path.abspath(args.build))))
    except LabError as e:
        print("tools/labs: %s" % e, file=sys.stderr)
        return 2
    return 0


# ---- the self-check (make test's labs suite) ----------------------------------
def static_problems(lab):
    """What is wrong with lab's entry without running anything: each graded
    test must be one make test runs on the reference, and be named in the
    lab's handout text."""
    out = []
    with open(os.path.join(ROOT, "docs", "labs", lab.name + ".md")) as f:
        doc = f.read()
    with open(os.path.join(ROOT, "tests", "host", "malloc", "run.sh")) as f:
        modes = re.search(r"for mode in ([^;]*);", f.read()).group(1).split()
    for test, _ in lab.tests:
        kind, name = test.split("/", 1)
        exists = {
            "run": lambda: os.path.exists(os.path.join(ROOT, "tests", "run",
                                                       name.split(".")[0] + ".c")),
            "user": lambda: os.path.exists(os.path.join(ROOT, "tests", "user", name + ".c")),
            "pagoda": lambda: hasattr(harness().pagodatests,
                                      "pagoda_" + name.replace("-", "_")),
            "kernel": lambda: True,
            "malloc": lambda: name[len("threshold-"):] in modes,
        }.get(kind, lambda: False)()
        if not exists:
            out.append("%s is no test make test runs" % test)
        if "`%s`" % test not in doc:
            out.append("docs/labs/%s.md does not name %s" % (lab.name, test))
    return out


def handout_build(ref_build, dest, prev_build):
    """Build the kernel of the handout at dest from the objects of
    prev_build (the previous handout's, or the reference's), with the
    reference's user programs; returns make's output on failure."""
    b = os.path.join(dest, "build")
    os.makedirs(b)
    for d in ("k", "gen"):
        subprocess.run(["cp", "-a", os.path.join(prev_build, d), b], check=True)
    shutil.copy2(os.path.join(prev_build, "kernel.elf"), b)    # no link if no change
    for f in ("initrd.cpio", "initrd-test.cpio", "utest"):
        os.symlink(os.path.join(ref_build, f), os.path.join(b, f))
    p = subprocess.run(["make", "-C", dest, "--no-print-directory", "build/kernel.elf"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode("utf-8", "replace")[-3000:] if p.returncode else None


def cut_all(ref_build, problems):
    """Every lab's handout under ref_build/labs, its kernel built from the
    previous one's objects; a failed build goes into problems.  Returns
    {lab name: handout directory}."""
    base = os.path.join(ref_build, "labs")
    shutil.rmtree(base, ignore_errors=True)
    prev, prev_build, dests = None, ref_build, {}
    for lab in LABS:
        dest = dests[lab.name] = os.path.join(base, lab.name)
        write_handout(lab, dest, like=prev)
        err = handout_build(ref_build, dest, prev_build)
        if err:
            problems[lab.name].append("the handout's kernel does not build:\n" + err)
        prev, prev_build = dest, os.path.join(dest, "build")
    return dests


def selfcheck(ref_build, jobs=2, next_tests=None):
    """Cut and build every lab's handout under ref_build/labs.  Each lab's
    graded tests must all fail on its handout; once the lab is solved - on
    the next lab's handout - they must pass (only those in next_tests, if
    given); the last handout must pass the user/* tests of every earlier
    lab (one boot).  One (name, ok, reason) per lab.  That the reference
    passes every graded test is the rest of make test's business: each
    must be a test it runs.  The first handout, every stub in it, must boot
    to a shell that runs a pipeline."""
    import concurrent.futures
    if os.path.exists(os.path.join(ROOT, ".lab")):
        return []           # a handout: no markers to cut
    problems = {lab.name: static_problems(lab) for lab in LABS}
    dests = cut_all(ref_build, problems)
    last = LABS[-1]
    earlier = Lab("earlier", "", 0, [t for lab in LABS[:-1] for t in lab.tests
                                     if t[0].startswith("user/")])
    owner = {t: lab.name for lab in LABS for t, _ in lab.tests}
    runs = [(earlier, last, lambda t: True, "fails")]         # the longest first
    runs += [(lab, lab, lambda t: True, "passes") for lab in LABS]
    runs += [(lab, nxt, lambda t: next_tests is None or t in next_tests, "fails")
             for lab, nxt in zip(LABS, LABS[1:])]

    def check(run):
        lab, on, chosen, bad = run
        tests = [(t, p) for t, p in lab.tests if chosen(t)]
        if tests and not problems.get(lab.name) and not problems[on.name]:
            return run, grade(lab._replace(tests=tests), root=dests[on.name], jobs=1,
                              one_boot=True, out=open(os.devnull, "w"))[2]
        return run, {}
    def shell():            # the first handout has every stub: its shell works
        import consoletests
        first = os.path.join(dests[LABS[0].name], "build")
        return consoletests.shell_pipeline_and_ctrl_c(
            os.path.join(first, "kernel.elf"), os.path.join(ref_build, "initrd.cpio"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        console = pool.submit(shell) if not problems[LABS[0].name] else None
        for (lab, on, _, bad), passed in pool.map(check, runs):
            for t, (ok, why) in passed.items():
                if ok == (bad == "passes"):
                    problems[owner[t]].append("%s %s on the %s handout\n%s"
                                              % (t, bad, on.name, why[-1500:]))
                elif "kernel panic" in why:      # a stub must keep the kernel up
                    problems[owner[t]].append("%s: the %s handout panics:\n%s"
                                              % (t, on.name, why[-1500:]))
        for name, ok, why in console.result() if console else []:
            if not ok:
                problems[LABS[0].name].append("the %s handout's shell: %s\n%s"
                                              % (LABS[0].name, name, why))
    return [("labs/" + lab.name, not problems[lab.name], "\n".join(problems[lab.name]))
            for lab in LABS]
