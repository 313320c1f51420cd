/*
 * A tiny test harness for the self-checking libc tests.
 *
 * CHECK(cond) and CHECK_EQ(a, b) record a failure with its line and go
 * on; the test's main returns check_done(), which is non-zero if anything
 * failed.  Messages go to stderr, which run.sh shows after "not ok".
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n",		\
			__FILE__, __LINE__, #cond);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long va_ = (long long)(a), vb_ = (long long)(b);		\
	if (va_ != vb_) {						\
		fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, #a, va_, #b, vb_);		\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *sa_ = (a), *sb_ = (b);				\
	if (!sa_ || strcmp(sa_, sb_)) {					\
		fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", \
			__FILE__, __LINE__, #a, sa_ ? sa_ : "(null)", sb_); \
		check_failures++;					\
	}								\
} while (0)

static inline int check_done(void)
{
	return check_failures != 0;
}

#endif
