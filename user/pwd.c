/*
 * user/pwd.c - print the current directory (getcwd).
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char cwd[4096];

	if (!getcwd(cwd, sizeof(cwd))) {
		perror("pwd");
		return 1;
	}
	puts(cwd);
	return 0;
}
