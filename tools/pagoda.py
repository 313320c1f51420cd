"""tools/pagoda.py - boot Pagoda in QEMU; shared by tools/test and tools/run-prog.
Also the helpers tools/test and its check modules (pagodatests.py) share:
build a static host program, run one natively and under tools/run-prog,
diff their outputs.

Every boot gets its own ISO (the command line is baked into grub.cfg), runs
headless with the serial console on a pipe, and has a timeout: a hang is
reported as a failure with the last output shown.
"""
import difflib
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU_SUCCESS = 33     # isa-debug-exit: (0x10 << 1) | 1
QEMU_FAILURE = 35     # isa-debug-exit: (0x11 << 1) | 1
RUN_ARGS = ["one", "two words", ""]
RUN_ENV = {"HOME": "/", "PATH": "/bin:/usr/bin", "LANG": "C", "PAGODA_TEST": "1"}
PAGODA_CC = os.path.join(ROOT, "tools", "pagoda-cc")


def qemu_command(iso, serial_args, memory="256M", extra=()):
    """The QEMU command line every boot uses (see docs/design.md)."""
    cmd = ["qemu-system-x86_64", "-cpu", "max", "-m", memory, "-no-reboot",
           "-display", "none", "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-boot", "d", "-cdrom", iso]
    cmd += serial_args
    cmd += list(extra)
    cmd += os.environ.get("QEMU_EXTRA", "").split()
    return cmd


def swap_disk(workdir, size=None):
    """With PAGODA_SWAP=SIZE (e.g. 64M) set, or size given: a raw disk
    image of SIZE in workdir, formatted by the host's mkswap (Linux's swap area format), as
    QEMU's virtio-blk /dev/vda.  Returns (QEMU options, kernel command-line
    words that swapon it at boot); ([], "") without PAGODA_SWAP.
    PAGODA_SWAP_IMAGE=notswap leaves the image unformatted, =short cuts it
    to half the size its header gives (bad images, for tests)."""
    size = size or os.environ.get("PAGODA_SWAP")
    if not size:
        return [], ""
    img = os.path.join(workdir, "swap.img")
    kind = os.environ.get("PAGODA_SWAP_IMAGE", "")
    subprocess.run(["truncate", "-s", size, img], check=True)
    mkswap = shutil.which("mkswap") or "/sbin/mkswap"
    if kind != "notswap":
        subprocess.run([mkswap, "-q", img], check=True)
    if kind == "short":
        subprocess.run(["truncate", "-s", "%d" % (os.path.getsize(img) // 2), img],
                       check=True)
    return (["-drive", "file=%s,format=raw,if=none,id=d0,cache=unsafe" % img,
             "-device", "virtio-blk-pci,drive=d0"], "swapon=/dev/vda")


def boot_typing(cmd, script, timeout):
    """Run QEMU and type at the console, expect-style: script is a list of
    (wait_for, keys) pairs; each keys is sent once the console output
    contains wait_for (counting from the previous match), so the test does
    not depend on how fast this machine is.  Returns a Boot whose
    timed_out is set if some wait_for never came."""
    import threading
    import time
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    buf = bytearray()

    def reader():
        for chunk in iter(lambda: p.stdout.read1(4096), b""):
            buf.extend(chunk)
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline, pos, ok = time.time() + timeout, 0, True
    for wait_for, keys in script:
        want = wait_for.encode()
        while buf.find(want, pos) < 0 and time.time() < deadline and p.poll() is None:
            time.sleep(0.05)
        found = buf.find(want, pos)
        if found < 0:
            ok = False
            break
        pos = found + len(want)
        p.stdin.write(keys)
        p.stdin.flush()
    time.sleep(1)
    p.kill()
    p.wait()
    t.join(5)
    return Boot(bytes(buf).decode("utf-8", "replace"), p.returncode, not ok)


def make_iso(workdir, kernel, initrd, cmdline, modules=()):
    """Build a boot ISO in workdir (extra cpio modules after initrd);
    returns its path."""
    iso = os.path.join(workdir, "pagoda.iso")
    subprocess.run([os.path.join(ROOT, "tools", "mkiso"), iso, kernel, initrd,
                    cmdline] + list(modules), check=True)
    return iso


class Boot:
    """One finished boot: its console output, exit status, and timeout flag."""

    def __init__(self, output, status, timed_out):
        self.log = ""
        self.output = output
        self.status = status
        self.timed_out = timed_out


def boot(kernel, initrd, cmdline, timeout=60, stdin_data=b"", extra=(),
         stdin_script=None):
    """Boot with COM1 on a pipe and return a Boot.  With `quiet` in the
    command line the kernel log goes to COM3, returned as Boot.log.
    stdin_script, if given, is typed expect-style (see boot_typing).
    PAGODA_SWAP=SIZE adds a swap disk (see swap_disk)."""
    work = tempfile.mkdtemp(prefix="pagoda-boot.")
    log_path = os.path.join(work, "log")
    try:
        disk, swapon = swap_disk(work)
        iso = make_iso(work, kernel, initrd, (swapon + " " + cmdline).strip())
        serial = ["-serial", "stdio", "-serial", "null",
                  "-serial", "file:" + log_path]
        cmd = qemu_command(iso, serial, extra=list(extra) + disk)
        if stdin_script is not None:
            b = boot_typing(cmd, stdin_script, timeout)
        else:
            try:
                p = subprocess.run(cmd, input=stdin_data, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=timeout)
                b = Boot(p.stdout.decode("utf-8", "replace"), p.returncode, False)
            except subprocess.TimeoutExpired as e:
                out = (e.stdout or b"").decode("utf-8", "replace")
                b = Boot(out, None, True)
        with open(log_path, "rb") as f:
            b.log = f.read().decode("utf-8", "replace")
        return b
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---- building and running test programs ---------------------------------
def unified_diff(want, got):
    """Linux's output against Pagoda's, as a unified diff."""
    return "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                          "linux", "pagoda", lineterm=""))


def build_static(src, binary, cc=("gcc", "-static"), libs=()):
    """Compile one host program statically (linked with libs); returns
    the compiler output on failure, None on success."""
    os.makedirs(os.path.dirname(binary), exist_ok=True)
    p = subprocess.run(list(cc) + ["-O1", "-o", binary, src] + list(libs),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode("utf-8", "replace") if p.returncode else None


def run_prog(binary, args=(), env=None, timeout=300):
    """tools/run-prog BINARY ARGS: (stdout bytes, exit status, stderr text)."""
    p = subprocess.run([os.path.join(ROOT, "tools", "run-prog"), binary] +
                       list(args), env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.stdout, p.returncode, p.stderr.decode("utf-8", "replace")


def tail(text, n=25):
    return "\n".join(text.rstrip().splitlines()[-n:])


def run_native(binary, timeout=300):
    """The program on the host, as run_prog runs it in Pagoda: (stdout,
    exit status).  The host gets run_prog's time: a test that waits for the
    host's khugepaged waits on every QEMU's memory it scans.  A timeout is
    the test's failure (its output ends in a note), not the harness's."""
    with tempfile.TemporaryDirectory() as d:
        try:
            p = subprocess.run([binary] + RUN_ARGS, cwd=d, env=RUN_ENV,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            return (e.stdout or b"") + b"\n(on the host: timed out after %d s)\n" % timeout, None
    rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return p.stdout, rc
