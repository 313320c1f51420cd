/*
 * tests/host/cpio.c - the newc cpio parser (fs/cpio.c) on the host.
 *
 * A real archive is made with `cpio -o -H newc` from a directory built
 * here; the parser must list exactly its entries with the right modes and
 * contents.  Then it must reject, without reading out of bounds (ASan
 * watches), every truncation of the archive and a set of corrupted
 * headers, and accept concatenated archives with zero padding between.
 */
#define _GNU_SOURCE			/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../fs/cpio.c"

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		failures++;						\
	}								\
} while (0)

/* Build a directory tree and archive it; returns the archive (malloc). */
static char *make_archive(size_t *len)
{
	char dir[] = "/tmp/cpio-test.XXXXXX", cmd[256];

	if (!mkdtemp(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p d/e && chmod 750 d && printf 'hello\\n' > d/f"
		 " && printf abc > odd && : > empty && ln -s d/f link"
		 " && chmod 640 d/f && find . | LC_ALL=C sort |"
		 " cpio -o -H newc --quiet > ../%s.cpio", dir, dir + 5);
	if (system(cmd) != 0)
		return NULL;
	snprintf(cmd, sizeof(cmd), "%s.cpio", dir);
	FILE *f = fopen(cmd, "rb");
	char *buf = malloc(1 << 20);
	*len = f ? fread(buf, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s.cpio", dir, dir);
	if (system(cmd) != 0)
		printf("cleanup failed\n");
	return buf;
}

struct want {
	const char *name;
	unsigned mode;
	const char *data;
};

static const struct want wanted[] = {
	{ ".", S_IFDIR, NULL },
	{ "d", S_IFDIR | 0750, NULL },
	{ "d/e", S_IFDIR, NULL },
	{ "d/f", S_IFREG | 0640, "hello\n" },
	{ "empty", S_IFREG, "" },
	{ "link", S_IFLNK | 0777, "d/f" },
	{ "odd", S_IFREG, "abc" },
};

/* Parse the whole archive in an exactly-sized copy; returns the final
 * result of cpio_next (0 or -EINVAL) and the number of entries. */
static int parse_all(const char *a, size_t len, int *entries)
{
	char *copy = malloc(len ? len : 1);
	struct cpio_entry e;
	size_t pos = 0;
	int r;

	memcpy(copy, a, len);
	*entries = 0;
	while ((r = cpio_next(copy, len, &pos, &e)) > 0) {
		(*entries)++;
		CHECK(pos <= len, "pos %zu beyond %zu", pos, len);
		CHECK(strlen(e.name) > 0, "empty name");
	}
	free(copy);
	return r;
}

static void test_good(const char *a, size_t len)
{
	struct cpio_entry e;
	size_t pos = 0, n = 0;
	int r;

	while ((r = cpio_next(a, len, &pos, &e)) > 0) {
		CHECK(n < sizeof(wanted) / sizeof(wanted[0]), "extra entry %s", e.name);
		if (n >= sizeof(wanted) / sizeof(wanted[0]))
			break;
		const struct want *w = &wanted[n++];
		CHECK(!strcmp(e.name, w->name), "entry %zu is %s, want %s", n,
		      e.name, w->name);
		if ((w->mode & 07777) != 0)
			CHECK(e.mode == w->mode, "%s: mode %o, want %o", e.name,
			      e.mode, w->mode);
		else
			CHECK((e.mode & S_IFMT) == w->mode, "%s: type %o", e.name,
			      e.mode);
		if (w->data)
			CHECK(e.size == strlen(w->data) &&
			      !memcmp(e.data, w->data, e.size),
			      "%s: contents differ", e.name);
	}
	CHECK(r == 0, "archive ended with %d", r);
	CHECK(n == sizeof(wanted) / sizeof(wanted[0]), "%zu entries", n);
}

/* Every prefix is either a complete archive (trailer included) or an error. */
static void test_truncated(const char *a, size_t len)
{
	size_t trailer_end = 0;
	const char *t = memmem(a, len, "TRAILER!!!", 11);

	CHECK(t != NULL, "no trailer");
	if (t)
		trailer_end = ((size_t)(t - a) + 11 + 3) & ~(size_t)3;
	for (size_t cut = 0; cut < len; cut++) {
		int entries;
		int r = parse_all(a, cut, &entries);
		if (cut >= trailer_end)
			CHECK(r == 0, "prefix %zu (complete) gave %d", cut, r);
		else
			CHECK(r == -EINVAL, "prefix %zu gave %d", cut, r);
	}
}

/* Overwrite header bytes with bad values: errors, never a crash. */
static void test_corrupt(const char *a, size_t len)
{
	const char bad[] = { '\0', 'g', 'F', '7', (char)0xff };
	char *copy = malloc(len);
	int entries;

	for (size_t off = 0; off < 2 * 110 + 8 && off < len; off++) {
		for (size_t b = 0; b < sizeof(bad); b++) {
			memcpy(copy, a, len);
			copy[off] = bad[b];
			int r = parse_all(copy, len, &entries);
			CHECK(r == 0 || r == -EINVAL, "corrupt byte %zu gave %d", off, r);
		}
	}
	memcpy(copy, a, len);
	memcpy(copy + 6 + 8 * 6, "7fffffff", 8);	/* filesize of entry 0 */
	CHECK(parse_all(copy, len, &entries) == -EINVAL, "huge filesize accepted");
	memcpy(copy, a, len);
	memcpy(copy + 6 + 8 * 11, "00000000", 8);	/* namesize 0 */
	CHECK(parse_all(copy, len, &entries) == -EINVAL, "namesize 0 accepted");
	memcpy(copy, a, len);
	memcpy(copy + 6 + 8 * 11, "00000001", 8);	/* name without its NUL */
	CHECK(parse_all(copy, len, &entries) == -EINVAL, "unterminated name accepted");
	memcpy(copy, a, len);
	copy[0] = 'x';
	CHECK(parse_all(copy, len, &entries) == -EINVAL, "bad magic accepted");
	free(copy);
	CHECK(parse_all(a, 0, &entries) == -EINVAL, "empty input accepted");
}

/* Two archives back to back, with zero padding: all entries of both. */
static void test_concatenated(const char *a, size_t len)
{
	char *two = calloc(2 * len + 512, 1);
	int entries;

	memcpy(two, a, len);
	memcpy(two + len + 512, a, len);
	CHECK(parse_all(two, 2 * len + 512, &entries) == 0, "concatenation rejected");
	CHECK(entries == 2 * (int)(sizeof(wanted) / sizeof(wanted[0])),
	      "concatenation gave %d entries", entries);
	free(two);
}

int main(void)
{
	size_t len;
	char *a = make_archive(&len);

	if (!a || len < 110) {
		printf("FAIL: could not make an archive with cpio\n");
		return 1;
	}
	test_good(a, len);
	test_truncated(a, len);
	test_corrupt(a, len);
	test_concatenated(a, len);
	free(a);
	printf("%s\n", failures ? "cpio: FAILED" : "cpio: ok");
	return failures != 0;
}
