/*
 * string.h, strings.h and ctype.h against byte-by-byte reference loops,
 * over every alignment and many lengths, including overlapping memmove.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "check.h"

#define SZ 512

static unsigned char a[SZ], b[SZ], ref[SZ];

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + seed * 7 + 1) % 251 + 1);
}

/* memcpy and memset at every offset pair and lengths 0..80, plus big. */
static void test_copy_set(void)
{
	size_t so, doff, n, i;
	int bad = 0;

	for (so = 0; so < 16; so++)
		for (doff = 0; doff < 16; doff++)
			for (n = 0; n <= 80 + (so == 3 ? 300 : 0); n++) {
				fill(a, SZ, (unsigned int)n);
				memset(b, 0xee, SZ);
				memcpy(ref, b, SZ);
				for (i = 0; i < n; i++)
					ref[doff + i] = a[so + i];
				if (memcpy(b + doff, a + so, n) != b + doff ||
				    memcmp(b, ref, SZ))
					bad++;
				for (i = 0; i < n; i++)
					ref[doff + i] = (unsigned char)(n + so);
				if (memset(b + doff, (int)(n + so + 256), n) != b + doff ||
				    memcmp(b, ref, SZ))
					bad++;
			}
	CHECK_EQ(bad, 0);
	memset(a, 1, SZ);
	bzero(a + 5, 10);
	CHECK(a[4] == 1 && a[5] == 0 && a[14] == 0 && a[15] == 1);
}

/* memmove: every overlap, forward and backward, against a temp copy. */
static void test_memmove(void)
{
	size_t src, dst, n, i;
	unsigned char tmp[SZ];
	int bad = 0;

	for (src = 0; src < 40; src++)
		for (dst = 0; dst < 40; dst++)
			for (n = 0; n < 100; n += 1 + n / 8) {
				fill(a, SZ, (unsigned int)(src + dst));
				memcpy(ref, a, SZ);
				for (i = 0; i < n; i++)
					tmp[i] = ref[src + i];
				for (i = 0; i < n; i++)
					ref[dst + i] = tmp[i];
				if (memmove(a + dst, a + src, n) != a + dst ||
				    memcmp(a, ref, SZ))
					bad++;
			}
	CHECK_EQ(bad, 0);
}

/* The same pointer, but gcc can no longer see what it points to. */
static const char *hide(const char *s)
{
	__asm__("" : "+r"(s));
	return s;
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_compare_search(void)
{
	unsigned char x[] = { 1, 2, 0x80, 4 }, y[] = { 1, 2, 0x7f, 4 };

	CHECK(memcmp(x, y, 4) > 0);
	CHECK(memcmp(y, x, 4) < 0);
	CHECK_EQ(memcmp(x, y, 2), 0);
	CHECK_EQ(memcmp(x, y, 0), 0);
	CHECK(memchr(x, 0x80, 4) == x + 2);
	CHECK(memchr(x, 0x80 + 256, 4) == x + 2);
	CHECK(memchr(x, 4, 3) == NULL);
	CHECK_EQ(sign(strcmp("abc", "abd")), -1);
	CHECK_EQ(sign(strcmp("abc", "ab")), 1);
	CHECK_EQ(strcmp("", ""), 0);
	CHECK(strcmp("\x80", "\x7f") > 0);
	CHECK_EQ(strncmp("abcX", "abcY", 3), 0);
	CHECK(strncmp("abcX", "abcY", 4) < 0);
	CHECK_EQ(strncmp("ab", "ab", 10), 0);
	CHECK_EQ(strcasecmp("HeLLo", "hello"), 0);
	CHECK(strcasecmp("abc", "ABD") < 0);
	CHECK_EQ(strncasecmp("ABCx", "abcy", 3), 0);
	CHECK_EQ(strlen(""), 0);
	CHECK_EQ(strlen("hello"), 5);
	CHECK_EQ(strnlen("hello", 3), 3);
	CHECK_EQ(strnlen("hi", 30), 2);
}

static void test_chr_str(void)
{
	const char *s = "hello, world";

	CHECK(strchr(s, 'o') == s + 4);
	CHECK(strchr(s, '\0') == s + 12);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strrchr(s, 'o') == s + 8);
	CHECK(strrchr(s, '\0') == s + 12);
	CHECK(strrchr(s, 'z') == NULL);
	CHECK(strstr(s, "world") == s + 7);
	CHECK(strstr(s, "") == s);
	CHECK(strstr(s, "worlds") == NULL);
	CHECK(strstr("aaab", "aab") != NULL);
	CHECK_EQ(strspn("abcabcx", "abc"), 6);
	CHECK_EQ(strspn("xyz", "abc"), 0);
	CHECK_EQ(strcspn("hello world", " "), 5);
	CHECK_EQ(strcspn("hello", ""), 5);
	CHECK(strpbrk(s, " ,") == s + 5);
	CHECK(strpbrk(s, "XYZ") == NULL);
}

