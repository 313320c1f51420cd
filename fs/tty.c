/*
 * fs/tty.c - the terminal: a line discipline on COM1, which /dev/console
 * and /dev/tty both are.
 *
 * Input arrives one byte at a time from the COM1 interrupt (tty_receive,
 * with interrupts off) and is processed at once, as Linux's N_TTY does:
 *   ICRNL      CR becomes NL
 *   ISIG       ^C sends SIGINT, ^\ SIGQUIT, to the foreground process group
 *              (TIOCSPGRP; 1, init's group, by default) and flushes input
 *   ICANON     line editing: ^? (VERASE) erases a character, ^W a word,
 *              ^U (VKILL) the line; a line becomes readable at NL, or at
 *              ^D (VEOF), which on an empty line makes read() return 0
 *   ECHO       typed characters are echoed, controls as ^X (ECHOCTL)
 * Without ICANON (raw mode) every byte is readable at once; read returns
 * what is there, blocking for the first byte unless VMIN is 0.  VTIME is
 * not implemented.  Output: with OPOST and ONLCR, NL is sent as CR NL.
 *
 * The input ring holds bytes and two marks: TTY_EOF (the ^D of an empty
 * line) and TTY_PUSH (the ^D that ends a non-empty line).  [rpos, wpos) is
 * readable, [wpos, epos) is the line being edited.  The ring is shared
 * with the interrupt handler, so readers touch it with interrupts off.
 */
#include "fs.h"
#include <uapi/poll.h>
#include <uapi/ioctl.h>
#include <uapi/signal.h>

#define TTY_BUF		4096
#define TTY_EOF		0x100
#define TTY_PUSH	0x101

static struct termios termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = { [VINTR] = 3, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15,
		  [VEOF] = 4, [VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13,
		  [VSUSP] = 0x1a, [VREPRINT] = 0x12, [VDISCARD] = 0x0f,
		  [VWERASE] = 0x17, [VLNEXT] = 0x16 },
};
static struct winsize winsize = { .ws_row = 24, .ws_col = 80 };
static int fg_pgrp = 1;
static uint16_t ibuf[TTY_BUF];
static unsigned rpos, wpos, epos;

