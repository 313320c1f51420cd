/*
 * tests/kernel/fs.c - boot-time tests of the file system: the page cache
 * and its writeback to the store, a full store, directories and names,
 * truncate, cpio unpacking and /proc.  They run before any process, with
 * kernel paths, and each checks that it leaves no frame or object behind.
 */
#include "../../fs/fs.h"

struct usage {
	uint64_t cache, store, blocks, dirty, objects;
};

static struct usage usage_now(void)
{
	return (struct usage){ nr_pages_used_for(PU_CACHE),
			       nr_pages_used_for(PU_STORE), store_used(),
			       nr_dirty_pages(), kmalloc_live_objects() };
}

/* Fails unless every counter is back where it was. */
static int usage_check(struct usage a, const char *when)
{
	struct usage b = usage_now();

	if (a.cache != b.cache || a.store != b.store || a.blocks != b.blocks ||
	    a.dirty != b.dirty || a.objects != b.objects)
		return ktest_fail("%s: cache %lu->%lu store %lu->%lu blocks "
				  "%lu->%lu dirty %lu->%lu objects %lu->%lu", when,
				  a.cache, b.cache, a.store, b.store, a.blocks,
				  b.blocks, a.dirty, b.dirty, a.objects, b.objects);
	return 0;
}

/* One counter from /proc/vmstat, read as a program would. */
static uint64_t vmstat(const char *name)
{
	static char text[4096];
	struct file *f = filp_open("/proc/vmstat", O_RDONLY, 0);
	uint64_t v = ~0ull;

	if (IS_ERR(f))
		return v;
	long n = kernel_read(f, text, sizeof(text) - 1, 0);
	fput(f);
	text[n > 0 ? n : 0] = '\0';
	size_t len = strlen(name);
	for (char *p = text; *p; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, name, len) && p[len] == ' ') {
			v = 0;
			for (p += len + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			break;
		}
		if (!strchr(p, '\n'))
			break;
	}
	return v;
}

static struct file *create(const char *path)
{
	return filp_open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
}

/* Write, fsync, drop caches, read: one page out, one page in, same data. */
static int test_writeback_cycle(void)
{
	struct usage u = usage_now();
	struct file *f = create("/tmp/ktest-wb");
	char *buf = kmalloc(PAGE_SIZE);

	if (IS_ERR(f) || !buf)
		return ktest_fail("create: %ld", PTR_ERR(f));
	for (size_t i = 0; i < PAGE_SIZE; i++)
		buf[i] = (char)(i * 7 + 3);
	if (kernel_write(f, buf, PAGE_SIZE, 0) != (long)PAGE_SIZE)
		return ktest_fail("write failed");
	if (nr_dirty_pages() != u.dirty + 1 || vmstat("nr_dirty") != u.dirty + 1)
		return ktest_fail("nr_dirty %lu, want %lu", vmstat("nr_dirty"),
				  u.dirty + 1);
	uint64_t out = vmstat("pgpgout"), in = vmstat("pgpgin");
	uint64_t wb = vmstat("writeback_pages");
	if (vfs_fsync(f, false))
		return ktest_fail("fsync failed");
	if (vmstat("pgpgout") != out + 1 || vmstat("writeback_pages") != wb + 1)
		return ktest_fail("pgpgout +%lu writeback +%lu, want +1 +1",
				  vmstat("pgpgout") - out,
				  vmstat("writeback_pages") - wb);
	if (vmstat("nr_dirty") != u.dirty)
		return ktest_fail("still dirty after fsync");
	drop_pagecache();
	if (f->f_mapping->nrpages != 0)
		return ktest_fail("drop_caches kept the clean page");
	memset(buf, 0, PAGE_SIZE);
	if (kernel_read(f, buf, PAGE_SIZE, 0) != (long)PAGE_SIZE)
		return ktest_fail("read failed");
	if (vmstat("pgpgin") != in + 1)
		return ktest_fail("pgpgin +%lu, want +1", vmstat("pgpgin") - in);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (buf[i] != (char)(i * 7 + 3))
			return ktest_fail("byte %lu is %d after re-read", i, buf[i]);
	uint64_t hits = vmstat("pgcache_hit");
	kernel_read(f, buf, 16, 100);
	if (vmstat("pgpgin") != in + 1 || vmstat("pgcache_hit") != hits + 1)
		return ktest_fail("second read was not a cache hit");
	kfree(buf);
	if (do_unlinkat(AT_FDCWD, "/tmp/ktest-wb"))
		return ktest_fail("unlink failed");
	fput(f);
	return usage_check(u, "after delete");
}
KTEST("fs/writeback-cycle", test_writeback_cycle);

