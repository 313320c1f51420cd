/* <sys/vfs.h> for newlib programs: the old name of <sys/statfs.h>. */
#include <sys/statfs.h>
