"""tools/gdb/pagoda.py - gdb commands that show Pagoda's memory structures.

tools/gdbinit loads this file (make gdb, tools/gdb/run); any gdb session on
build/kernel.elf can load it with `source tools/gdb/pagoda.py`.

  pagoda-ps               every task: pid, process, state, mm, name
  pagoda-vmas [PID]       the VMAs of the current task (or of PID), like
                          /proc/PID/maps
  pagoda-pte ADDR [PID]   the four-level page-table walk of a user address,
                          each entry with its bits decoded
  pagoda-page PFN|ADDR    one struct page: use, flags, counts, mapping; ADDR
                          is a kernel direct-map address or a user address
                          of the current task
  pagoda-pagecache INODE  the page cache of a file: INODE is an inode number
                          (pagoda-vmas shows them) or a struct inode pointer
  pagoda-buddy            the buddy allocator's free lists, order by order

Every command reads the kernel's data by its C name (current, all_tasks,
mem_map, buddy, all_inodes, struct task, struct vm_area_struct, ...) through
gdb.parse_and_eval, and takes its constants (PG_*, VM_*, PTE_*,
DIRECT_MAP_BASE) from the #define lines of the C headers and files, so it
stays right when the code changes.  Nothing here writes to the kernel.
"""
import glob
import os
import re

import gdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE_SHIFT = 12
LEVELS = ["PML4", "PDPT", "PD", "PT"]     # top level first
LIST_LIMIT = 64                           # pagoda-pagecache shows this many


def c_number(text):
    """The value of a C constant written as the headers write them (4096,
    0x1000ull, (1u << 3)), or None for anything else."""
    text = text.strip().strip("()")
    shift = re.fullmatch(r"1[ul]*\s*<<\s*(\d+)", text)
    if shift:
        return 1 << int(shift.group(1))
    number = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)[ul]*", text)
    return int(number.group(1), 0) if number else None


def c_defines(pattern, prefix):
    """{name: number} of the `#define PREFIX... value` lines whose value is
    a number, in the kernel source files pattern names (a glob, so that
    the definitions may move between mm/pgtable.c and its headers)."""
    values = {}
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        with open(path) as f:
            for line in f:
                m = re.match(r"#define\s+(%s\w*)\s+([^/]+)" % prefix, line)
                value = c_number(m.group(2)) if m else None
                if value is not None:
                    values[m.group(1)] = value
    return values


PG_FLAGS = c_defines("mm/mm*.h", "PG_")         # struct page flags
VM_FLAGS = c_defines("mm/mm*.h", "VM_")         # vm_flags of a VMA
PTE_BITS = c_defines("mm/pgtable*", "PTE_")     # page-table entry bits
PTE_ADDR = PTE_BITS.pop("PTE_ADDR")             # the address field, not a bit
DIRECT_MAP_BASE = c_defines("mm/mm.h", "DIRECT_MAP_BASE")["DIRECT_MAP_BASE"]
PAGE_MAPPING_ANON = c_defines("mm/mm*.h", "PAGE_MAPPING_ANON")["PAGE_MAPPING_ANON"]


def flag_names(value, table, prefix):
    """The names of the bits of value that table lists (less the prefix),
    in the order the C file defines them, joined by |."""
    names = [name[len(prefix):] for name, bit in table.items() if value & bit]
    return "|".join(names) or "-"


def read_u64(address):
    """The 64-bit word at a kernel address."""
    data = gdb.selected_inferior().read_memory(address, 8)
    return int.from_bytes(bytes(data), "little")


