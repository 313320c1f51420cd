/*
 * kernel/multiboot.c - read GRUB's multiboot2 boot information.
 *
 * The information is a list of 8-byte aligned tags; we keep the command
 * line, the memory map and the modules (the initial cpio archive) in
 * boot_info, so nothing later depends on the memory GRUB left them in.
 */
#include "kernel.h"
#include "../mm/mm.h"

#define MB2_BOOT_MAGIC	0x36d76289
#define TAG_END		0
#define TAG_CMDLINE	1
#define TAG_MODULE	3
#define TAG_MMAP	6

struct boot_info boot_info;
static char cmdline_copy[1024];
static char module_cmdlines[MAX_BOOT_MODULES][64];

struct mb_tag {
	uint32_t type;
	uint32_t size;
};

static void parse_mmap(const struct mb_tag *tag)
{
	const uint8_t *p = (const uint8_t *)tag + 16;
	uint32_t entry_size = *(const uint32_t *)((const uint8_t *)tag + 8);
	const uint8_t *end = (const uint8_t *)tag + tag->size;

	for (; p + entry_size <= end && boot_info.nmmap < MAX_MMAP_ENTRIES;
	     p += entry_size)
		boot_info.mmap[boot_info.nmmap++] = *(const struct mb_mmap_entry *)p;
}

static void parse_module(const struct mb_tag *tag)
{
	const uint32_t *w = (const uint32_t *)tag;
	int i = boot_info.nmodules;

	if (i >= MAX_BOOT_MODULES)
		return;
	boot_info.modules[i].start = w[2];
	boot_info.modules[i].end = w[3];
	strlcpy(module_cmdlines[i], (const char *)&w[4], sizeof(module_cmdlines[i]));
	boot_info.modules[i].cmdline = module_cmdlines[i];
	boot_info.nmodules++;
}

/* Parse the boot information at physical address info_phys. */
void multiboot_parse(uint32_t magic, uint64_t info_phys)
{
	if (magic != MB2_BOOT_MAGIC)
		panic("multiboot_parse: not booted by a multiboot2 loader (magic %x)",
		      magic);
	const uint8_t *info = phys_to_virt(info_phys);
	uint32_t total = *(const uint32_t *)info;
	const uint8_t *p = info + 8;

	boot_info.info_start = info_phys;
	boot_info.info_end = info_phys + total;
	boot_info.cmdline = "";
	while (p < info + total) {
		const struct mb_tag *tag = (const struct mb_tag *)p;
		if (tag->type == TAG_END)
			break;
		if (tag->type == TAG_CMDLINE) {
			strlcpy(cmdline_copy, (const char *)(tag + 1),
				sizeof(cmdline_copy));
			boot_info.cmdline = cmdline_copy;
		} else if (tag->type == TAG_MMAP) {
			parse_mmap(tag);
		} else if (tag->type == TAG_MODULE) {
			parse_module(tag);
		}
		p += ALIGN_UP(tag->size, 8);
	}
}
