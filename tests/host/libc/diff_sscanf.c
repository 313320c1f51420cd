/*
 * sscanf: return value and every stored value for a table of inputs and
 * formats.  Compared against glibc by run.sh.
 */
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Formats of up to three int conversions. */
static void ints(void)
{
	static const char *fmts[] = {
		"%d", "%d %d", "%d,%d", "%i", "%u", "%x", "%X", "%o", "%2d%d",
		"%*d %d", "%d%n", "x%d", " %d", "%d %d %d", "%3i", "%hhd",
		"%hd", "%d%%", "%d %% %d",
	};
	static const char *inputs[] = {
		"", "  ", "42", "-42", "+7", "12 34", "12,34", "0x1f", "017",
		"1f", "abc", "x5", "  x5", "123456", "4294967295", "-1",
		"99999999999", "12 % 3", "5%", "7 8 9", "0x", "--1", "300",
	};
	size_t i, j;
	int a, b, c, r;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(inputs); j++) {
			a = b = c = -99;
			r = sscanf(inputs[j], fmts[i], &a, &b, &c);
			printf("[%s] \"%s\": %d %d %d %d\n", fmts[i], inputs[j],
			       r, a, b, c);
		}
}

/* Long conversions. */
static void longs(void)
{
	static const char *fmts[] = { "%ld", "%lu", "%lx", "%lld", "%lli" };
	static const char *inputs[] = {
		"9223372036854775807", "9223372036854775808", "-1",
		"18446744073709551615", "0xffffffffffffffff", "1234567890123",
	};
	size_t i, j;
	long v;
	int r;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(inputs); j++) {
			v = -99;
			r = sscanf(inputs[j], fmts[i], &v);
			printf("[%s] \"%s\": %d %ld\n", fmts[i], inputs[j], r, v);
		}
}

/* Strings, characters and sets. */
static void text(void)
{
	static const char *fmts[] = {
		"%s", "%s %s", "%3s", "%c", "%3c", "%c%c", " %c", "%[a-z]",
		"%[^,],%s", "%[]x]", "%[^\n]", "%*s %s", "%2[0-9]%s",
		"name=%s", "%s%n", "%[^a-c]",
	};
	static const char *inputs[] = {
		"", "hello", "hello world", "  padded", "a,b", "]]x]y",
		"name=value", "12345", "abcdef", "line one\nline two", "x",
	};
	char s1[64], s2[64];
	size_t i, j;
	int r;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(inputs); j++) {
			memset(s1, 0, sizeof(s1));
			memset(s2, 0, sizeof(s2));
			strcpy(s1, "-");
			strcpy(s2, "-");
			r = sscanf(inputs[j], fmts[i], s1, s2);
			printf("[%s] \"%s\": %d <%s> <%s>\n", fmts[i], inputs[j],
			       r, s1, s2);
		}
}

/* %n with a length, %p, mixed. */
static void mixed(void)
{
	int a = 0, n = -1, r;
	long ln = -1;
	char word[32] = "";
	void *p = NULL;
	unsigned char hh = 0;

	r = sscanf("key 17 rest", "%31s %d%n %ln", word, &a, &n, &ln);
	printf("mixed: %d %s %d %d %ld\n", r, word, a, n, ln);
	r = sscanf("0x1234", "%p", &p);
	printf("p: %d %p\n", r, p);
	r = sscanf("300", "%hhu", &hh);
	printf("hhu: %d %u\n", r, hh);
}

int main(void)
{
	ints();
	longs();
	text();
	mixed();
	return 0;
}