static void test_copy_strings(void)
{
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	CHECK(strcpy(buf, "abc") == buf);
	CHECK_STR(buf, "abc");
	CHECK(stpcpy(buf, "hello") == buf + 5);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "ab", 6);
	CHECK(!memcmp(buf, "ab\0\0\0\0x", 7));
	strncpy(buf, hide("abcdefgh"), 4);
	CHECK(!memcmp(buf, "abcd\0", 5));
	strcpy(buf, "foo");
	CHECK_STR(strcat(buf, "bar"), "foobar");
	CHECK_STR(strncat(buf, hide("bazqux"), 3), "foobarbaz");
	CHECK_STR(strncat(buf, "", 3), "foobarbaz");
}

static void test_tokens_dup(void)
{
	char text[] = ",,one, two,,three,";
	char again[] = "a b";
	char *save, *t, *d;

	CHECK_STR(strtok(text, ", "), "one");
	CHECK_STR(strtok(NULL, ", "), "two");
	CHECK_STR(strtok(NULL, ", "), "three");
	CHECK(strtok(NULL, ", ") == NULL);
	CHECK(strtok(NULL, ", ") == NULL);
	t = strtok_r(again, " ", &save);
	CHECK_STR(t, "a");
	CHECK_STR(strtok_r(NULL, " ", &save), "b");
	CHECK(strtok_r(NULL, " ", &save) == NULL);
	d = strdup("duplicate");
	CHECK_STR(d, "duplicate");
	free(d);
	d = strndup("duplicate", 3);
	CHECK_STR(d, "dup");
	free(d);
	d = strndup(hide("ab"), 10);
	CHECK_STR(d, "ab");
	free(d);
}

/* ctype over all bytes against the C locale's definitions. */
static void test_ctype(void)
{
	int c, bad = 0;

	for (c = -1; c < 256; c++) {
		int digit = c >= '0' && c <= '9';
		int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
		int print = c >= 32 && c < 127;

		bad += !isdigit(c) != !digit;
		bad += !islower(c) != !lower;
		bad += !isupper(c) != !upper;
		bad += !isalpha(c) != !(lower || upper);
		bad += !isalnum(c) != !(lower || upper || digit);
		bad += !isprint(c) != !print;
		bad += !isgraph(c) != !(print && c != ' ');
		bad += !ispunct(c) != !(print && c != ' ' && !lower && !upper && !digit);
		bad += !iscntrl(c) != !((c >= 0 && c < 32) || c == 127);
		bad += !isspace(c) != !(c == ' ' || (c >= 9 && c <= 13));
		bad += !isblank(c) != !(c == ' ' || c == '\t');
		bad += !isxdigit(c) != !(digit || (c >= 'a' && c <= 'f') ||
					 (c >= 'A' && c <= 'F'));
		bad += toupper(c) != (lower ? c - 32 : c);
		bad += tolower(c) != (upper ? c + 32 : c);
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	test_copy_set();
	test_memmove();
	test_compare_search();
	test_chr_str();
	test_copy_strings();
	test_tokens_dup();
	test_ctype();
	return check_done();
}
