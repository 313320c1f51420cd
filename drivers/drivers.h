/*
 * drivers/drivers.h - the public API of drivers/, grouped by file: the PCI
 * bus (config space through ports 0xcf8/0xcfc) and the virtio block disk
 * that swap lives on (Linux's drivers/pci and drivers/block/virtio_blk.c).
 */
#ifndef DRIVERS_DRIVERS_H
#define DRIVERS_DRIVERS_H

#include "../kernel/kernel.h"
#include <uapi/errno.h>

/* pci.c: one function of one device on bus 0 .. 255. */
struct pci_dev {
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint32_t bar[6];		/* base address registers, raw */
};
uint32_t pci_read_config32(const struct pci_dev *dev, uint8_t off);
void pci_write_config16(const struct pci_dev *dev, uint8_t off, uint16_t v);
int pci_find_device(uint16_t vendor, uint16_t dev_lo, uint16_t dev_hi,
		    struct pci_dev *out);
void pci_set_master(const struct pci_dev *dev);

/* virtio_blk.c: the first virtio-blk disk, /dev/vda, driven synchronously
 * (one request in flight, completion polled). */
#define SECTOR_SIZE	512
#define VIRTBLK_MAJOR	254		/* Linux's dynamic block major */
struct block_device {
	const char *name;		/* its node in /dev */
	uint32_t bd_dev;		/* MKDEV(VIRTBLK_MAJOR, 0) */
	uint64_t nr_sectors;		/* capacity, in 512-byte sectors */
	uint64_t nr_reads, nr_writes;	/* requests completed */
};
int virtblk_init(void);
struct block_device *lookup_bdev(uint32_t dev);
int bdev_rw(struct block_device *bdev, uint64_t sector, void *buf,
	    size_t len, bool write);

#endif
