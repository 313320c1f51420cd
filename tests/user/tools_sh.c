/*
 * tests/user/tools_sh.c - the shell and the user tools, against Linux's.
 *
 * Each test is a command line given to /bin/sh -c.  In Pagoda that is
 * user/sh.c running user/ls.c, user/wc.c & co.; on Linux it is dash with
 * GNU coreutils.  The lines use only what both do alike (no error text
 * of the shells themselves, whose wording differs), so the whole output
 * must match.  Each runs in the test's own empty directory.
 */
#include "shlines.h"

static const char *const lines[] = {
	"echo hello world | cat",
	"echo a > f; echo b >> f; cat f; wc -l < f; cat < f | wc -c; wc f",
	"false; echo $?; true && echo yes; false || echo no; true || echo not",
	"echo 'a  b' \"c  $HOME\" d\\ e ''; X=1; echo \"[$X]\" '$X'",
	"export Y=2; sh -c 'echo $Y'; unset Y; sh -c 'echo [$Y]'",
	"ls nosuch 2>&1 | cat; echo $?; ls nosuch 2> err; cat err",
	"mkdir -p d/e; touch d/e/f d/g; ls d; ls d/e; rm d; echo $?",
	"mkdir d; mkdir d; mkdir -p d; echo $?; rm -r d; ls; rm -f d; echo $?",
	"echo x > f; cp f g; mv g h; cat h; ls; cp nosuch z; echo $?",
	"for_sure_not_a_command 2> /dev/null; echo $?",
	"echo 1 > n; echo 2 >> n; echo 3 >> n; head -n 2 n; tail -n 1 n; head -1 n",
	"echo abc | cat | cat | cat | cat | cat | cat | cat | wc -c",
	"sh -c 'exit 3'; echo $?; sh -c 'echo $0 $1' a b",
	"env -i A=1 env; echo -n no-newline; echo",
	"echo hello > f; hexdump -C f",
	"sleep 0.1 & echo started; wait; echo waited",
	"cd /; pwd; cd; pwd",
	"kill -TERM $$",
	"echo a; exit 7; echo b",
	"for i in 1 2 3; do echo $i; done; for w in a 'b c' \"$HOME\"; do echo [$w]; done",
	"for i in 1 2; do for j in a b; do echo $i$j; done; done; for i in; do echo no; done; echo $?",
	"if true; then echo yes; else echo no; fi; if false; then echo a; elif true; then echo b; fi",
	"if false; then echo c; fi; echo $?; if false; then :; else echo else; fi",
	"echo x > f; while grep -q x f; do echo loop; echo y > f; done; echo after; until true; do echo never; done",
	"n=0; while test $n != 3; do echo n=$n; n=$n$n; test $n = 00 && n=3; done",
	"true && for i in 1; do echo in; done || echo no; false || if true; then echo then; fi",
	"for i in 1 2\ndo\n  echo line $i\ndone\nif test -d /\nthen echo dir\nfi",
	"test 1 -lt 2; echo $?; test a = b; echo $?; test -n ''; echo $?; test ! -e nosuch; echo $?",
	"touch b.c a.c z.h .hid.c; echo *.c; echo *.x; echo '*.c'; echo \"*.c\"; echo ?.h; echo [ab].c",
	"mkdir d; touch d/q.c d/r.c; echo d/*.c; echo */q.c; for f in d/*; do echo file $f; done",
};

int main(void)
{
	return run_sh_lines(lines, sizeof(lines) / sizeof(lines[0]));
}
