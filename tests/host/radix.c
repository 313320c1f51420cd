/*
 * tests/host/radix.c - the radix tree of the page cache and the store
 * (mm/radix.c) on the host, against a simple reference.
 *
 * Random inserts, deletes and lookups over small and huge indices, gang
 * lookups in order, -EEXIST on a taken slot, and allocation failures
 * injected at every step: the tree stays consistent and, once emptied,
 * owns no memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long live_nodes;
static long fail_countdown = -1;	/* fail the allocation when it hits 0 */

static void *kzalloc(size_t n)
{
	if (fail_countdown >= 0 && fail_countdown-- == 0)
		return NULL;
	live_nodes++;
	return calloc(1, n);
}

static void kfree(void *p)
{
	if (p)
		live_nodes--;
	free(p);
}

#include "../../mm/radix.c"

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		failures++;						\
	}								\
} while (0)

#define NKEYS 2000
static uint64_t keys[NKEYS];
static char present[NKEYS];

static void *item(int i)
{
	return (void *)(uintptr_t)(i * 16 + 8);
}

/* Keys: dense small ones, a sparse middle, and the extremes. */
static void make_keys(void)
{
	for (int i = 0; i < NKEYS; i++) {
		uint64_t r = ((uint64_t)rand() << 31) ^ (uint64_t)rand();
		keys[i] = i < 1000 ? (uint64_t)i : i < 1900 ? r << (i % 33)
			: i == 1900 ? UINT64_MAX : i == 1901 ? (1ull << 63) : r;
		for (int j = 0; j < i; j++)
			if (keys[j] == keys[i])
				keys[i] = 5000 + i;	/* keep them distinct */
	}
}

static void check_all(struct radix_root *root)
{
	for (int i = 0; i < NKEYS; i++)
		CHECK(radix_lookup(root, keys[i]) == (present[i] ? item(i) : NULL),
		      "lookup of %llx", (unsigned long long)keys[i]);
	/* a gang walk sees every present key once, in increasing order */
	void *items[7];
	uint64_t idx[7], first = 0, prev = 0;
	int seen = 0, want = 0;
	unsigned n;
	for (int i = 0; i < NKEYS; i++)
		want += present[i];
	while ((n = radix_gang_lookup(root, first, items, idx, 7))) {
		for (unsigned k = 0; k < n; k++) {
			CHECK(!seen || idx[k] > prev, "gang order");
			prev = idx[k];
			seen++;
		}
		if (idx[n - 1] == UINT64_MAX)
			break;
		first = idx[n - 1] + 1;
	}
	CHECK(seen == want, "gang saw %d of %d", seen, want);
}

static void test_random(void)
{
	struct radix_root root = { NULL, 0 };

	for (int round = 0; round < 20000; round++) {
		int i = rand() % NKEYS;
		if (present[i]) {
			CHECK(radix_delete(&root, keys[i]) == item(i), "delete");
			present[i] = 0;
		} else {
			CHECK(radix_insert(&root, keys[i], item(i)) == 0, "insert");
			present[i] = 1;
			CHECK(radix_insert(&root, keys[i], item(i)) == -EEXIST,
			      "double insert");
		}
		if (round % 2000 == 0)
			check_all(&root);
	}
	check_all(&root);
	for (int i = 0; i < NKEYS; i++)
		if (present[i]) {
			radix_delete(&root, keys[i]);
			present[i] = 0;
		}
	CHECK(root.node == NULL && root.height == 0, "empty tree keeps a root");
	CHECK(live_nodes == 0, "%ld nodes leaked", live_nodes);
	CHECK(radix_delete(&root, 42) == NULL, "delete from empty tree");
}

/* Fail the k-th allocation of each insert: nothing leaks, nothing breaks. */
static void test_enomem(void)
{
	struct radix_root root = { NULL, 0 };

	for (int i = 0; i < 300; i++) {
		uint64_t key = i < 100 ? (uint64_t)i * 64 : ((uint64_t)i << 40) + i;
		for (long k = 0;; k++) {
			fail_countdown = k;
			int r = radix_insert(&root, key, item(i));
			fail_countdown = -1;
			if (r == 0)
				break;
			CHECK(r == -ENOMEM, "insert gave %d", r);
			CHECK(radix_lookup(&root, key) == NULL, "failed insert visible");
		}
	}
	for (int i = 0; i < 300; i++) {
		uint64_t key = i < 100 ? (uint64_t)i * 64 : ((uint64_t)i << 40) + i;
		CHECK(radix_delete(&root, key) == item(i), "delete after ENOMEM");
	}
	CHECK(live_nodes == 0, "%ld nodes leaked after ENOMEM", live_nodes);
}

int main(void)
{
	srand(1);
	make_keys();
	test_random();
	test_enomem();
	printf("%s\n", failures ? "radix: FAILED" : "radix: ok");
	return failures != 0;
}
