/*
 * qsort (heapsort: O(n log n) always, no extra memory, not stable) and
 * bsearch.
 */
#include <stdlib.h>

/* Exchange two elements of size bytes. */
static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char t;

	while (size--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/*
 * Restore the max-heap property below node i of a heap of n elements:
 * move the element down past any larger child.
 */
static void sift_down(unsigned char *base, size_t i, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	size_t child;

	while ((child = 2 * i + 1) < n) {
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + i * size, base + child * size) >= 0)
			return;
		swap(base + i * size, base + child * size, size);
		i = child;
	}
}

/* Sort n elements of size bytes in ascending order of cmp. */
void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	size_t i;

	for (i = n / 2; i > 0; i--)
		sift_down(b, i - 1, n, size, cmp);
	for (i = n; i > 1; i--) {
		swap(b, b + (i - 1) * size, size);
		sift_down(b, 0, i - 1, size, cmp);
	}
}

/* An element equal to key in the sorted array, or NULL. */
void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const unsigned char *b = base;
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp(key, b + mid * size);
		if (c == 0)
			return (void *)(b + mid * size);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
