/*
 * kernel/binfmt_script.c - "#!" interpreter lines, as Linux's
 * fs/binfmt_script.c.
 *
 * execve of a file that starts with "#!" runs the interpreter the line
 * names instead, with the argument list rewritten (kernel/exec.c does
 * that and the loop):
 *     "#! interp optional arg"  run with  argv  [ path ] [ a1 ] ...
 *     becomes  interp  with  argv  [ interp ] [ optional arg ] [ path ] [ a1 ] ...
 * Only the first BINPRM_BUF_SIZE (256) bytes are read.  Spaces and tabs
 * around the name are skipped; the optional argument is everything after
 * the name up to the end of the line (trailing blanks cut), one argument
 * even with blanks inside; a NUL ends the line early.  A line longer
 * than the buffer is cut, unless the cut falls inside the interpreter's
 * name: ENOEXEC, as for a line with no name at all.  The interpreter may
 * itself be a script, at most MAX_INTERP_DEPTH rewrites deep (ELOOP).
 */
#include "kernel.h"
#include <uapi/errno.h>

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character of buf[first..last] that is no blank, or -1. */
static int next_non_spacetab(const char *buf, int first, int last)
{
	for (; first <= last; first++)
		if (!spacetab(buf[first]))
			return first;
	return -1;
}

/* The first blank or NUL of buf[first..last], or -1. */
static int next_terminator(const char *buf, int first, int last)
{
	for (; first <= last; first++)
		if (spacetab(buf[first]) || !buf[first])
			return first;
	return -1;
}

/* The index of the first '\n' before any NUL in buf, or -1. */
static int line_end(const char *buf)
{
	for (int i = 0; i < BINPRM_BUF_SIZE && buf[i]; i++)
		if (buf[i] == '\n')
			return i;
	return -1;
}

/*
 * Parse the "#!" line at the start of buf (BINPRM_BUF_SIZE bytes, zeros
 * after what the file had): *name is the interpreter, *arg its optional
 * argument or NULL, both NUL-terminated inside buf.  Returns 0, or
 * -ENOEXEC for a file that is no script or a line that names no
 * interpreter (the rules above).
 */
int parse_interp_line(char *buf, char **name, char **arg)
{
	int last = BINPRM_BUF_SIZE - 1, end = line_end(buf);

	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;
	if (end < 0) {			/* no newline: the line fills the buffer */
		int n = next_non_spacetab(buf, 2, last);
		if (n < 0 || next_terminator(buf, n, last) < 0)
			return -ENOEXEC;
		end = last;
	}
	while (spacetab(buf[end - 1]))
		end--;
	int i_name = next_non_spacetab(buf, 2, end);
	if (i_name < 0 || i_name == end)
		return -ENOEXEC;
	int i_sep = next_terminator(buf, i_name, end), i_arg = -1;
	if (i_sep >= 0 && buf[i_sep])
		i_arg = next_non_spacetab(buf, i_sep, end);
	buf[end] = '\0';
	if (i_arg >= 0)
		buf[i_sep] = '\0';
	*name = buf + i_name;
	*arg = i_arg >= 0 ? buf + i_arg : NULL;
	return 0;
}
