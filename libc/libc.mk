# libc/libc.mk - Pagoda's libc, and how user programs are built with it.
#
# Included by the top Makefile (non-recursive; paths are relative to the
# repository root), or run on its own:
#
#   make -f libc/libc.mk          build $(LIBC_A) and $(LIBC_CRT0)
#
# Defines:
#   LIBC_A        build/libc/libc.a: every libc/*.c and libc/*.S but crt0
#   LIBC_CRT0     build/libc/crt0.o: _start
#   USER_CFLAGS   compile flags for user programs
#   USER_LDFLAGS  link flags for user programs
#   USER_LDLIBS   libraries to link last (libc and libgcc)
#   LINK_USER     recipe: link $@ from the .c/.o prerequisites
#   and the rule $(B)/user/%: user/%.c
#
# Headers: -nostdinc, then libc/include (ours, including stdint.h and
# limits.h), include/ (for <uapi/...>), then gcc's own include directory,
# which supplies only stdarg.h, stddef.h, stdbool.h, float.h, stdalign.h,
# stdnoreturn.h and the SSE intrinsics headers.
#
# User code is hosted C (not -ffreestanding) and may use SSE.  libc itself
# is built -ffreestanding and without loop-to-memcpy rewriting, so that
# memcpy & co. never call themselves.

ifeq ($(origin CC),default)
CC := $(CROSS)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS)ar
endif
B ?= build

# Keep the includer's default goal; standalone, build the library.
_libc_saved_goal := $(.DEFAULT_GOAL)

LIBC_A		:= $(B)/libc/libc.a
LIBC_CRT0	:= $(B)/libc/crt0.o
LIBC_GCC_INC	:= $(shell $(CC) -print-file-name=include)
LIBC_LIBGCC	:= $(shell $(CC) -print-libgcc-file-name)

USER_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		   -fno-stack-protector -fno-pie \
		   -nostdinc -isystem libc/include -isystem include \
		   -isystem $(LIBC_GCC_INC)
USER_LDFLAGS	:= -static -nostdlib -no-pie -Wl,-z,noexecstack
USER_LDLIBS	:= -Wl,--start-group $(LIBC_A) $(LIBC_LIBGCC) -Wl,--end-group

LIBC_CFLAGS	:= $(USER_CFLAGS) -ffreestanding -fno-tree-loop-distribute-patterns \
		   -MMD -MP

LIBC_SRCS	:= $(filter-out libc/crt0.S,$(wildcard libc/*.c libc/*.S))
LIBC_OBJS	:= $(patsubst libc/%,$(B)/libc/%.o,$(basename $(LIBC_SRCS)))

# Link a user program: crt0 first, then the .c/.o prerequisites, libc.
LINK_USER	= $(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) \
		  $(filter-out $(LIBC_CRT0),$(filter %.c %.o,$^)) $(USER_LDLIBS)

$(B)/libc/%.o: libc/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(B)/libc/%.o: libc/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_A): $(LIBC_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@$(AR) rcs $@ $^

$(B)/user/%: user/%.c $(LIBC_A) $(LIBC_CRT0)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@$(LINK_USER)

.PHONY: libc
libc: $(LIBC_A) $(LIBC_CRT0)

-include $(LIBC_OBJS:.o=.d) $(LIBC_CRT0:.o=.d)

ifeq ($(firstword $(MAKEFILE_LIST)),libc/libc.mk)
.DEFAULT_GOAL := libc
else
.DEFAULT_GOAL := $(_libc_saved_goal)
endif
