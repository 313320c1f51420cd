/*
 * tests/pagoda/oom_victim.c - the OOM killer chooses as Linux's does.  A
 * "hog" child touches half of the available memory and waits; a
 * "grower" child then touches more than the rest.  The hog, the bigger,
 * must be the victim, and the grower (the task whose fault found no
 * memory) must get the memory and finish.  With the grower's
 * oom_score_adj at 1000 it is the victim instead, and the hog lives;
 * with the hog at -1000 the hog is never chosen.  /proc/PID/oom_score
 * ranks them before.  Not run on Linux: the host's memory is shared, and
 * its OOM killer would choose among every process on the machine.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "no");
	failures += !ok;
}

/* MemAvailable from /proc/meminfo, in bytes. */
static long mem_available(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

/* Write "/proc/PID/NAME" with value; 0 or -1. */
static int write_proc(pid_t pid, const char *name, int value)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int ok = fprintf(f, "%d\n", value) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static long read_proc(pid_t pid, const char *name)
{
	char path[64];
	long v = -1;
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	FILE *f = fopen(path, "r");
	if (f && fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

/* A child that touches bytes of fresh memory, writes one byte to the
 * pipe, and waits (hold) or exits 0 (!hold). */
static pid_t toucher(size_t bytes, int adj, int fd, int hold)
{
	pid_t pid = fork();
	if (pid)
		return pid;
	write_proc(getpid(), "oom_score_adj", adj);
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	for (size_t i = 0; i < bytes; i += 4096)
		p[i] = 1;
	write(fd, "x", 1);
	while (hold)
		pause();
	_exit(0);
}

/* How a child ended: "killed" (SIGKILL), "finished" (exit 0), "other". */
static const char *ended(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return "lost";
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return "killed";
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "finished" : "other";
}

/* One round: the hog takes half, the grower 3/4 of what is available. */
static void round_of(const char *name, int hog_adj, int grower_adj,
		     const char *hog_end, const char *grower_end)
{
	int p[2];
	char c, what[128];
	long avail = mem_available();

	if (pipe(p))
		exit(1);
	pid_t hog = toucher(avail / 2, hog_adj, p[1], 1);
	read(p[0], &c, 1);
	if (!strcmp(hog_end, "killed")) {
		snprintf(what, sizeof(what),
			 "%s: the hog's oom_score is 100 above the parent's", name);
		check(what, read_proc(hog, "oom_score") > read_proc(getpid(), "oom_score") + 100);
	}
	pid_t grower = toucher(avail / 4 * 3, grower_adj, p[1], 0);
	const char *g = ended(grower);
	if (strcmp(hog_end, "killed"))
		kill(hog, SIGTERM);
	const char *h = ended(hog);
	snprintf(what, sizeof(what), "%s: the hog was %s, the grower %s", name, h, g);
	check(what, !strcmp(h, hog_end) && !strcmp(g, grower_end));
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	check("oom_score_adj starts at 0", read_proc(getpid(), "oom_score_adj") == 0);
	round_of("default", 0, 0, "killed", "finished");
	round_of("grower at 1000", 0, 1000, "other", "killed");
	round_of("hog at -1000", -1000, 0, "other", "killed");
	puts(failures ? "FAIL" : "PASS");
	return failures != 0;
}
