/*
 * drivers/virtio_blk.c - a virtio block disk (virtio 1.x spec, the legacy
 * PCI interface of a transitional device: QEMU's virtio-blk-pci).
 *
 * The device's registers are in I/O space (BAR0).  Requests travel on one
 * virtqueue in guest memory that both sides read: a descriptor table (each
 * entry one physically contiguous buffer), the available ring (heads of
 * descriptor chains the driver offers) and, on its own page, the used ring
 * (chains the device has finished).  A request is a chain of three: the
 * header {type, sector} the device reads, the data (read or written by the
 * device) and a status byte the device writes.  Pagoda keeps one request in
 * flight and polls the used ring for its completion, with the device's
 * interrupts turned off (VRING_AVAIL_F_NO_INTERRUPT), so a caller simply
 * waits; Linux's driver queues many and completes them from the interrupt.
 */
#include "drivers.h"
#include "../mm/mm.h"
#include "../kernel/x86.h"

#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_BLK_LEGACY_ID	0x1001	/* transitional virtio-blk */

/* Legacy register offsets in BAR0 (spec 4.1.4.8) */
#define VIRTIO_PCI_HOST_FEATURES	0x00
#define VIRTIO_PCI_GUEST_FEATURES	0x04
#define VIRTIO_PCI_QUEUE_PFN		0x08
#define VIRTIO_PCI_QUEUE_NUM		0x0c
#define VIRTIO_PCI_QUEUE_SEL		0x0e
#define VIRTIO_PCI_QUEUE_NOTIFY		0x10
#define VIRTIO_PCI_STATUS		0x12
#define VIRTIO_PCI_ISR			0x13
#define VIRTIO_PCI_CONFIG		0x14	/* device config, no MSI-X */

#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FAILED		128

#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2	/* the device writes it */
#define VRING_AVAIL_F_NO_INTERRUPT	1
#define VRING_ALIGN			4096	/* legacy layout */

#define VIRTIO_BLK_T_IN			0
#define VIRTIO_BLK_T_OUT		1
#define VIRTIO_BLK_S_OK			0

#define REQUEST_TIMEOUT_NS		10000000000ull	/* 10 s: a dead disk */
/* The clock is read once in this many spins, so that the wait is a loop
 * of a few instructions, as Linux's idle=poll (what make bench compares
 * it with: bench/swap.c). */
#define POLL_SPINS			1024

struct vring_desc {
	uint64_t addr;			/* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

struct virtio_blk_outhdr {
	uint32_t type;
	uint32_t ioprio;
	uint64_t sector;
};

static struct virtblk {
	uint16_t iobase;
	uint16_t num;			/* queue size */
	struct vring_desc *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used *used;
	uint16_t last_used;
	struct virtio_blk_outhdr hdr;	/* the one request in flight */
	volatile uint8_t status;
	struct block_device bdev;
} vblk;
static bool vblk_present;
static bool vblk_broken;		/* a request timed out: give up */

/* Size of the legacy ring of num entries: descriptors and available ring,
 * then the used ring at the next VRING_ALIGN boundary. */
static uint64_t vring_size(uint16_t num)
{
	uint64_t first = sizeof(struct vring_desc) * num + 2 * (3 + num);

	return ALIGN_UP(first, VRING_ALIGN) + 6 + 8ull * num;
}

/* Set up virtqueue 0: memory for its rings, its page frame to the device.
 * Returns 0, -ENODEV (no queue) or -ENOMEM. */
static int setup_vq(struct virtblk *vb)
{
	outw(vb->iobase + VIRTIO_PCI_QUEUE_SEL, 0);
	vb->num = inw(vb->iobase + VIRTIO_PCI_QUEUE_NUM);
	if (!vb->num)
		return -ENODEV;
	unsigned order = 0;
	while ((PAGE_SIZE << order) < vring_size(vb->num))
		order++;
	struct page *p = alloc_pages(order, PU_KERNEL);
	if (!p)
		return -ENOMEM;
	char *base = page_address(p);
	memset(base, 0, PAGE_SIZE << order);
	vb->desc = (struct vring_desc *)base;
	vb->avail = (struct vring_avail *)(base + sizeof(struct vring_desc) * vb->num);
	vb->used = (struct vring_used *)(base + ALIGN_UP(sizeof(struct vring_desc) *
					 vb->num + 2 * (3 + vb->num), VRING_ALIGN));
	vb->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	outl(vb->iobase + VIRTIO_PCI_QUEUE_PFN, page_to_phys(p) >> PAGE_SHIFT);
	return 0;
}

