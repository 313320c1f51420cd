/*
 * qsort and bsearch on arrays of several element sizes, sorted by total
 * orders (so that stability cannot matter).  Compared against glibc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long seed = 12345;

/* Our own generator: rand() differs between libcs. */
static unsigned int next(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(seed >> 33);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_desc(const void *a, const void *b)
{
	return cmp_int(b, a);
}

struct rec {
	char name[13];
	unsigned short id;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort n random ints (values mod range) both ways; print and search. */
static void ints(size_t n, unsigned int range)
{
	int *a = malloc(n * sizeof(int)), key, *hit;
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = (int)(next() % range) - (int)(range / 2);
	qsort(a, n, sizeof(int), cmp_int);
	printf("ints %zu %u:", n, range);
	for (i = 0; i < n; i++)
		printf(" %d", a[i]);
	printf("\n");
	for (key = -5; key <= 5; key++) {
		hit = bsearch(&key, a, n, sizeof(int), cmp_int);
		printf("bsearch %d: %s\n", key,
		       hit && *hit == key ? "found" : "absent");
	}
	qsort(a, n, sizeof(int), cmp_desc);
	for (i = 1; i < n; i++)
		if (a[i - 1] < a[i])
			printf("descending order broken at %zu\n", i);
	free(a);
}

static void records(void)
{
	struct rec r[200];
	size_t i, k;

	for (i = 0; i < 200; i++) {
		for (k = 0; k < 3; k++)
			r[i].name[k] = (char)('a' + next() % 4);
		r[i].name[3] = '\0';
		r[i].id = (unsigned short)next();
	}
	qsort(r, 200, sizeof(r[0]), cmp_rec);
	for (i = 0; i < 200; i++)
		printf("%s/%u%c", r[i].name, r[i].id, i % 10 == 9 ? '\n' : ' ');
}

static void strings(void)
{
	char *words[] = {
		"pear", "apple", "fig", "banana", "kiwi", "apple", "date",
		"cherry", "", "Zebra", "zebra", "mango",
	};
	size_t i, n = sizeof(words) / sizeof(words[0]);

	qsort(words, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++)
		printf("<%s>", words[i]);
	printf("\n");
}

int main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 16, 100, 1000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ints(sizes[i], 10);
		ints(sizes[i], 1000000);
	}
	records();
	strings();
	return 0;
}