/* Send bytes to the terminal, mapping NL to CR NL under OPOST|ONLCR. */
static void tty_output(const char *s, size_t n)
{
	bool onlcr = (termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
	size_t start = 0;

	for (size_t i = 0; onlcr && i < n; i++) {
		if (s[i] != '\n')
			continue;
		serial_write(CONSOLE_COM1, s + start, i - start);
		serial_write(CONSOLE_COM1, "\r\n", 2);
		start = i + 1;
	}
	serial_write(CONSOLE_COM1, s + start, n - start);
}

static bool is_ctrl(unsigned c)
{
	return (c < 32 && c != '\n' && c != '\t') || c == 0x7f;
}

/* Echo one typed character: controls as ^X under ECHOCTL. */
static void echo_char(unsigned char c)
{
	if (!(termios.c_lflag & ECHO)) {
		if (c == '\n' && (termios.c_lflag & ECHONL))
			tty_output("\n", 1);
		return;
	}
	if ((termios.c_lflag & ECHOCTL) && is_ctrl(c)) {
		char seq[2] = { '^', (char)(c ^ 0x40) };
		tty_output(seq, 2);
		return;
	}
	tty_output((char *)&c, 1);
}

/* Erase the last character of the line being edited; false if none. */
static bool erase_one(bool visual)
{
	if (epos == wpos)
		return false;
	unsigned c = ibuf[--epos % TTY_BUF];
	if (visual && (termios.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE)) {
		int width = (termios.c_lflag & ECHOCTL) && is_ctrl(c) ? 2 : 1;
		while (width--)
			tty_output("\b \b", 3);
	}
	return true;
}

static void erase_word(void)
{
	while (epos != wpos && ibuf[(epos - 1) % TTY_BUF] == ' ')
		erase_one(true);
	while (epos != wpos && ibuf[(epos - 1) % TTY_BUF] != ' ')
		erase_one(true);
}

static void kill_line(unsigned char c)
{
	bool visual = termios.c_lflag & ECHOKE;

	while (erase_one(visual))
		;
	if (!visual) {
		echo_char(c);
		if (termios.c_lflag & ECHOK)
			tty_output("\n", 1);
	}
}

/* Append to the edit line; the last slot is kept for a line's end. */
static bool put(uint16_t c, bool ends_line)
{
	if (epos - rpos >= TTY_BUF - (ends_line ? 0 : 1))
		return false;
	ibuf[epos++ % TTY_BUF] = c;
	return true;
}

static void commit(void)
{
	wpos = epos;
	wakeup(ibuf);
}

/* Signal every process of the foreground group (interrupt context). */
static void isig(int sig, unsigned char c)
{
	if (!(termios.c_lflag & NOFLSH))
		rpos = wpos = epos;
	echo_char(c);
	for (struct task *t = task_next(NULL); t; t = task_next(t))
		if (t->signal->pgid == fg_pgrp && thread_group_leader(t))
			send_signal(t, sig);
}

static bool is_cc(unsigned char c, int which)
{
	return c && c == termios.c_cc[which];
}

/* One character in canonical mode: edit the line, or end it. */
static void canon_input(unsigned char c)
{
	if (is_cc(c, VERASE)) {
		erase_one(true);
	} else if (is_cc(c, VKILL)) {
		kill_line(c);
	} else if ((termios.c_lflag & IEXTEN) && is_cc(c, VWERASE)) {
		erase_word();
	} else if (is_cc(c, VEOF)) {
		if (put(epos == wpos ? TTY_EOF : TTY_PUSH, true))
			commit();
	} else {
		bool eol = c == '\n' || is_cc(c, VEOL) || is_cc(c, VEOL2);
		if (!put(c, eol))
			return;
		echo_char(c);
		if (eol)
			commit();
	}
}

/* One byte from COM1; called by the IRQ handler with interrupts off. */
void tty_receive(char ch)
{
	unsigned char c = ch;

	if (termios.c_iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (termios.c_iflag & IGNCR)
			return;
		if (termios.c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (termios.c_iflag & INLCR)) {
		c = '\r';
	}
	if ((termios.c_lflag & ISIG) && (is_cc(c, VINTR) || is_cc(c, VQUIT))) {
		isig(is_cc(c, VINTR) ? SIGINT : SIGQUIT, c);
		return;
	}
	if (termios.c_lflag & ICANON) {
		canon_input(c);
	} else if (put(c, false)) {
		echo_char(c);
		commit();
	}
}

/*
 * Take readable input into kbuf (interrupts off): up to n bytes, and in
 * canonical mode up to the end of one line.  Sets *end when the read is
 * complete: a line end, the end-of-file mark, or no more input after some
 * bytes.  `first` says nothing was taken yet in this read().
 */
static size_t take_input(char *kbuf, size_t n, bool first, bool *end)
{
	bool canon = termios.c_lflag & ICANON;
	size_t got = 0;

	*end = false;
	while (rpos != wpos && got < n) {
		uint16_t c = ibuf[rpos % TTY_BUF];
		if (c == TTY_EOF) {		/* read() returns 0 if it is first */
			if (!got && first)
				rpos++;
			*end = true;
			break;
		}
		if (c == TTY_PUSH) {		/* ends the line it follows */
			rpos++;
			if (got || !first) {
				*end = true;
				break;
			}
			continue;
		}
		rpos++;
		kbuf[got++] = (char)c;
		if (canon && (c == '\n' || is_cc(c, VEOL) || is_cc(c, VEOL2))) {
			*end = true;
			break;
		}
	}
	if (rpos == wpos && (got || !first))
		*end = true;		/* all there is; a leftover mark is not */
	return got;
}

/* Block until input is readable (not with O_NONBLOCK, or VMIN 0 in raw
 * mode), then return one line (canonical) or what is there (raw). */
static long tty_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	char kbuf[128];
	size_t done = 0;
	(void)pos;

	for (;;) {
		uint64_t flags = irq_save();
		if (rpos == wpos && !done) {
			long ret = 1;		/* 1: woken up, look again */
			if (f->f_flags & O_NONBLOCK)
				ret = -EAGAIN;
			else if (!(termios.c_lflag & ICANON) && !termios.c_cc[VMIN])
				ret = 0;
			else if (sleep_on_interruptible(ibuf))
				ret = -EINTR;
			irq_restore(flags);
			if (ret <= 0)
				return ret;
			continue;
		}
		bool end;
		size_t n = take_input(kbuf, MIN(sizeof(kbuf), to->count), !done, &end);
		irq_restore(flags);
		if (!n && !done && !end)
			continue;
		size_t copied = copy_to_iter(kbuf, n, to);
		done += copied;
		if (copied < n)
			return done ? (long)done : -EFAULT;
		if (end || !to->count)
			return done;
	}
}

/* Output, through a kernel buffer, with OPOST processing. */
static long tty_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	char kbuf[256];
	size_t done = 0;
	(void)f, (void)pos;

	while (from->count) {
		size_t n = copy_from_iter(kbuf, MIN(sizeof(kbuf), from->count), from);
		if (!n)
			return done ? (long)done : -EFAULT;
		tty_output(kbuf, n);
		done += n;
	}
	return done;
}

