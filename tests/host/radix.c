/*
 * tests/host/radix.c - the radix tree of the page cache and the store
 * (mm/radix.c) on the host, against a simple reference.
 *
 * Random inserts, deletes and lookups over small and huge indices, gang
 * lookups in order, -EEXIST on a taken slot, and allocation failures
 * injected at every step: the tree stays consistent and, once emptied,
 * owns no memory.  Tags: random sets and clears over the same keys, with
 * inserts and deletes between; each node's tag words must say exactly
 * which slots hold tagged items, and a tagged gang lookup must find those
 * (and only those) in order.
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

/* The tag words of the subtree at node (height h) agree with its items;
 * returns whether anything below carries tag t. */
static int tags_sound(struct radix_node *node, unsigned h, unsigned t)
{
	for (unsigned i = 0; i < RADIX_SLOTS; i++) {
		int bit = node->tags[t] >> i & 1, below;
		if (!node->slots[i])
			below = 0;
		else if (h == 1)
			below = bit;
		else
			below = tags_sound(node->slots[i], h - 1, t);
		CHECK(bit == below, "tag %u word wrong at height %u slot %u", t, h, i);
	}
	return node->tags[t] != 0;
}

static char tagged[RADIX_TAG_MAX][NKEYS];

/* Every tagged gang lookup from 0 sees exactly the tagged present keys. */
static void check_tags(struct radix_root *root)
{
	for (unsigned t = 0; t < RADIX_TAG_MAX; t++) {
		int want = 0, seen = 0;
		for (int i = 0; i < NKEYS; i++) {
			want += present[i] && tagged[t][i];
			CHECK(radix_tag_get(root, keys[i], t) ==
			      (present[i] && tagged[t][i]), "tag_get");
		}
		if (root->node)
			tags_sound(root->node, root->height, t);
		CHECK(radix_tagged(root, t) == (want > 0), "radix_tagged");
		void *items[5];
		uint64_t idx[5], first = 0, prev = 0;
		unsigned n;
		while ((n = radix_gang_lookup_tag(root, first, items, idx, 5, t))) {
			for (unsigned k = 0; k < n; k++) {
				int i = (int)(((uintptr_t)items[k] - 8) / 16);
				CHECK(keys[i] == idx[k] && tagged[t][i], "tagged item");
				CHECK(!seen || idx[k] > prev, "tagged gang order");
				prev = idx[k];
				seen++;
			}
			if (idx[n - 1] == UINT64_MAX)
				break;
			first = idx[n - 1] + 1;
		}
		CHECK(seen == want, "tagged gang saw %d of %d", seen, want);
	}
}

static void test_tags(void)
{
	struct radix_root root = { NULL, 0 };

	for (int round = 0; round < 30000; round++) {
		int i = rand() % NKEYS;
		unsigned t = (unsigned)rand() % RADIX_TAG_MAX;
		switch (rand() % 4) {
		case 0:			/* insert or delete, untagged again */
			if (present[i])
				radix_delete(&root, keys[i]);
			else
				radix_insert(&root, keys[i], item(i));
			present[i] = !present[i];
			for (unsigned u = 0; u < RADIX_TAG_MAX; u++)
				tagged[u][i] = 0;
			break;
		case 1:
		case 2:
			CHECK(radix_tag_set(&root, keys[i], t) ==
			      (present[i] ? item(i) : NULL), "tag_set");
			tagged[t][i] = present[i];
			break;
		default:
			CHECK(radix_tag_clear(&root, keys[i], t) ==
			      (present[i] ? item(i) : NULL), "tag_clear");
			tagged[t][i] = 0;
		}
		if (round % 3000 == 0)
			check_tags(&root);
	}
	check_tags(&root);
	for (int i = 0; i < NKEYS; i++)
		if (present[i]) {
			radix_delete(&root, keys[i]);
			present[i] = 0;
		}
	CHECK(live_nodes == 0, "%ld nodes leaked (tags)", live_nodes);
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

/* Replace swaps a present item for another (a value entry too) without
 * allocating, and does nothing at an empty index or beyond the tree. */
static void test_replace_noalloc(void)
{
	struct radix_root root = { NULL, 0 };

	CHECK(radix_replace(&root, 7, item(1)) == NULL, "replace in empty tree");
	CHECK(radix_insert(&root, 7, item(1)) == 0, "insert");
	fail_countdown = 0;		/* no allocation may happen now */
	CHECK(radix_replace(&root, 7, xa_mk_value(12345)) == item(1), "replace");
	CHECK(radix_replace(&root, 8, item(2)) == NULL, "replace at empty index");
	CHECK(radix_replace(&root, 1ull << 40, item(2)) == NULL, "replace beyond");
	fail_countdown = -1;
	void *e = radix_lookup(&root, 7);
	CHECK(xa_is_value(e) && xa_to_value(e) == 12345, "value entry");
	CHECK(!xa_is_value(item(1)), "a pointer is no value entry");
	CHECK(radix_lookup(&root, 8) == NULL, "nothing stored at 8");
	CHECK(radix_delete(&root, 7) == e, "delete a value entry");
	CHECK(live_nodes == 0, "%ld nodes leaked by replace", live_nodes);
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

/* radix_replace swaps an item for a value entry (a shadow) in place,
 * without its tags or any allocation, and back; an empty slot stays empty. */
static void test_replace(void)
{
	struct radix_root root = { NULL, 0 };
	void *shadow = xa_mk_value(12345);

	CHECK(radix_insert(&root, 5000, item(1)) == 0, "insert");
	radix_tag_set(&root, 5000, 0);
	long nodes = live_nodes;
	CHECK(radix_replace(&root, 5000, shadow) == item(1), "replace returns the old item");
	CHECK(live_nodes == nodes, "replace allocated or freed a node");
	CHECK(radix_lookup(&root, 5000) == shadow && xa_is_value(shadow) &&
	      !xa_is_value(item(1)) && xa_to_value(shadow) == 12345, "value entry");
	CHECK(!radix_tag_get(&root, 5000, 0) && !radix_tagged(&root, 0),
	      "the replaced item's tag stayed");
	CHECK(radix_replace(&root, 5001, item(2)) == NULL &&
	      radix_lookup(&root, 5001) == NULL, "replace filled an empty slot");
	CHECK(radix_replace(&root, 5000, item(3)) == shadow, "replace a value");
	CHECK(radix_delete(&root, 5000) == item(3), "delete");
	CHECK(live_nodes == 0, "%ld nodes leaked (replace)", live_nodes);
}

int main(void)
{
	srand(1);
	make_keys();
	test_random();
	test_enomem();
	test_tags();
	test_replace_noalloc();
	test_replace();
	printf("%s\n", failures ? "radix: FAILED" : "radix: ok");
	return failures != 0;
}