/* Fill a file until the store is full; deleting it gives everything back. */
static int test_store_full(void)
{
	struct usage u = usage_now();
	uint64_t free_blocks = store_capacity() - store_used();
	size_t chunk = 16 * PAGE_SIZE;
	char *buf = kmalloc(chunk);
	struct file *f = create("/tmp/ktest-full");
	uint64_t off = 0;
	long n = 0;

	if (IS_ERR(f) || !buf)
		return ktest_fail("create: %ld", PTR_ERR(f));
	memset(buf, 0x5a, chunk);
	while (off <= (free_blocks + 1) * PAGE_SIZE &&
	       (n = kernel_write(f, buf, chunk, off)) > 0)
		off += n;
	if (n != -ENOSPC)
		return ktest_fail("write ended with %ld, want -ENOSPC", n);
	if (off != free_blocks * PAGE_SIZE || store_used() != store_capacity())
		return ktest_fail("wrote %lu bytes, %lu blocks were free", off,
				  free_blocks);
	if (kernel_write(f, buf, 1, off) != -ENOSPC)
		return ktest_fail("a full store took one more byte");
	if (kernel_write(f, "x", 1, 5) != 1)
		return ktest_fail("overwriting allocated data failed");
	kfree(buf);
	if (do_unlinkat(AT_FDCWD, "/tmp/ktest-full"))
		return ktest_fail("unlink failed");
	if (store_used() == u.blocks)
		return ktest_fail("blocks freed while the file is open");
	fput(f);
	return usage_check(u, "after delete");
}
KTEST("fs/store-full", test_store_full);

/* Truncate: cut pages leave cache and store; the tail reads as zeros. */
static int test_truncate(void)
{
	struct usage u = usage_now();
	struct file *f = create("/tmp/ktest-trunc");
	char buf[64];

	if (IS_ERR(f))
		return ktest_fail("create: %ld", PTR_ERR(f));
	memset(buf, 'x', sizeof(buf));
	for (uint64_t off = 0; off < 3 * PAGE_SIZE; off += sizeof(buf))
		kernel_write(f, buf, sizeof(buf), off);
	struct inode *inode = f->f_inode;
	if (inode->i_mapping->nrpages != 3 || inode->i_nrblocks != 3)
		return ktest_fail("%lu pages %lu blocks, want 3 3", inode->i_mapping->nrpages,
				  inode->i_nrblocks);
	sync_all();
	do_truncate(inode, 100);
	if (inode->i_mapping->nrpages != 1 || inode->i_nrblocks != 1 || inode->i_size != 100)
		return ktest_fail("after truncate: %lu pages %lu blocks size %lu",
				  inode->i_mapping->nrpages, inode->i_nrblocks, inode->i_size);
	do_truncate(inode, 2 * PAGE_SIZE);
	drop_pagecache();
	for (uint64_t off = 96; off < 2 * PAGE_SIZE; off += sizeof(buf)) {
		long n = kernel_read(f, buf, sizeof(buf), off);
		for (long i = 0; i < n; i++)
			if (buf[i] != (off + i < 100 ? 'x' : 0))
				return ktest_fail("byte %lu is %d", off + i, buf[i]);
	}
	do_unlinkat(AT_FDCWD, "/tmp/ktest-trunc");
	fput(f);
	return usage_check(u, "after delete");
}
KTEST("fs/truncate", test_truncate);

static int expect(const char *what, long got, long want)
{
	return got == want ? 0 : ktest_fail("%s: got %ld, want %ld", what, got, want);
}

static long stat_mode(const char *path)
{
	struct stat st;
	int err = vfs_statat(AT_FDCWD, path, &st, 0);

	return err ? err : (long)(st.st_mode & S_IFMT);
}

