/*
 * fs/cpio.c - the parser of "newc" cpio archives (cpio -o -H newc), the
 * format of the initial files (and of Linux's initramfs).
 *
 * An archive is a sequence of entries, each a 110-byte ASCII header
 *
 *   magic "070701" (or "070702": with a checksum, which we do not check),
 *   then 13 fields of 8 hex digits: ino mode uid gid nlink mtime filesize
 *   devmajor devminor rdevmajor rdevminor namesize check
 *
 * followed by the name (namesize bytes, NUL included) padded so that
 * header + name is a multiple of 4, then the data (filesize bytes: file
 * contents or a symlink's target) padded to a multiple of 4.  The entry
 * named "TRAILER!!!" ends the archive.  Every length is checked against
 * the buffer, so a truncated or corrupt archive is an error, not a crash.
 * The parser is pure (no allocation, no kernel calls): tests/host/cpio.c
 * runs it on the host.
 */
#include "fs.h"
#ifdef HOST_TEST
#include <errno.h>
#include <string.h>
#endif

#define CPIO_HDR_LEN	110
#define CPIO_TRAILER	"TRAILER!!!"

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NR_FIELDS };

/* Parse 8 hex digits; returns false on any other character. */
static bool parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Parse the header at p; returns the offset past the entry, or 0. */
static size_t parse_entry(const char *a, size_t len, size_t p,
			  struct cpio_entry *e)
{
	uint32_t f[NR_FIELDS];

	if (len - p < CPIO_HDR_LEN || memcmp(a + p, "07070", 5) ||
	    (a[p + 5] != '1' && a[p + 5] != '2'))
		return 0;
	for (int i = 0; i < NR_FIELDS; i++)
		if (!parse_hex8(a + p + 6 + 8 * i, &f[i]))
			return 0;
	size_t name = p + CPIO_HDR_LEN, namesize = f[F_NAMESIZE];
	if (namesize == 0 || namesize > len - name || a[name + namesize - 1] ||
	    strlen(a + name) != namesize - 1)
		return 0;
	size_t data = pad4(name + namesize);
	if (data > len || f[F_FILESIZE] > len - data)
		return 0;
	*e = (struct cpio_entry){
		.name = a + name, .mode = f[F_MODE], .mtime = f[F_MTIME],
		.rdev_major = f[F_RDEVMAJOR], .rdev_minor = f[F_RDEVMINOR],
		.data = a + data, .size = f[F_FILESIZE],
	};
	size_t end = pad4(data + f[F_FILESIZE]);
	return end < len ? end : len;
}

/*
 * Parse the entry at *pos of archive[0..len).  Returns 1 with *e filled
 * and *pos moved past it; 0 at the end (a trailer, then nothing but zero
 * padding); -EINVAL if the archive is malformed or ends without a
 * trailer.  Archives may be concatenated, with zero padding between.
 */
int cpio_next(const void *archive, size_t len, size_t *pos,
	      struct cpio_entry *e)
{
	const char *a = archive;
	size_t p = *pos;

	for (;;) {
		size_t next = p < len ? parse_entry(a, len, p, e) : 0;
		if (!next)
			return -EINVAL;
		*pos = p = next;
		if (strcmp(e->name, CPIO_TRAILER))
			return 1;
		while (p < len && a[p] == '\0')
			p++;
		*pos = p;
		if (p == len)
			return 0;
	}
}
