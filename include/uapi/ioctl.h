/*
 * Terminal ioctls and the kernel's struct termios (asm/ioctls.h,
 * asm/termbits.h).
 *
 * Note: this is the kernel's 36-byte termios with 19 control characters,
 * which TCGETS/TCSETS copy; glibc's user-side struct is larger, Pagoda's
 * libc uses this one directly.
 */
#ifndef _UAPI_IOCTL_H
#define _UAPI_IOCTL_H

/* ioctl requests. */
#define TCGETS		0x5401	/* struct termios * */
#define TCSETS		0x5402	/* set now */
#define TCSETSW		0x5403	/* set after output drains */
#define TCSETSF		0x5404	/* drain output, flush input, then set */
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F	/* pid_t *: foreground process group */
#define TIOCSPGRP	0x5410
#define TIOCOUTQ	0x5411
#define TIOCSTI		0x5412
#define TIOCGWINSZ	0x5413	/* struct winsize * */
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B	/* int *: bytes ready to read */
#define TIOCNOTTY	0x5422
#define FIONBIO		0x5421
#define TIOCGSID	0x5429
#define TIOCGPTN	0x80045430	/* unsigned int *: pty number */
#define TIOCSPTLCK	0x40045431	/* int *: (un)lock pty */
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 19

struct termios {
	tcflag_t c_iflag;		/* input modes */
	tcflag_t c_oflag;		/* output modes */
	tcflag_t c_cflag;		/* control modes */
	tcflag_t c_lflag;		/* local modes */
	cc_t c_line;			/* line discipline */
	cc_t c_cc[NCCS];		/* control characters, indexed by V* */
};

/* c_cc indexes. */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSWTC		7
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag bits. */
#define IGNBRK		0000001
#define BRKINT		0000002
#define IGNPAR		0000004
#define PARMRK		0000010
#define INPCK		0000020
#define ISTRIP		0000040
#define INLCR		0000100
#define IGNCR		0000200
#define ICRNL		0000400	/* map CR to NL on input */
#define IUCLC		0001000
#define IXON		0002000
#define IXANY		0004000
#define IXOFF		0010000
#define IMAXBEL		0020000
#define IUTF8		0040000

/* c_oflag bits. */
#define OPOST		0000001	/* enable output processing */
#define OLCUC		0000002
#define ONLCR		0000004	/* map NL to CR-NL on output */
#define OCRNL		0000010
#define ONOCR		0000020
#define ONLRET		0000040
#define OFILL		0000100
#define OFDEL		0000200

/* c_cflag bits. */
#define CBAUD		0010017
#define B0		0000000
#define B9600		0000015
#define B19200		0000016
#define B38400		0000017
#define B57600		0010001
#define B115200		0010002
#define CSIZE		0000060
#define CS5		0000000
#define CS6		0000020
#define CS7		0000040
#define CS8		0000060
#define CSTOPB		0000100
#define CREAD		0000200
#define PARENB		0000400
#define PARODD		0001000
#define HUPCL		0002000
#define CLOCAL		0004000

/* c_lflag bits. */
#define ISIG		0000001	/* INTR, QUIT, SUSP send signals */
#define ICANON		0000002	/* line editing, read returns whole lines */
#define XCASE		0000004
#define ECHO		0000010
#define ECHOE		0000020
#define ECHOK		0000040
#define ECHONL		0000100
#define NOFLSH		0000200
#define TOSTOP		0000400
#define ECHOCTL		0001000
#define ECHOPRT		0002000
#define ECHOKE		0004000
#define FLUSHO		0010000
#define PENDIN		0040000
#define IEXTEN		0100000
#define EXTPROC		0200000

/* tcsetattr actions, tcflush queues. */
#define TCSANOW		0
#define TCSADRAIN	1
#define TCSAFLUSH	2
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

#endif
