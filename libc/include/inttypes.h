/*
 * printf/scanf conversion macros for the <stdint.h> types (LP64).
 */
#ifndef _INTTYPES_H
#define _INTTYPES_H

#include <stdint.h>

#define __PRI64		"l"
#define __PRIPTR	"l"

#define PRId8	"d"
#define PRId16	"d"
#define PRId32	"d"
#define PRId64	__PRI64 "d"
#define PRIi8	"i"
#define PRIi16	"i"
#define PRIi32	"i"
#define PRIi64	__PRI64 "i"
#define PRIu8	"u"
#define PRIu16	"u"
#define PRIu32	"u"
#define PRIu64	__PRI64 "u"
#define PRIo8	"o"
#define PRIo16	"o"
#define PRIo32	"o"
#define PRIo64	__PRI64 "o"
#define PRIx8	"x"
#define PRIx16	"x"
#define PRIx32	"x"
#define PRIx64	__PRI64 "x"
#define PRIX8	"X"
#define PRIX16	"X"
#define PRIX32	"X"
#define PRIX64	__PRI64 "X"

#define PRIdPTR	__PRIPTR "d"
#define PRIiPTR	__PRIPTR "i"
#define PRIuPTR	__PRIPTR "u"
#define PRIxPTR	__PRIPTR "x"
#define PRIXPTR	__PRIPTR "X"
#define PRIdMAX	__PRI64 "d"
#define PRIiMAX	__PRI64 "i"
#define PRIuMAX	__PRI64 "u"
#define PRIxMAX	__PRI64 "x"
#define PRIXMAX	__PRI64 "X"

#define SCNd8	"hhd"
#define SCNd16	"hd"
#define SCNd32	"d"
#define SCNd64	__PRI64 "d"
#define SCNi32	"i"
#define SCNi64	__PRI64 "i"
#define SCNu8	"hhu"
#define SCNu16	"hu"
#define SCNu32	"u"
#define SCNu64	__PRI64 "u"
#define SCNx8	"hhx"
#define SCNx16	"hx"
#define SCNx32	"x"
#define SCNx64	__PRI64 "x"
#define SCNdPTR	__PRIPTR "d"
#define SCNuPTR	__PRIPTR "u"
#define SCNxPTR	__PRIPTR "x"
#define SCNdMAX	__PRI64 "d"
#define SCNuMAX	__PRI64 "u"
#define SCNxMAX	__PRI64 "x"

#endif
