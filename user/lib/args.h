/*
 * user/lib/args.h - command-line handling that several programs in user/
 * share; linked into them from user/lib/args.c (see the Makefile).
 */
#ifndef USER_LIB_ARGS_H
#define USER_LIB_ARGS_H

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

#endif
