/*
 * drivers/pci.c - the PCI bus through configuration mechanism #1: the
 * address of a 32-bit config register goes to port 0xcf8, its value comes
 * and goes through port 0xcfc (Linux's arch/x86/pci/direct.c).  Only what
 * the virtio disk needs: find a device by vendor and device ID, read its
 * BARs, let it master the bus (DMA).
 */
#include "drivers.h"
#include "../kernel/x86.h"

#define PCI_CONFIG_ADDRESS	0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_COMMAND		0x04
#define PCI_COMMAND_IO		0x1
#define PCI_COMMAND_MASTER	0x4
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10

static uint32_t config_address(const struct pci_dev *dev, uint8_t off)
{
	return 0x80000000u | (uint32_t)dev->bus << 16 |
	       (uint32_t)dev->slot << 11 | (uint32_t)dev->func << 8 |
	       (off & 0xfc);
}

/* The 32-bit config register at off (4-byte aligned) of dev. */
uint32_t pci_read_config32(const struct pci_dev *dev, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	return inl(PCI_CONFIG_DATA);
}

/* Write the 16-bit config register at off (2-byte aligned) of dev. */
void pci_write_config16(const struct pci_dev *dev, uint8_t off, uint16_t v)
{
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	outw(PCI_CONFIG_DATA + (off & 2), v);
}

/* Is function func of bus:slot present with an ID in range?  Fills *d. */
static bool probe(struct pci_dev *d, uint16_t vendor, uint16_t lo, uint16_t hi)
{
	uint32_t id = pci_read_config32(d, 0);

	d->vendor = id & 0xffff;
	d->device = id >> 16;
	if (d->vendor != vendor || d->device < lo || d->device > hi)
		return false;
	for (int i = 0; i < 6; i++)
		d->bar[i] = pci_read_config32(d, PCI_BASE_ADDRESS_0 + 4 * i);
	return true;
}

/* The first function of vendor with a device ID in [dev_lo, dev_hi], in
 * bus/slot/function order: 0 and *out, or -ENODEV. */
int pci_find_device(uint16_t vendor, uint16_t dev_lo, uint16_t dev_hi,
		    struct pci_dev *out)
{
	for (unsigned bus = 0; bus < 256; bus++) {
		for (unsigned slot = 0; slot < 32; slot++) {
			struct pci_dev d = { .bus = bus, .slot = slot };
			if ((pci_read_config32(&d, 0) & 0xffff) == 0xffff)
				continue;	/* no device */
			bool multi = pci_read_config32(&d, PCI_HEADER_TYPE & 0xfc)
				     >> 16 & 0x80;
			for (unsigned f = 0; f < (multi ? 8u : 1u); f++) {
				d.func = f;
				if (probe(&d, vendor, dev_lo, dev_hi)) {
					*out = d;
					return 0;
				}
			}
		}
	}
	return -ENODEV;
}

/* Let dev decode its I/O BARs and read and write memory (DMA). */
void pci_set_master(const struct pci_dev *dev)
{
	uint16_t cmd = pci_read_config32(dev, PCI_COMMAND) & 0xffff;

	pci_write_config16(dev, PCI_COMMAND,
			   cmd | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
}
