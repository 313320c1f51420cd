# tests/host/libc/tests.mk - build the libc tests; run.sh drives it:
#
#   make -f tests/host/libc/tests.mk libc-tests
#
# t_NAME.c     self-checking programs, linked with Pagoda's libc
# diff_NAME.c  built twice, with Pagoda's libc (NAME) and with the host's
#              glibc (NAME.glibc); run.sh compares their outputs

include libc/libc.mk

HOSTCC	?= gcc
LT_DIR	:= tests/host/libc
LT_OUT	:= $(B)/tests/host/libc
LT_SELF	:= $(patsubst $(LT_DIR)/%.c,$(LT_OUT)/%,$(wildcard $(LT_DIR)/t_*.c))
LT_DIFF	:= $(patsubst $(LT_DIR)/%.c,$(LT_OUT)/%,$(wildcard $(LT_DIR)/diff_*.c))

$(LT_OUT)/%: $(LT_DIR)/%.c $(LT_DIR)/check.h $(LIBC_A) $(LIBC_CRT0)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@$(LINK_USER)

$(LT_OUT)/%.glibc: $(LT_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -O2 -w -o $@ $<

.PHONY: libc-tests
libc-tests: $(LT_SELF) $(LT_DIFF) $(LT_DIFF:=.glibc)
