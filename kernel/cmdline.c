/*
 * kernel/cmdline.c - the kernel command line: space-separated words, each
 * `key=value` or a bare `key`.  Everything after `--` is left to init.
 * Known keys are listed below; an unknown word gets a warning, never a crash.
 */
#include "kernel.h"

#define MAX_WORDS	32

static const char *const known_keys[] = {
	"init",		/* the program init runs (and its args after --) */
	"test",		/* boot-time self-tests to run: all or a name */
	"trace",	/* trace=mm[,pid=N]: mm calls, faults, fork/exec/exit; all: all */
	"quiet",	/* kernel log to COM3, COM1 left to the program */
	"mode",		/* init's mode: shell, test, run */
	"fork",		/* fork=eager: copy memory at fork (no COW) */
	"mm_debug",	/* mm_debug=full: mm_validate after every mm call */
	"store_kb",	/* size of the ramdisk store */
	"fault_around_bytes",	/* read faults map cached pages around: 0 off */
	"swapon",	/* swapon=/dev/vda: swap on that disk from boot */
	"transparent_hugepage",	/* always, madvise (the default) or never */
	"reclaim",	/* lru (the default), clock, fifo or random (mm/vmscan.c) */
};

static char buf[1024];
static char *keys[MAX_WORDS], *vals[MAX_WORDS];
static int nwords;
static const char *raw = "";

static bool is_known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++)
		if (!strcmp(key, known_keys[i]))
			return true;
	return false;
}

/* Split the command line into words; stops at "--". */
void cmdline_parse(const char *cmdline)
{
	char *p = buf;

	raw = cmdline;
	strlcpy(buf, cmdline, sizeof(buf));
	while (*p && nwords < MAX_WORDS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p || !strncmp(p, "--", 2))
			break;
		keys[nwords] = p;
		while (*p && *p != ' ' && *p != '=')
			p++;
		vals[nwords] = "";
		if (*p == '=') {
			*p++ = '\0';
			vals[nwords] = p;
			while (*p && *p != ' ')
				p++;
		}
		if (*p)
			*p++ = '\0';
		if (!is_known(keys[nwords]))
			printk("cmdline: warning: unknown word '%s' ignored\n",
			       keys[nwords]);
		nwords++;
	}
}

/* Returns the value of key ("" for a bare word), or NULL if absent. */
const char *cmdline_get(const char *key)
{
	for (int i = 0; i < nwords; i++)
		if (!strcmp(keys[i], key))
			return vals[i];
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

const char *cmdline_raw(void)
{
	return raw;
}
