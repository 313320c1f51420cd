"""tools/mmviz_timeline.py - mmviz --timeline TRACE: a trace=mm log (what
tools/run-prog prints with PAGODA_CMDLINE=trace=mm) as an SVG timeline of
one process's address space.

Time runs left to right, one step per line of the log.  The address space
runs top (high) to bottom (low), squeezed into bands: each range that a
traced call mapped, and each 2 MiB around a fault outside them, merged
when they touch; a band is linear inside, and labelled with its bounds.
  - a VMA made by mmap, mremap or brk is a bar from the call that made it
    to the munmap, mremap or exit that ended it (mprotect and partial
    munmap split it: the pieces go on as new bars);
  - a fault is a dot at its address, coloured by its kind;
  - the program's own output lines are labelled vertical lines, so that
    each step of the program can be matched to what it did.
"""
import math
import re
from xml.sax.saxutils import escape, quoteattr

PAGE = 4096
CHUNK = 2 << 20                   # the band around a fault outside a VMA
LEFT, TOP, STEP, WIDTH_MIN, LABELS = 150, 40, 6, 610, 190
KIND_COLOURS = {
    "zero-page": "#bdbdbd", "anon": "#43a047", "cow-zero": "#7cb342",
    "cow-copy": "#fb8c00", "cow-reuse": "#fdd835", "file-minor": "#1e88e5",
    "file-major": "#0d47a1", "file-cow": "#8e24aa", "shmem": "#00acc1",
    "page-mkwrite": "#5e35b1", "shared-write": "#3949ab", "special": "#6d4c41",
    "swap-in": "#d81b60", "huge": "#2e7d32", "spurious": "#9e9e9e",
    "SIGSEGV": "#e53935", "SIGBUS": "#b71c1c", "OOM": "#000000",
}
LINE = re.compile(r"^\[(\d+)\] (.*)$")
CALL = re.compile(r"^(\w+)\((.*)\) = (-1 \w+|0x[0-9a-f]+|-?\d+)")
FAULT = re.compile(r"^fault ([0-9a-f]+) (\w+)(?: present)?(?: \(kernel\))? -> (.+)$")


class Bar:
    """A VMA over a span of time: [start, end) from step t0 to t1."""
    def __init__(self, start, end, t0, call, prot):
        self.start, self.end, self.t0, self.t1 = start, end, t0, None
        self.call, self.prot = call, prot


class Timeline:
    def __init__(self):
        self.bars, self.faults, self.marks = [], [], []
        self.heap, self.steps = None, 0

    def live(self):
        return [b for b in self.bars if b.t1 is None]

    def cut(self, start, end, t, keep_call=None):
        """End the live bars meeting [start, end) at t; the parts outside
        go on as new bars.  Returns the ended bars."""
        ended = []
        for b in self.live():
            if b.end <= start or b.start >= end:
                continue
            b.t1 = t
            ended.append(b)
            for lo, hi in ((b.start, start), (end, b.end)):
                if lo < hi:
                    self.bars.append(Bar(lo, hi, t, keep_call or b.call, b.prot))
        return ended


def args_of(text):
    return [a.strip() for a in text.split(", ")]


def page_up(n):
    return (n + PAGE - 1) & ~(PAGE - 1)


def apply_call(tl, t, name, args, ret):
    """What one successful mm call did to the bars."""
    num = lambda s: int(s, 0)
    if name == "mmap":
        start = num(ret)
        tl.cut(start, start + page_up(num(args[1])), t)
        tl.bars.append(Bar(start, start + page_up(num(args[1])), t, "mmap", args[2]))
    elif name == "munmap":
        tl.cut(num(args[0]), num(args[0]) + page_up(num(args[1])), t)
    elif name == "mprotect":
        start, end = num(args[0]), num(args[0]) + page_up(num(args[1]))
        for b in tl.cut(start, end, t):
            tl.bars.append(Bar(max(b.start, start), min(b.end, end), t, b.call, args[2]))
    elif name == "mremap":
        old = tl.cut(num(args[0]), num(args[0]) + page_up(num(args[1])), t)
        prot = old[0].prot if old else "?"
        tl.bars.append(Bar(num(ret), num(ret) + page_up(num(args[2])), t, "mremap", prot))
    elif name == "brk":
        end = page_up(num(ret))
        if tl.heap is None:
            tl.heap = end
        for b in tl.live():
            if b.call == "brk":
                b.t1 = t
        if end > tl.heap:
            tl.bars.append(Bar(tl.heap, end, t, "brk", "[heap]"))


