/*
 * tests/run/script.c - "#!" interpreter scripts in execve, as Linux's
 * binfmt_script: the interpreter (this program itself, run with
 * SCRIPT_TEST set) gets argv [interpreter, optional argument, script
 * path, the caller's argv[1..]]; blanks around the name, one argument
 * with blanks inside, a line without a newline, a line cut at 256 bytes,
 * a script as the interpreter of another and the nesting limit (ELOOP),
 * the program's name (comm, AT_EXECFN) being the script's; and the
 * errors: ENOEXEC, ENOENT, EACCES.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char exe[256];

/* Interpreter mode: what the kernel handed over. */
static int interpreter(int argc, char **argv)
{
	char comm[32] = "";
	int fd = open("/proc/self/comm", O_RDONLY);
	ssize_t n = read(fd, comm, sizeof(comm) - 1);

	comm[n > 0 ? n - 1 : 0] = '\0';
	printf("  argc %d, argv[0] is the interpreter: %d, comm '%s', "
	       "execfn '%s'\n", argc, !strcmp(argv[0], exe), comm,
	       (char *)getauxval(AT_EXECFN));
	for (int i = 1; i < argc; i++) {
		if (strlen(argv[i]) > 40)	/* the cut line: "#!EXE " + it */
			printf("  argv[%d]: the line's first %zu bytes\n", i,
			       strlen(argv[i]) + strlen(exe) + 3);
		else
			printf("  argv[%d]: '%s'\n", i, !strcmp(argv[i], exe) ? "EXE"
			       : argv[i]);
	}
	return 0;
}

static void make(const char *name, const char *body, int mode)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0700);

	write(fd, body, strlen(body));
	close(fd);
	chmod(name, mode);
}

/* Run path with argv and the marker in the environment; print the
 * result: the interpreter's lines, or execve's error. */
static void run(const char *what, const char *path, char *const argv[])
{
	static char *envp[] = { "SCRIPT_TEST=1", NULL };
	int status;

	printf("%s:\n", what);
	fflush(stdout);
	if (fork() == 0) {
		execve(path, argv, envp);
		printf("  execve: %s\n", errno == ENOEXEC ? "ENOEXEC" : errno == ENOENT
		       ? "ENOENT" : errno == EACCES ? "EACCES" : errno == ELOOP
		       ? "ELOOP" : errno == ETXTBSY ? "ETXTBSY" : "other");
		fflush(stdout);
		_exit(1);
	}
	wait(&status);
}

static void scripts(void)
{
	char line[512];
	char *args[] = { "name-given", "a1", "a b", NULL }, *none[] = { NULL };

	snprintf(line, sizeof(line), "#!%s\necho not read\n", exe);
	make("s1", line, 0755);
	run("plain", "./s1", args);
	run("empty argv", "./s1", none);
	snprintf(line, sizeof(line), "#! \t%s  -x  with  blanks \t \n", exe);
	make("s2", line, 0755);
	run("blanks and one argument", "./s2", args);
	snprintf(line, sizeof(line), "#!%s -n", exe);
	make("s3", line, 0755);
	run("no newline", "./s3", args);
	snprintf(line, sizeof(line), "#!%s", exe);
	strcat(line, " ");
	while (strlen(line) < 300)
		strcat(line, "x");
	strcat(line, "\n");
	make("s4", line, 0755);
	run("a line cut at 256 bytes", "./s4", args);
	make("s5", "#!./s1 -o\n", 0755);
	run("a script as the interpreter", "./s5", args);
	make("n0", "#!./s1\n", 0755);
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof(line), "#!./n%d\n", i - 1);
		char name[8];
		snprintf(name, sizeof(name), "n%d", i);
		make(name, line, 0755);
	}
	run("5 scripts deep", "./n3", args);
	run("6 scripts deep", "./n4", args);
	run("7 scripts deep", "./n5", args);
}

static void errors(void)
{
	char line[512];
	char *args[] = { "x", NULL };

	make("e1", "#!\n", 0755);
	run("no interpreter", "./e1", args);
	make("e2", "#!   \t\n", 0755);
	run("only blanks", "./e2", args);
	make("e3", "#!/no/such/interpreter\n", 0755);
	run("missing interpreter", "./e3", args);
	make("e4", "echo hello\n", 0755);
	run("text without #!", "./e4", args);
	make("text", "plain\n", 0644);
	make("e5", "#!./text\n", 0755);
	run("interpreter not executable", "./e5", args);
	snprintf(line, sizeof(line), "#!%s\n", exe);
	make("e6", line, 0644);
	run("script not executable", "./e6", args);
	strcpy(line, "#!/");
	while (strlen(line) < 300)
		strcat(line, "y");
	make("e7", line, 0755);
	run("interpreter name cut by the buffer", "./e7", args);
	make("e8", "#!.\n", 0755);
	run("interpreter is a directory", "./e8", args);
	int fd = open("s1", O_WRONLY);
	run("script open for writing", "./s1", args);
	close(fd);
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	if (getenv("SCRIPT_TEST"))
		return interpreter(argc, argv);
	mkdir("script-test", 0755);
	if (chdir("script-test"))
		return 1;
	scripts();
	errors();
	return 0;
}