/* Bytes readable now (FIONREAD), marks not counted. */
static int tty_avail(void)
{
	int n = 0;

	for (unsigned i = rpos; i != wpos; i++)
		n += ibuf[i % TTY_BUF] < 0x100;
	return n;
}

/* Install new settings; a switch to raw mode makes the edit line readable. */
static int tty_set_termios(unsigned int cmd, unsigned long arg)
{
	struct termios t;

	if (copy_from_user(&t, (void *)arg, sizeof(t)))
		return -EFAULT;
	uint64_t flags = irq_save();
	if (cmd == TCSETSF)
		rpos = wpos = epos;
	termios = t;
	if (!(t.c_lflag & ICANON))
		commit();
	irq_restore(flags);
	return 0;
}

/* TIOCSPGRP: the new foreground group must have a live member. */
static int tty_set_pgrp(unsigned long arg)
{
	int pgrp;

	if (copy_from_user(&pgrp, (void *)arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		if (t->signal->pgid == pgrp && t->signal->live) {
			fg_pgrp = pgrp;
			return 0;
		}
	}
	return -EPERM;
}

static int tty_set_winsize(void *uarg)
{
	struct winsize ws;

	if (copy_from_user(&ws, uarg, sizeof(ws)))
		return -EFAULT;
	winsize = ws;
	return 0;
}

/* The terminal ioctls; ENOTTY for anything else. */
static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void *uarg = (void *)arg;
	int n;
	(void)f;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(uarg, &termios, sizeof(termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set_termios(cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user(uarg, &winsize, sizeof(winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return tty_set_winsize(uarg);
	case TIOCGPGRP:
		return copy_to_user(uarg, &fg_pgrp, sizeof(fg_pgrp)) ? -EFAULT : 0;
	case TIOCSPGRP:
		return tty_set_pgrp(arg);
	case FIONREAD:
		n = tty_avail();
		return copy_to_user(uarg, &n, sizeof(n)) ? -EFAULT : 0;
	case TCSBRK:			/* output is synchronous: always drained */
		return 0;
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH) {
			uint64_t flags = irq_save();
			rpos = wpos = epos;
			irq_restore(flags);
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Readable when a line (canonical) or a byte (raw) is waiting; the
 * terminal can always be written. */
static unsigned tty_poll(struct file *f)
{
	(void)f;
	return (rpos != wpos ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

const struct file_operations tty_fops = {
	.poll = tty_poll,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
};
