/*
 * tests/user/tools_text.c - the text tools in /bin (grep, sed, sort,
 * uniq, seq, xargs, stat, ln) against GNU's, as tools_sh.c does the shell:
 * each line runs under /bin/sh -c in the test's own directory, and only
 * what both do alike is used, so the whole output must match.
 */
#include "shlines.h"

static const char *const lines[] = {
	"seq 5; seq 3 6; seq 10 -3 1; seq -s , 4; seq 2 1; echo [$?]",
	"seq 12 > n; grep 1 n; grep -c 1 n; grep -v 1 n | head -n 2; grep -n 2 n",
	"seq 12 > n; grep '^1' n | wc -l; grep '2$' n; grep -q 7 n; echo $?; grep -q x n; echo $?",
	"printf 'Apple\\nbanana\\ncherry\\n' > f; grep -i A f; grep 'an*a' f; grep '[b-c]' f",
	"printf 'one\\ntwo\\n' > a; printf 'two\\n' > b; grep two a b; grep -l two a b; grep -c o a b",
	"grep x nosuch 2> /dev/null; echo $?; echo abc | grep 'a.c'; echo 'a.c' | grep 'a\\.c'",
	"echo 'x*y' | grep 'x[*]y'; echo aaa | grep -c 'a*'; echo '' | grep -c '^$'",
	"printf 'c\\na\\nb\\na\\n' | sort; printf 'c\\na\\nb\\na\\n' | sort -r; printf 'c\\na\\nb\\na\\n' | sort -u",
	"printf '10\\n9\\n100\\n-1\\n' | sort -n; printf '10\\n9\\n100\\n' | sort; seq 3 | sort -rn",
	"printf 'a\\na\\nb\\nc\\nc\\nc\\na\\n' > f; uniq f; uniq -c f; uniq -d f; uniq -u f",
	"printf 'x\\ny\\nx\\n' | sort | uniq -c",
	"seq 5 | sed -n 2p; seq 5 | sed 3d; seq 5 | sed -n '$p'; seq 5 | sed 2q",
	"echo hello world | sed s/o/0/; echo hello world | sed s/o/0/g; echo abc | sed 's/b*/X/g'",
	"echo path/to/file | sed 's|/|:|g'; echo abc | sed 's/b/[&]/'; echo abc | sed -e s/a/A/ -e s/c/C/",
	"seq 6 | sed -n '2,4p'; seq 6 | sed '/3/,/5/d'; seq 3 | sed -n '='; seq 4 | sed 's/2/two/p;3d'",
	"echo 'a b c' | sed 's/ /\\n/g'; echo aaa | sed 's/a/b/'; echo xy | sed 's/$/!/'",
	"seq 5 | xargs; seq 5 | xargs -n 2; seq 3 | xargs echo n:; echo | xargs echo empty",
	"seq 3 | xargs -n 1 sh -c 'exit $0'; echo $?; echo a | xargs false; echo $?",
	"echo a > f; ln f g; ln -s f h; cat g h; stat -c '%n %h %F' f g h; ln f g; echo $?",
	"echo a > f; ln -sf f g; ln -s f g; echo $?; mkdir d; ln f h d; ls d; ln nosuch x; echo $?",
	"echo hi > f; mkdir d; stat -c '%n %s %F %a %A %h' f; stat -c '%n %F %a %A %h' d; stat -c %s%% f; stat nosuch 2> /dev/null; echo $?",
};

int main(void)
{
	return run_sh_lines(lines, sizeof(lines) / sizeof(lines[0]));
}
