/*
 * user/clear.c - clear the terminal: the cursor home and the screen
 * erased, with the escape sequences of a VT100 (and of the terminal
 * QEMU's serial console is shown in).
 */
#include <stdio.h>

int main(void)
{
	fputs("\033[H\033[2J", stdout);
	return 0;
}
