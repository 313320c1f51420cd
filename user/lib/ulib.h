/*
 * user/lib/ulib.h - code that several programs in user/ share, grouped by
 * the file of user/lib/ that defines it; the Makefile links those files
 * into the programs that use them.
 */
#ifndef USER_LIB_ULIB_H
#define USER_LIB_ULIB_H

#include <stdbool.h>
#include <sys/types.h>

/* args.c: command-line operands. */

/*
 * cp and mv: the operands SOURCE DEST, or SOURCE... DIRECTORY.  Calls
 * fn(source, target) for each source, target being DEST or
 * DIRECTORY/NAME (NAME: the source's last component).  Returns the exit
 * status: 1 after a usage message or if any fn returned < 0, else 0.
 */
int for_each_source(const char *prog, int argc, char **argv,
		    int (*fn)(const char *src, const char *dst));

/*
 * head and tail: -n N, -nN or the old form -N set *n.  Returns the index
 * of the first operand; exits with status 1 after a message on a bad count.
 */
int parse_line_count(const char *prog, int argc, char **argv, long *n);

/* head and tail with several files: "==> NAME <==" before the nth file
 * (from 0; a blank line before all but the first); NULL is standard input. */
void print_file_header(const char *name, int nth);

/* procfs.c: the kernel's small text files, read without malloc (stdio's
 * fopen would allocate, which mallocdemo must not do while it looks). */

/* Read the file at path into buf as a string of at most size - 1 bytes;
 * returns its length, or -1 (buf "") if it cannot be opened or read. */
ssize_t read_file(const char *path, char *buf, size_t size);

/* The number on text's line "KEY value" or "KEY: value" into *v; false if
 * there is no such line. */
bool proc_lookup(const char *text, const char *key, unsigned long *v);

/* regex.c: basic regular expressions for grep and sed (literals, `.`,
 * `[set]`, `*`, `^`, `$`, `\c`; the file's comment has the details). */

/* The leftmost, then longest, match of re in text at or after offset
 * from: true with its offsets in *start and *end; icase ignores case. */
bool re_search(const char *re, const char *text, size_t from, bool icase,
	       size_t *start, size_t *end);

/* tree.c: directory trees. */

/* Remove path and everything below it; errors are ignored. */
void remove_tree(const char *path);

/* Append path and everything below it to a newc cpio archive on fd;
 * 0, or -1 if part of it could not be read or written. */
int cpio_write_tree(int fd, const char *path);

/* End the cpio archive on fd; false if the write failed. */
bool cpio_write_trailer(int fd);

#endif
