/*
 * kernel/console.c - the 16550 serial ports.
 *
 * COM1 is the terminal: `make run` and the test harness put it on QEMU's
 * stdio.  tools/run-prog adds COM2 (the program's stderr), COM3 (the
 * kernel log) and COM4 (files the program wrote, as a cpio archive).  With `quiet` on the command line, kernel messages go to COM3
 * only, so that COM1 carries nothing but the program's own output.
 */
#include "kernel.h"
#include "x86.h"
#include "../fs/fs.h"

static const uint16_t com_base[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
static bool com_present[ARRAY_SIZE(com_base)];
static bool quiet;

/* Program one UART for 115200 8N1 with FIFOs; returns false if absent. */
static bool uart_init(uint16_t base)
{
	outb(base + 7, 0x5a);			/* scratch register probe */
	if (inb(base + 7) != 0x5a)
		return false;
	outb(base + 1, 0x00);			/* no interrupts yet */
	outb(base + 3, 0x80);			/* DLAB on */
	outb(base + 0, 0x01);			/* divisor 1: 115200 baud */
	outb(base + 1, 0x00);
	outb(base + 3, 0x03);			/* 8N1, DLAB off */
	outb(base + 2, 0xc7);			/* FIFO on, cleared */
	outb(base + 4, 0x0b);			/* DTR, RTS, OUT2 */
	return true;
}

void console_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(com_base); i++)
		com_present[i] = uart_init(com_base[i]);
}

#define LSR_THRE	0x20	/* the transmit register is free */
#define LSR_TEMT	0x40	/* ... and everything written has gone out */
#define UART_SPINS	10000000	/* seconds of a stalled reader, not forever */

/* Wait for the line status bits of a port; false if they never came. */
static bool uart_wait(uint16_t base, uint8_t bits)
{
	for (int spin = 0; spin < UART_SPINS; spin++) {
		if ((inb(base + 5) & bits) == bits)
			return true;
		pause();
	}
	return false;
}

/* One byte, once the transmit register is free: a byte written over one
 * QEMU has not yet passed on (its reader is slow) would be lost. */
static void uart_putc(uint16_t base, char c)
{
	uart_wait(base, LSR_THRE);
	outb(base, (uint8_t)c);
}

/* Write n bytes to one serial port, exactly as given (no newline mapping). */
void serial_write(int port, const char *s, size_t n)
{
	if (port < 0 || port >= (int)ARRAY_SIZE(com_base) || !com_present[port])
		return;
	for (size_t i = 0; i < n; i++)
		uart_putc(com_base[port], s[i]);
}

/* Returns the next received byte of a port, or -1 if none is waiting. */
static int serial_getc(int port)
{
	if (port < 0 || port >= (int)ARRAY_SIZE(com_base) || !com_present[port])
		return -1;
	if (!(inb(com_base[port] + 5) & 0x01))
		return -1;
	return inb(com_base[port]);
}

/* Interrupt on received bytes of COM1 (IRQ 4), handed to the terminal. */
void console_enable_input(void)
{
	outb(com_base[CONSOLE_COM1] + 1, 0x01);	/* IER: data available */
	outb(0x21, inb(0x21) & ~(1u << 4));	/* unmask IRQ 4 at the PIC */
}

/* The COM1 interrupt: move every waiting byte to the terminal. */
void serial_irq(void)
{
	int c;

	while ((c = serial_getc(CONSOLE_COM1)) >= 0)
		tty_receive((char)c);
}

void console_set_quiet(bool q)
{
	quiet = q && com_present[CONSOLE_COM3];
}

/*
 * The kernel log: COM1 (with "\n" -> "\r\n" for the terminal), or COM3 as
 * raw text in quiet mode.
 */
void log_write(const char *s, size_t n)
{
	if (quiet) {
		serial_write(CONSOLE_COM3, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_write(CONSOLE_COM1, "\r", 1);
		serial_write(CONSOLE_COM1, &s[i], 1);
	}
}

/* Leave QEMU through the isa-debug-exit device (port 0xf4), once every
 * serial port has sent what it was given. */
void qemu_exit(int code)
{
	for (size_t i = 0; i < ARRAY_SIZE(com_base); i++)
		if (com_present[i])	/* the last bytes out before QEMU goes */
			uart_wait(com_base[i], LSR_THRE | LSR_TEMT);
	outb(0xf4, (uint8_t)code);
	outw(0x604, 0x2000);			/* ACPI poweroff, just in case */
	for (;;) {
		cli();
		hlt();
	}
}
