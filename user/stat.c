/*
 * user/stat.c - show a file's inode.
 *
 *   stat [-L] [-c FORMAT] FILE...
 *
 * Without -c, GNU stat's layout; with it, FORMAT with %n (name), %s
 * (size), %F (file type), %a (octal permissions), %A (ls-style), %h
 * (links), %i (inode), %u/%g (owner and group ids), %b (512-byte
 * blocks), %N (the name, and " -> target" for a symlink), %% (a percent).
 * -L follows a symlink.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The major and minor numbers of a device number (Linux's encoding). */
static unsigned dev_major(dev_t d)
{
	return (d >> 8) & 0xfff;
}

static unsigned dev_minor(dev_t d)
{
	return (d & 0xff) | ((d >> 12) & 0xfff00);
}

static const char *file_type(mode_t m)
{
	return S_ISREG(m) ? "regular file" : S_ISDIR(m) ? "directory" :
	       S_ISLNK(m) ? "symbolic link" : S_ISCHR(m) ? "character special file" :
	       S_ISBLK(m) ? "block special file" : S_ISFIFO(m) ? "fifo" :
	       S_ISSOCK(m) ? "socket" : "weird file";
}

/* "-rwxr-xr-x", as ls -l shows the mode. */
static void mode_string(mode_t m, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' :
		 S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		out[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

/* One %-directive of FORMAT for file name with status st. */
static void directive(char c, const char *name, const struct stat *st)
{
	char buf[512];
	ssize_t n;

	switch (c) {
	case 'n': printf("%s", name); break;
	case 's': printf("%lld", (long long)st->st_size); break;
	case 'F': printf("%s", file_type(st->st_mode)); break;
	case 'a': printf("%o", (unsigned)st->st_mode & 07777); break;
	case 'A': mode_string(st->st_mode, buf); printf("%s", buf); break;
	case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
	case 'i': printf("%lu", (unsigned long)st->st_ino); break;
	case 'u': printf("%u", (unsigned)st->st_uid); break;
	case 'g': printf("%u", (unsigned)st->st_gid); break;
	case 'b': printf("%lld", (long long)st->st_blocks); break;
	case 'N':
		printf("'%s'", name);
		if (S_ISLNK(st->st_mode) && (n = readlink(name, buf, sizeof(buf) - 1)) >= 0)
			printf(" -> '%.*s'", (int)n, buf);
		break;
	case '%': putchar('%'); break;
	default: printf("?%c", c); break;
	}
}

static void print_default(const char *name, const struct stat *st)
{
	char mode[11];

	mode_string(st->st_mode, mode);
	printf("  File: %s\n", name);
	printf("  Size: %-15lld Blocks: %-10lld IO Block: %-6ld %s\n",
	       (long long)st->st_size, (long long)st->st_blocks,
	       (long)st->st_blksize, file_type(st->st_mode));
	printf("Device: %x,%x\tInode: %-11lu Links: %lu\n", dev_major(st->st_dev),
	       dev_minor(st->st_dev), (unsigned long)st->st_ino, (unsigned long)st->st_nlink);
	printf("Access: (%04o/%s)  Uid: (%5u)   Gid: (%5u)\n",
	       (unsigned)st->st_mode & 07777, mode, (unsigned)st->st_uid,
	       (unsigned)st->st_gid);
	printf("Modify: %lld\n", (long long)st->st_mtime);
}

int main(int argc, char **argv)
{
	const char *format = NULL;
	bool follow = false;
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-L"))
			follow = true;
		else if (!strcmp(argv[i], "-c") && i + 1 < argc)
			format = argv[++i];
		else
			break;
	}
	if (i == argc) {
		fprintf(stderr, "usage: stat [-L] [-c FORMAT] FILE...\n");
		return 1;
	}
	for (; i < argc; i++) {
		struct stat st;
		if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
			fprintf(stderr, "stat: cannot stat '%s': %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (!format) {
			print_default(argv[i], &st);
			continue;
		}
		for (const char *f = format; *f; f++) {
			if (*f == '%' && f[1])
				directive(*++f, argv[i], &st);
			else
				putchar(*f);
		}
		putchar('\n');
	}
	return status;
}