def list_entries(head, type_name, member):
    """The structs of type_name on the list at head (a struct list_head
    value) through their list_head member, as Linux's list_for_each_entry."""
    struct = gdb.lookup_type(type_name)
    offset = next(f.bitpos // 8 for f in struct.fields() if f.name == member)
    char_p = gdb.lookup_type("char").pointer()
    node = head["next"]
    while int(node) not in (0, int(head.address)):     # 0: not set up yet
        yield (node.cast(char_p) - offset).cast(struct.pointer()).dereference()
        node = node["next"]


def all_tasks():
    """Every task of the kernel's all_tasks list, in creation order."""
    return list_entries(gdb.parse_and_eval("all_tasks"), "struct task", "all")


def find_task(arg):
    """The task with pid arg (a string), or the current one if arg is empty."""
    if not arg.strip():
        return gdb.parse_and_eval("current").dereference()
    pid = int(gdb.parse_and_eval(arg))
    for task in all_tasks():
        if int(task["pid"]) == pid:
            return task
    raise gdb.GdbError("no task with pid %d" % pid)


def task_mm(task):
    """The address space a task uses (its active_mm, so that a task that is
    exiting still has one); raises an error if it has none."""
    mm = task["active_mm"]
    if int(mm) == 0:
        raise gdb.GdbError("pid %d has no address space" % int(task["pid"]))
    return mm.dereference()


def describe(task):
    """A task as "pid N (name)"."""
    return "pid %d (%s)" % (int(task["pid"]), task["comm"].string())


def file_path(file):
    """The path of an open file, from its dentry up to the root."""
    dentry = file["f_dentry"]
    if int(dentry) == 0:
        return "(no name)"
    parts = []
    while int(dentry["d_parent"]) != int(dentry):
        parts.append(dentry["d_name"].string())
        dentry = dentry["d_parent"]
    return "/" + "/".join(reversed(parts))


def vma_name(vma, mm):
    """What /proc/PID/maps shows in a VMA's last column (vma_special_name)."""
    if int(vma["vm_file"]):
        return file_path(vma["vm_file"].dereference())
    if int(vma["vm_special"]):
        return vma["vm_special"]["name"].string()
    start, end = int(vma["vm_start"]), int(vma["vm_end"])
    if start <= int(mm["brk"]) and end >= int(mm["start_brk"]):
        return "[heap]"
    if start <= int(mm["start_stack"]) <= end:
        return "[stack]"
    return ""


def vma_perms(flags):
    """r, w, x and s (shared) or p (private), as in /proc/PID/maps."""
    return "".join([
        "r" if flags & VM_FLAGS["VM_READ"] else "-",
        "w" if flags & VM_FLAGS["VM_WRITE"] else "-",
        "x" if flags & VM_FLAGS["VM_EXEC"] else "-",
        "s" if flags & VM_FLAGS["VM_MAYSHARE"] else "p"])


class PagodaPs(gdb.Command):
    """pagoda-ps: every task, * marking the current one."""

    def __init__(self):
        super().__init__("pagoda-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        current = int(gdb.parse_and_eval("current"))
        print("   PID  TGID STATE          MM                  COMM")
        for task in all_tasks():
            mark = "*" if int(task.address) == current else " "
            print("%s %5d %5d %-14s 0x%016x  %s" % (
                mark, int(task["pid"]), int(task["tgid"]), task["state"],
                int(task["mm"]), task["comm"].string()))


class PagodaVmas(gdb.Command):
    """pagoda-vmas [PID]: the VMA list of the current task or of PID."""

    def __init__(self):
        super().__init__("pagoda-vmas", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        task = find_task(arg)
        mm = task_mm(task)
        print("%s: mm 0x%x, %d VMAs, brk 0x%x, start_stack 0x%x" % (
            describe(task), int(mm.address), int(mm["map_count"]),
            int(mm["brk"]), int(mm["start_stack"])))
        vma = mm["mmap"]
        while int(vma):
            v = vma.dereference()
            start, end, flags = int(v["vm_start"]), int(v["vm_end"]), int(v["vm_flags"])
            offset, ino = 0, 0
            if int(v["vm_file"]):
                offset = int(v["vm_pgoff"]) << PAGE_SHIFT
                ino = int(v["vm_file"]["f_inode"]["i_ino"])
            print("%08x-%08x %s %08x %5d %7d KiB  %s" % (
                start, end, vma_perms(flags), offset, ino, (end - start) // 1024,
                vma_name(v, mm)))
            vma = v["vm_next"]


def pte_walk(pml4, address):
    """Walk the page tables from pml4 (a kernel address) for a user
    address: a list of (level, index, entry) down to the last entry read."""
    steps = []
    table = pml4
    for depth, level in enumerate(LEVELS):
        index = (address >> (PAGE_SHIFT + 9 * (3 - depth))) & 511
        entry = read_u64(table + 8 * index)
        steps.append((level, index, entry))
        if not entry & PTE_BITS["PTE_P"] or entry & PTE_BITS["PTE_PS"]:
            break               # nothing below, or a huge page's leaf
        table = DIRECT_MAP_BASE + (entry & PTE_ADDR)
    return steps


class PagodaPte(gdb.Command):
    """pagoda-pte ADDR [PID]: the page-table walk of a user address."""

    def __init__(self):
        super().__init__("pagoda-pte", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if not args:
            raise gdb.GdbError("usage: pagoda-pte ADDR [PID]")
        address = int(gdb.parse_and_eval(args[0]))
        task = find_task(" ".join(args[1:]))
        pml4 = int(task_mm(task)["pml4"])
        print("0x%x in %s, pml4 at 0x%x:" % (address, describe(task), pml4))
        steps = pte_walk(pml4, address)
        for level, index, entry in steps:
            bits = flag_names(entry, PTE_BITS, "PTE_")
            print("  %-4s[%3d] 0x%016x  %s" % (level, index, entry, bits))
        level, _, entry = steps[-1]
        if not entry & PTE_BITS["PTE_P"]:
            print("  not present: the walk stops at the %s entry" % level)
        elif level == "PT" or entry & PTE_BITS["PTE_PS"]:
            phys = entry & PTE_ADDR
            print("  present: frame at phys 0x%x, pfn 0x%x (pagoda-page 0x%x)"
                  % (phys, phys >> PAGE_SHIFT, phys >> PAGE_SHIFT))


def user_pfn(address):
    """The pfn a user address of the current task maps; an error if none."""
    task = gdb.parse_and_eval("current").dereference()
    level, _, entry = pte_walk(int(task_mm(task)["pml4"]), address)[-1]
    if level != "PT" or not entry & PTE_BITS["PTE_P"]:
        raise gdb.GdbError("0x%x is not mapped in %s" % (address, describe(task)))
    return (entry & PTE_ADDR) >> PAGE_SHIFT


def page_to_pfn(page):
    """The pfn of a struct page (a gdb value), from its place in mem_map."""
    size = gdb.lookup_type("struct page").sizeof
    return (int(page.address) - int(gdb.parse_and_eval("mem_map"))) // size


def page_mapping(page):
    """What a struct page's mapping field says about whose page it is."""
    mapping = int(page["mapping"])
    if mapping == 0:
        return "none"
    if mapping & PAGE_MAPPING_ANON:
        return ("anon_vma 0x%x (a private anonymous page), index 0x%x"
                % (mapping - PAGE_MAPPING_ANON, int(page["index"])))
    space = page["mapping"].dereference()
    inode = space["host"]
    ino = int(inode["i_ino"]) if int(inode) else 0
    return ("address_space 0x%x of inode %d (page cache), index 0x%x"
            % (mapping, ino, int(page["index"])))


class PagodaPage(gdb.Command):
    """pagoda-page PFN|ADDR: one struct page of mem_map[]."""

    def __init__(self):
        super().__init__("pagoda-page", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: pagoda-page PFN|ADDR")
        value = int(gdb.parse_and_eval(arg))
        max_pfn = int(gdb.parse_and_eval("max_pfn"))
        if value >= DIRECT_MAP_BASE:
            pfn = (value - DIRECT_MAP_BASE) >> PAGE_SHIFT
        elif value < max_pfn:
            pfn = value
        else:
            pfn = user_pfn(value)
        if pfn >= max_pfn:
            raise gdb.GdbError("pfn 0x%x is beyond max_pfn 0x%x" % (pfn, max_pfn))
        page = gdb.parse_and_eval("mem_map[%d]" % pfn)
        use = page["use"].cast(gdb.lookup_type("enum page_use"))
        flags = int(page["flags"])
        print("struct page 0x%x: pfn 0x%x, phys 0x%x" % (
            int(page.address), pfn, pfn << PAGE_SHIFT))
        print("  use       %s" % use)
        print("  flags     0x%x %s" % (flags, flag_names(flags, PG_FLAGS, "PG_")))
        if flags & PG_FLAGS["PG_buddy"]:
            print("  order     %d (the head of a free block)" % int(page["order"]))
        print("  refcount  %d" % int(page["refcount"]))
        print("  mapcount  %d" % int(page["mapcount"]))
        print("  mapping   %s" % page_mapping(page))


def radix_items(root):
    """(index, item) of every item in a struct radix_root, in index order
    (mm/radix.c: nodes of 64 slots, root.height levels)."""
    slots = gdb.lookup_type("struct radix_node")["slots"].type.range()[1] + 1
    items = []

    def walk(node, height, base):
        for i in range(slots):
            item = node["slots"][i]
            if int(item) == 0:
                continue
            if height == 1:
                items.append((base * slots + i, item))
            else:
                child = item.cast(node.type.pointer()).dereference()
                walk(child, height - 1, base * slots + i)
    if int(root["node"]):
        walk(root["node"].dereference(), int(root["height"]), 0)
    return items


def find_inode(arg):
    """The struct inode an argument names: a struct inode pointer
    expression, or an inode number looked up on all_inodes."""
    value = gdb.parse_and_eval(arg)
    if value.type.code == gdb.TYPE_CODE_PTR:
        return value.dereference()
    inodes = gdb.parse_and_eval("'fs/fs-writeback.c'::all_inodes")
    for inode in list_entries(inodes, "struct inode", "i_sb_list"):
        if int(inode["i_ino"]) == int(value):
            return inode
    raise gdb.GdbError("no inode %d among the files with a page cache" % int(value))


class PagodaPagecache(gdb.Command):
    """pagoda-pagecache INODE: the pages of a file in the page cache."""

    def __init__(self):
        super().__init__("pagoda-pagecache", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: pagoda-pagecache INODE")
        inode = find_inode(arg)
        mapping = inode["i_mapping"].dereference()
        page_p = gdb.lookup_type("struct page").pointer()
        print("inode %d: size %d, %d pages cached, %d dirty" % (
            int(inode["i_ino"]), int(inode["i_size"]), int(mapping["nrpages"]),
            int(mapping["nrdirty"])))
        print("   index  pfn        refcount  mapcount  flags")
        items = radix_items(mapping["i_pages"])
        for index, item in items[:LIST_LIMIT]:
            page = item.cast(page_p).dereference()
            print("%8d  0x%-8x %9d %9d  %s" % (
                index, page_to_pfn(page),
                int(page["refcount"]), int(page["mapcount"]),
                flag_names(int(page["flags"]), PG_FLAGS, "PG_")))
        if len(items) > LIST_LIMIT:
            print("... and %d more" % (len(items) - LIST_LIMIT))


class PagodaBuddy(gdb.Command):
    """pagoda-buddy: the free lists of the buddy allocator (mm/buddy.c)."""

    def __init__(self):
        super().__init__("pagoda-buddy", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        buddy = gdb.parse_and_eval("'mm/pmm.c'::buddy")
        if int(buddy["npages"]) == 0:
            raise gdb.GdbError("the buddy allocator is not set up yet "
                               "(stopped before pmm_init?)")
        max_order = buddy["free"].type.range()[1]
        total = 0
        print("order  block     free blocks  free pages  first blocks (pfn)")
        for order in range(max_order + 1):
            count = int(buddy["nfree"][order])
            total += count << order
            first = []
            for page in list_entries(buddy["free"][order], "struct page", "list"):
                first.append("0x%x" % page_to_pfn(page))
                if len(first) == 3:
                    break
            print("%5d  %5d KiB %11d %11d  %s" % (
                order, 4 << order, count, count << order, " ".join(first)))
        print("total %d free pages (buddy.free_pages %d)" % (
            total, int(buddy["free_pages"])))


PagodaPs()
PagodaVmas()
PagodaPte()
PagodaPage()
PagodaPagecache()
PagodaBuddy()
