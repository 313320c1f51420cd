/*
 * mm/shmem.c - the object behind shared anonymous memory
 * (MAP_SHARED|MAP_ANONYMOUS, and MAP_SHARED of /dev/zero).
 *
 * Linux backs these with a file on an internal tmpfs.  Here the object is
 * simply an array of page pointers, one per page of the mapping, filled on
 * first touch; every VMA that maps it (after fork, after splits) holds a
 * reference, and the pages live as long as the object.
 */
#include "mm.h"

struct shmem {
	int refs;
	uint64_t ino;			/* shown in /proc/PID/maps */
	uint64_t npages;
	struct page *pages[];
};

/* A new object of npages pages, all absent; NULL if out of memory. */
void *shmem_create(uint64_t npages)
{
	struct shmem *s = kzalloc(sizeof(*s) + npages * sizeof(struct page *));

	if (!s)
		return NULL;
	static uint64_t next_ino = 1000;

	s->refs = 1;
	s->ino = next_ino++;
	s->npages = npages;
	return s;
}

uint64_t shmem_ino(void *obj)
{
	return ((struct shmem *)obj)->ino;
}

void shmem_get(void *obj)
{
	((struct shmem *)obj)->refs++;
}

/* Drop a reference; the last one frees the pages. */
void shmem_put(void *obj)
{
	struct shmem *s = obj;

	if (--s->refs > 0)
		return;
	for (uint64_t i = 0; i < s->npages; i++)
		if (s->pages[i])
			put_page(s->pages[i]);
	kfree(s);
}

/* The page at index, created zeroed on first use, with a reference for
 * the caller's mapping; NULL if out of memory. */
struct page *shmem_get_page(void *obj, uint64_t index)
{
	struct shmem *s = obj;

	if (index >= s->npages)
		return NULL;
	if (!s->pages[index]) {
		struct page *p = alloc_zeroed_page(PU_ANON);
		if (!p)
			return NULL;
		p->mapping = s;		/* not private: never reused by COW */
		s->pages[index] = p;
	}
	get_page(s->pages[index]);
	return s->pages[index];
}

/* The object's size in pages, fixed when it was created (as a shmem
 * file's size: a mapping that mremap grew gets SIGBUS beyond it). */
uint64_t shmem_size(void *obj)
{
	return ((struct shmem *)obj)->npages;
}

bool shmem_has_page(void *obj, uint64_t index)
{
	struct shmem *s = obj;

	return index < s->npages && s->pages[index];
}

/* Drop the object's pages [first, end) (MADV_REMOVE): they read back as
 * zeros.  The caller has unmapped them from every process. */
void shmem_punch(void *obj, uint64_t first, uint64_t end)
{
	struct shmem *s = obj;

	for (uint64_t i = first; i < end && i < s->npages; i++) {
		if (s->pages[i])
			put_page(s->pages[i]);
		s->pages[i] = NULL;
	}
}