/* mkdir, rmdir, unlink, rename and lookups, with their errors. */
static int test_names(void)
{
	struct usage u = usage_now();
	struct file *f;
	int bad = 0;

	bad |= expect("mkdir", do_mkdirat(AT_FDCWD, "/tmp/kd", 0755), 0);
	bad |= expect("mkdir again", do_mkdirat(AT_FDCWD, "/tmp/kd/", 0755), -EEXIST);
	bad |= expect("mkdir a/b", do_mkdirat(AT_FDCWD, "/tmp/kd/a/b", 0755), -ENOENT);
	f = create("/tmp/kd/f");
	if (IS_ERR(f))
		return ktest_fail("create: %ld", PTR_ERR(f));
	fput(f);
	bad |= expect("mkdir f/x", do_mkdirat(AT_FDCWD, "/tmp/kd/f/x", 0755), -ENOTDIR);
	bad |= expect("rmdir full", do_rmdir(AT_FDCWD, "/tmp/kd"), -ENOTEMPTY);
	bad |= expect("unlink dir", do_unlinkat(AT_FDCWD, "/tmp/kd"), -EISDIR);
	bad |= expect("rmdir file", do_rmdir(AT_FDCWD, "/tmp/kd/f"), -ENOTDIR);
	bad |= expect("unlink f/", do_unlinkat(AT_FDCWD, "/tmp/kd/f/"), -ENOTDIR);
	bad |= expect("rename", do_renameat2(AT_FDCWD, "/tmp/kd/f", AT_FDCWD,
					     "/tmp/kd/g", 0), 0);
	bad |= expect("stat old", stat_mode("/tmp/kd/f"), -ENOENT);
	bad |= expect("stat new", stat_mode("/tmp/kd/g"), S_IFREG);
	bad |= expect("mkdir sub", do_mkdirat(AT_FDCWD, "/tmp/kd/sub", 0755), 0);
	bad |= expect("rename into self", do_renameat2(AT_FDCWD, "/tmp/kd/sub",
			AT_FDCWD, "/tmp/kd/sub/x", 0), -EINVAL);
	bad |= expect("rename file on dir", do_renameat2(AT_FDCWD, "/tmp/kd/g",
			AT_FDCWD, "/tmp/kd/sub", 0), -EISDIR);
	bad |= expect("rename dir on file", do_renameat2(AT_FDCWD, "/tmp/kd/sub",
			AT_FDCWD, "/tmp/kd/g", 0), -ENOTDIR);
	bad |= expect("dot-dot", stat_mode("/tmp/kd/sub/../g"), S_IFREG);
	bad |= expect("dot-dot above root", stat_mode("/../../tmp/./kd"), S_IFDIR);
	bad |= expect("file as dir", stat_mode("/tmp/kd/g/x"), -ENOTDIR);
	bad |= expect("rmdir .", do_rmdir(AT_FDCWD, "/tmp/kd/sub/."), -EINVAL);
	struct dentry *d = path_lookupat(AT_FDCWD, "/tmp/kd/sub/", 0);
	if (IS_ERR(d))
		return ktest_fail("lookup sub: %ld", PTR_ERR(d));
	char path[64];
	char *p = d_path(d, path, sizeof(path));
	bad |= expect("d_path", strcmp(p, "/tmp/kd/sub"), 0);
	bad |= expect("nlink of kd", d->d_parent->d_inode->i_nlink, 3);
	dput(d);
	bad |= expect("unlink g", do_unlinkat(AT_FDCWD, "/tmp/kd/g"), 0);
	bad |= expect("rmdir sub", do_rmdir(AT_FDCWD, "/tmp/kd/sub"), 0);
	bad |= expect("rmdir kd", do_rmdir(AT_FDCWD, "/tmp/kd"), 0);
	return bad ? 1 : usage_check(u, "after cleanup");
}
KTEST("fs/names", test_names);

/* Append one newc entry to the archive at a + *len. */
static void cpio_add(char *a, size_t *len, const char *name, uint32_t mode,
		     const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = data ? strlen(data) : 0;

	*len += snprintf(a + *len, 111, "070701%08x%08x%08x%08x%08x%08x%08x"
			 "%08x%08x%08x%08x%08x%08x", 1, mode, 0, 0, 1, 0,
			 (unsigned)dlen, 0, 0, 0, 0, (unsigned)nlen, 0);
	memcpy(a + *len, name, nlen);
	*len = ALIGN_UP(*len + nlen, 4);
	memcpy(a + *len, data, dlen);
	*len = ALIGN_UP(*len + dlen, 4);
}

/* Unpack a small archive: directories, a file, a symlink; and a bad one. */
static int test_cpio_unpack(void)
{
	struct usage u = usage_now();
	char *a = kzalloc(4096);
	size_t len = 0;
	char buf[16] = { 0 };
	int bad = 0;

	cpio_add(a, &len, ".", S_IFDIR | 0755, NULL);
	cpio_add(a, &len, "etc", S_IFDIR | 0700, NULL);
	cpio_add(a, &len, "./etc/motd", S_IFREG | 0640, "hello\n");
	cpio_add(a, &len, "deep/er/file", S_IFREG | 0600, "x");
	cpio_add(a, &len, "link", S_IFLNK | 0777, "etc/motd");
	cpio_add(a, &len, "TRAILER!!!", 0, NULL);
	bad |= expect("mkdir", do_mkdirat(AT_FDCWD, "/tmp/kc", 0755), 0);
	struct dentry *root = path_lookupat(AT_FDCWD, "/tmp/kc", 0);
	if (IS_ERR(root))
		return ktest_fail("lookup: %ld", PTR_ERR(root));
	bad |= expect("unpack", unpack_cpio(root, a, len), 5);
	bad |= expect("truncated", unpack_cpio(root, a, len - 120), -EINVAL);
	dput(root);
	struct stat st;
	bad |= expect("stat etc", vfs_statat(AT_FDCWD, "/tmp/kc/etc", &st, 0), 0);
	bad |= expect("etc mode", st.st_mode, S_IFDIR | 0700);
	struct file *f = filp_open("/tmp/kc/link", O_RDONLY, 0);
	if (IS_ERR(f))
		return ktest_fail("open through link: %ld", PTR_ERR(f));
	bad |= expect("read", kernel_read(f, buf, sizeof(buf), 0), 6);
	bad |= expect("data", strcmp(buf, "hello\n"), 0);
	bad |= expect("mode", f->f_inode->i_mode, S_IFREG | 0640);
	fput(f);
	bad |= expect("deep", stat_mode("/tmp/kc/deep/er/file"), S_IFREG);
	const char *rm[] = { "/tmp/kc/link", "/tmp/kc/etc/motd", "/tmp/kc/etc",
			     "/tmp/kc/deep/er/file", "/tmp/kc/deep/er",
			     "/tmp/kc/deep", "/tmp/kc" };
	for (size_t i = 0; i < ARRAY_SIZE(rm); i++)
		if (do_unlinkat(AT_FDCWD, rm[i]) == -EISDIR)
			do_rmdir(AT_FDCWD, rm[i]);
	kfree(a);
	return bad ? 1 : usage_check(u, "after cleanup");
}
KTEST("fs/cpio-unpack", test_cpio_unpack);