def read_trace(lines, pid=None):
    """The timeline of process pid (default: the first that execs) from
    a trace log's lines."""
    tl = Timeline()
    for line in lines:
        line = line.rstrip("\r\n")
        m = LINE.match(line)
        if not m:
            if line and not line.startswith(("pid ", "pagoda:")) and pid is not None:
                tl.marks.append((tl.steps, line))
                tl.steps += 1
            continue
        who, what = int(m.group(1)), m.group(2)
        if pid is None and what.startswith("exec "):
            pid = who
        if who != pid:
            continue
        call, fault = CALL.match(what), FAULT.match(what)
        if fault:
            tl.faults.append((tl.steps, int(fault.group(1), 16), fault.group(2),
                              fault.group(3)))
        elif call and not call.group(3).startswith("-1 "):
            apply_call(tl, tl.steps, call.group(1), args_of(call.group(2)),
                       call.group(3))
        elif what.startswith(("exit", "killed")):
            for b in tl.live():
                b.t1 = tl.steps
        tl.steps += 1
    for b in tl.live():
        b.t1 = tl.steps
    return tl, pid


def bands_of(tl):
    """The address bands, highest first: [lo, hi) ranges merged."""
    ranges = [(b.start, b.end) for b in tl.bars]
    ranges += [(a & ~(CHUNK - 1), (a & ~(CHUNK - 1)) + CHUNK) for _, a, _, _ in tl.faults]
    merged = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi, 24 + min(96, 6 * int(math.log2(max(1, (hi - lo) // PAGE)))))
            for lo, hi in reversed(merged)]


def y_of(bands, addr):
    """The y of an address: linear inside its band (None: in no band)."""
    y = TOP
    for lo, hi, height in bands:
        if lo <= addr < hi:
            return y + height * (hi - addr) / (hi - lo)
        y += height + 8
    return None


def kind_colour(kind):
    return KIND_COLOURS.get(kind.split()[0], "#000000")


def svg_timeline(tl, pid):
    """The SVG document (a string) of a timeline."""
    bands = bands_of(tl)
    width = max(WIDTH_MIN, LEFT + tl.steps * STEP + 20)
    bottom = TOP + sum(h + 8 for _, _, h in bands)     # labels below it
    height = bottom + LABELS + 16 + 12 * math.ceil(len(KIND_COLOURS) / 6)
    x = lambda t: LEFT + t * STEP
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d">' % (width, height, width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="6" y="20" font-family="monospace" font-size="14" '
           'font-weight="bold">process %s: %d VMAs, %d faults, %d steps</text>'
           % (pid, len(tl.bars), len(tl.faults), tl.steps)]
    y = TOP
    for lo, hi, h in bands:
        out.append('<g class="band"><rect x="%d" y="%d" width="%d" height="%d" '
                   'fill="#fafafa" stroke="#ccc"/>' % (LEFT, y, width - LEFT - 10, h))
        for text, ty in (("%x" % hi, y + 10), ("%x" % lo, y + h)):
            out.append('<text x="6" y="%d" font-family="monospace" font-size="10">%s'
                       '</text>' % (ty, text))
        out.append("</g>")
        y += h + 8
    label_y = bottom + LABELS
    for t, text in tl.marks:
        out.append('<g class="mark"><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#90a4ae" '
                   'stroke-dasharray="2 3"/><text x="%d" y="%d" font-family="monospace" '
                   'font-size="9" transform="rotate(-90 %d %d)">%s</text></g>'
                   % (x(t), TOP, x(t), label_y, x(t) + 3, label_y, x(t) + 3,
                      label_y, escape(text[:36])))
    for b in tl.bars:
        top, bottom = y_of(bands, b.end - 1), y_of(bands, b.start)
        out.append('<g class="vma" data-start="%x" data-end="%x" data-call="%s">'
                   '<title>%s</title><rect x="%d" y="%.1f" width="%d" height="%.1f" '
                   'fill="#90caf9" fill-opacity="0.5" stroke="#1565c0"/></g>'
                   % (b.start, b.end, b.call, escape("%x-%x %s (%s)" % (b.start, b.end,
                      b.prot, b.call)), x(b.t0), top, max(2, x(b.t1) - x(b.t0)),
                      max(2.0, bottom - top)))
    for t, addr, access, kind in tl.faults:
        out.append('<circle class="fault" data-kind=%s cx="%d" cy="%.1f" r="3" '
                   'fill="%s"><title>%s</title></circle>'
                   % (quoteattr(kind), x(t), y_of(bands, addr), kind_colour(kind),
                      escape("%x %s -> %s" % (addr, access, kind))))
    for i, (kind, colour) in enumerate(KIND_COLOURS.items()):
        lx, ly = 6 + (i % 6) * 100, label_y + 16 + (i // 6) * 12
        out.append('<circle cx="%d" cy="%d" r="3" fill="%s"/><text x="%d" y="%d" '
                   'font-family="monospace" font-size="9">%s</text>'
                   % (lx + 3, ly, colour, lx + 10, ly + 3, kind))
    return "\n".join(out + ["</svg>", ""])