/* Find the first virtio-blk device and make it ready (spec 3.1.1); 0, or
 * -ENODEV when there is none (a boot without a disk). */
int virtblk_init(void)
{
	struct pci_dev dev;
	struct virtblk *vb = &vblk;

	if (pci_find_device(VIRTIO_VENDOR, VIRTIO_BLK_LEGACY_ID,
			    VIRTIO_BLK_LEGACY_ID, &dev) || !(dev.bar[0] & 1))
		return -ENODEV;
	pci_set_master(&dev);
	vb->iobase = dev.bar[0] & ~3u;
	outb(vb->iobase + VIRTIO_PCI_STATUS, 0);	/* reset */
	outb(vb->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	outb(vb->iobase + VIRTIO_PCI_STATUS,
	     VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	(void)inl(vb->iobase + VIRTIO_PCI_HOST_FEATURES);
	outl(vb->iobase + VIRTIO_PCI_GUEST_FEATURES, 0);	/* none needed */
	int err = setup_vq(vb);
	if (err) {
		outb(vb->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_FAILED);
		return err;
	}
	vb->bdev.nr_sectors = inl(vb->iobase + VIRTIO_PCI_CONFIG) |
		(uint64_t)inl(vb->iobase + VIRTIO_PCI_CONFIG + 4) << 32;
	vb->bdev.name = "vda";
	vb->bdev.bd_dev = VIRTBLK_MAJOR << 8;	/* MKDEV(VIRTBLK_MAJOR, 0) */
	outb(vb->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	     VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	vblk_present = true;
	printk("virtio-blk: vda, %lu sectors (%lu KiB), queue of %u\n",
	       vb->bdev.nr_sectors, vb->bdev.nr_sectors / 2, vb->num);
	return 0;
}

/* The disk with device number dev, or NULL. */
struct block_device *lookup_bdev(uint32_t dev)
{
	return vblk_present && dev == vblk.bdev.bd_dev ? &vblk.bdev : NULL;
}

static void set_desc(struct vring_desc *d, const void *buf, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	*d = (struct vring_desc){ virt_to_phys(buf), len, flags, next };
}

/*
 * Read (write false) or write len bytes at sector from or to buf, which is
 * physically contiguous (a direct-mapped frame, or within one).  Returns 0,
 * -EINVAL for a range outside the disk, or -EIO for an error the device
 * reports or a request it never completes (after which every request
 * fails: the ring holds a chain the device may still use); both -EIO
 * cases are logged.
 */
int bdev_rw(struct block_device *bdev, uint64_t sector, void *buf,
	    size_t len, bool write)
{
	struct virtblk *vb = &vblk;

	if (bdev != &vb->bdev || len % SECTOR_SIZE ||
	    sector + len / SECTOR_SIZE > bdev->nr_sectors)
		return -EINVAL;
	if (vblk_broken)
		return -EIO;
	vb->hdr = (struct virtio_blk_outhdr){
		write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, 0, sector };
	vb->status = 0xff;
	set_desc(&vb->desc[0], &vb->hdr, sizeof(vb->hdr), VRING_DESC_F_NEXT, 1);
	set_desc(&vb->desc[1], buf, len,
		 VRING_DESC_F_NEXT | (write ? 0 : VRING_DESC_F_WRITE), 2);
	set_desc(&vb->desc[2], (const void *)&vb->status, 1, VRING_DESC_F_WRITE, 0);
	vb->avail->ring[vb->avail->idx % vb->num] = 0;
	__sync_synchronize();		/* the chain before the index */
	vb->avail->idx++;
	__sync_synchronize();
	outw(vb->iobase + VIRTIO_PCI_QUEUE_NOTIFY, 0);
	uint64_t deadline = timer_ns() + REQUEST_TIMEOUT_NS;
	for (unsigned spins = 1; vb->used->idx == vb->last_used; spins++) {
		if (!(spins % POLL_SPINS) && timer_ns() > deadline) {
			printk("virtio-blk: %s: request timed out (sector %lu), "
			       "disk disabled\n", bdev->name, sector);
			vblk_broken = true;
			return -EIO;
		}
		pause();
	}
	vb->last_used++;
	__sync_synchronize();
	(void)inb(vb->iobase + VIRTIO_PCI_ISR);	/* acknowledge, if raised */
	if (write)
		bdev->nr_writes++;
	else
		bdev->nr_reads++;
	if (vb->status == VIRTIO_BLK_S_OK)
		return 0;
	printk("I/O error, dev %s, sector %lu op 0x%x:(%s) status %u\n", bdev->name,
	       sector, write, write ? "WRITE" : "READ", vb->status);
	return -EIO;
}
