/*
 * abort: end the process with SIGABRT.
 */
#include <signal.h>
#include <stdlib.h>

/*
 * Raise SIGABRT.  If a handler returns or the signal is ignored, restore
 * the default action and raise it again; exit with 127 as a last resort.
 */
_Noreturn void abort(void)
{
	sigset_t set;
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	sigaction(SIGABRT, &dfl, NULL);
	raise(SIGABRT);
	_Exit(127);
}
