/*
 * mm/kstack.c - kernel stacks with guard pages.
 *
 * Each task's kernel stack lives in a slot of the KSTACK_AREA: one unmapped
 * guard page, then KSTACK_PAGES mapped pages.  A stack overflow runs into
 * the guard page; the page fault cannot push its frame on the dead stack,
 * so the CPU raises a double fault, which runs on its own IST stack and
 * reports "kernel stack overflow" (kernel/trap.c).
 */
#include "mm.h"

#define SLOT_PAGES	(KSTACK_PAGES + 1)
#define SLOT_SIZE	(SLOT_PAGES * PAGE_SIZE)
#define NSLOTS		KSTACK_SLOTS

static uint64_t used[NSLOTS / 64];

static void unmap_slot(uint64_t base, int mapped)
{
	for (int i = 1; i <= mapped; i++) {
		pte_t old = pgtable_unmap(kernel_pml4, base + i * PAGE_SIZE);
		put_page(pte_page(old));
	}
}

/* The lowest free slot, or -1 if every slot is in use. */
static int free_slot(void)
{
	for (int w = 0; w < NSLOTS / 64; w++)
		if (~used[w])
			return w * 64 + __builtin_ctzll(~used[w]);
	return -1;
}

/* Returns the lowest address of a new stack, or NULL if out of memory.
 * The slots are address space only; how many tasks may exist is decided
 * by memory (max_threads in kernel/task.c). */
void *kstack_alloc(void)
{
	int slot = free_slot();

	if (slot < 0)
		return NULL;
	uint64_t base = KSTACK_AREA + (uint64_t)slot * SLOT_SIZE;
	for (int i = 1; i <= KSTACK_PAGES; i++) {
		struct page *p = alloc_page(PU_KERNEL);
		if (!p || pgtable_map(kernel_pml4, base + i * PAGE_SIZE,
				      page_to_phys(p), VM_PROT_READ |
				      VM_PROT_WRITE | VM_PROT_GLOBAL)) {
			if (p)
				put_page(p);
			unmap_slot(base, i - 1);
			return NULL;
		}
	}
	used[slot / 64] |= 1ull << (slot % 64);
	return (void *)(base + PAGE_SIZE);
}

void kstack_free(void *stack)
{
	uint64_t base = (uint64_t)stack - PAGE_SIZE;
	uint64_t slot = (base - KSTACK_AREA) / SLOT_SIZE;

	if (base < KSTACK_AREA || slot >= NSLOTS || (base - KSTACK_AREA) % SLOT_SIZE ||
	    !(used[slot / 64] & (1ull << (slot % 64))))
		panic("kstack_free: %p is not a kernel stack", stack);
	unmap_slot(base, KSTACK_PAGES);
	used[slot / 64] &= ~(1ull << (slot % 64));
}

/* True if addr is in the guard page below some kernel stack. */
bool kstack_is_guard(uint64_t addr)
{
	return addr >= KSTACK_AREA && addr < KSTACK_AREA + NSLOTS * SLOT_SIZE &&
	       (addr - KSTACK_AREA) % SLOT_SIZE < PAGE_SIZE;
}