/* /proc/meminfo in Linux's layout; /proc/sys/vm/drop_caches accepts 1. */
static int test_proc(void)
{
	char text[256];
	struct file *f = filp_open("/proc/meminfo", O_RDONLY, 0);

	if (IS_ERR(f))
		return ktest_fail("open meminfo: %ld", PTR_ERR(f));
	long n = kernel_read(f, text, sizeof(text) - 1, 0);
	fput(f);
	text[n > 0 ? n : 0] = '\0';
	char want[64];
	snprintf(want, sizeof(want), "MemTotal:       %8lu kB\nMemFree:",
		 nr_total_pages() * 4);
	if (strncmp(text, want, strlen(want)))
		return ktest_fail("meminfo starts '%s'", text);
	f = filp_open("/proc/sys/vm/drop_caches", O_WRONLY, 0);
	if (IS_ERR(f))
		return ktest_fail("open drop_caches: %ld", PTR_ERR(f));
	int bad = expect("write 1", kernel_write(f, "1\n", 2, 0), 2);
	bad |= expect("write 9", kernel_write(f, "9\n", 2, 0), -EINVAL);
	fput(f);
	bad |= expect("create in /proc", PTR_ERR(create("/proc/x")), -EACCES);
	bad |= expect("rmdir /proc", do_rmdir(AT_FDCWD, "/proc"), -EBUSY);
	return bad;
}
KTEST("fs/proc", test_proc);

/* Type into the terminal's line discipline and read what a program gets
 * (the echo appears on the console). */
static void type(const char *s)
{
	uint64_t flags = irq_save();

	while (*s)
		tty_receive(*s++);
	irq_restore(flags);
}

static int tty_read_str(struct file *f, size_t n, const char *want)
{
	char buf[32] = { 0 };
	long got = kernel_read(f, buf, MIN(n, sizeof(buf) - 1), 0);

	if (got != (long)strlen(want) || strcmp(buf, want))
		return ktest_fail("tty read %ld '%s', want '%s'", got, buf, want);
	return 0;
}

static int test_tty_line_discipline(void)
{
	struct file *f = filp_open("/dev/tty", O_RDWR | O_NONBLOCK, 0);
	int bad = 0;

	if (IS_ERR(f))
		return ktest_fail("open /dev/tty: %ld", PTR_ERR(f));
	bad |= expect("empty", kernel_read(f, (char[4]){ 0 }, 4, 0), -EAGAIN);
	type("ab\177c\r");
	bad |= tty_read_str(f, 32, "ac\n");
	type("one two\027three\n");
	bad |= tty_read_str(f, 32, "one three\n");
	type("junk\025ok\n");
	bad |= tty_read_str(f, 32, "ok\n");
	type("xy\004");
	kernel_write(f, "\n", 1, 0);
	bad |= tty_read_str(f, 1, "x");
	bad |= tty_read_str(f, 32, "y");
	type("pq\004");
	kernel_write(f, "\n", 1, 0);
	bad |= tty_read_str(f, 2, "pq");
	bad |= expect("after the push", kernel_read(f, (char[4]){ 0 }, 4, 0), -EAGAIN);
	type("\004");
	bad |= tty_read_str(f, 32, "");
	type("lost\003kept\n");
	bad |= tty_read_str(f, 32, "kept\n");
	type("l1\nl2\n");
	bad |= tty_read_str(f, 32, "l1\n");
	bad |= tty_read_str(f, 32, "l2\n");
	fput(f);
	return bad;
}
KTEST("fs/tty", test_tty_line_discipline);
