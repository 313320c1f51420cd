# libc/malloc-host.mk - host builds of Pagoda's malloc, for its tests and
# its benchmark.  Standalone:   make -f libc/malloc-host.mk [target]
# From the top-level Makefile:  include libc/malloc-host.mk   (after `all`)
#
#   malloc-host         the .so and every test program (default)
#   malloc-freestanding compile libc/malloc*.c against Pagoda's own headers
#   malloc-bench        bench/malloc/bench (glibc) and bench_musl (musl-gcc
#                       -static), run by tools/bench-malloc
#
#   build/host/libpagoda_malloc.so   LD_PRELOAD-able: replaces glibc's malloc
#   build/host/malloc/NAME_asan      logic tests: the allocator renamed
#                                    pg_malloc... (-DMALLOC_PREFIX=pg_) and
#                                    instrumented by ASan + UBSan
#   build/host/malloc/threads_tsan   the threads test under ThreadSanitizer
#   build/host/malloc/NAME           the same tests, calling plain malloc: run
#                                    with the .so in LD_PRELOAD
#   build/host/malloc/malloc_trim    tests/user/malloc_trim.c, for glibc or
#                                    the .so
# tests/host/malloc/run.sh builds and runs them all.

MH_CC    ?= gcc
MH_MUSL  ?= musl-gcc
MH_OUT   := build/host
MH_T     := $(MH_OUT)/malloc
MH_SRCS  := libc/malloc.c libc/malloc_core.c libc/malloc_tcache.c libc/malloc_sys.c \
	    libc/malloc_info.c
MH_DEPS  := $(MH_SRCS) libc/malloc_internal.h
MH_TDIR  := tests/host/malloc

MH_WARN  := -std=gnu11 -Wall -Wextra -Werror
# The allocator defines malloc itself: gcc must not treat its own calls to
# memset/malloc as builtins it may fuse (e.g. malloc + memset -> calloc).
MH_LIB   := -O2 -g -fPIC -fno-plt -fno-builtin-malloc -fno-builtin-calloc \
	    -fno-builtin-realloc -fno-builtin-free
MH_ASAN  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -fno-builtin -DMALLOC_PREFIX=pg_ -DTEST_PREFIXED
MH_TSAN  := -O1 -g -fsanitize=thread -fno-builtin -DMALLOC_PREFIX=pg_ -DTEST_PREFIXED
MH_PLAIN := -O2 -g -fno-builtin -Wno-alloc-size-larger-than

MH_LOGIC := stress align realloc calloc threads stats nobrk smalltop placement
MH_PROGS := $(MH_OUT)/libpagoda_malloc.so \
	    $(MH_LOGIC:%=$(MH_T)/%_asan) $(MH_LOGIC:%=$(MH_T)/%) \
	    $(MH_T)/threads_tsan $(MH_T)/syscount $(MH_T)/thresh_prog $(MH_T)/abort_prog \
	    $(MH_T)/malloc_trim

.PHONY: malloc-host malloc-freestanding malloc-bench
malloc-host: $(MH_PROGS)

$(MH_OUT)/libpagoda_malloc.so: $(MH_DEPS)
	@mkdir -p $(@D)
	@echo "  CCLD    $@"
	@$(MH_CC) $(MH_WARN) $(MH_LIB) -shared -o $@ $(MH_SRCS)

$(MH_T)/%_asan: $(MH_TDIR)/%.c $(wildcard $(MH_TDIR)/*.h) $(MH_TDIR)/heapcheck.c $(MH_DEPS)
	@mkdir -p $(@D)
	$(MH_CC) $(MH_WARN) $(MH_ASAN) -pthread -o $@ $< $(MH_TDIR)/heapcheck.c $(MH_SRCS)

$(MH_T)/threads_tsan: $(MH_TDIR)/threads.c $(wildcard $(MH_TDIR)/*.h) $(MH_DEPS)
	@mkdir -p $(@D)
	$(MH_CC) $(MH_WARN) $(MH_TSAN) -pthread -o $@ $< $(MH_SRCS)

$(MH_T)/%: $(MH_TDIR)/%.c $(wildcard $(MH_TDIR)/*.h)
	@mkdir -p $(@D)
	$(MH_CC) $(MH_WARN) $(MH_PLAIN) -pthread -o $@ $<

# tests/user/malloc_trim.c against the host's C library: glibc's answers
# are the oracle for malloc_trim's.
$(MH_T)/malloc_trim: tests/user/malloc_trim.c tests/user/utest.h
	@mkdir -p $(@D)
	$(MH_CC) $(MH_WARN) $(MH_PLAIN) -o $@ $<

# Pagoda's headers (libc/include, include/uapi) instead of the host's.
malloc-freestanding: $(MH_DEPS)
	@mkdir -p $(MH_T)
	for f in $(MH_SRCS); do \
	  $(MH_CC) $(MH_WARN) -O2 -ffreestanding -nostdinc -isystem libc/include \
	    -isystem include -isystem $$($(MH_CC) -print-file-name=include) \
	    -c $$f -o $(MH_T)/fs_$$(basename $$f .c).o || exit 1; \
	done

malloc-bench: $(MH_OUT)/libpagoda_malloc.so $(MH_T)/bench $(MH_T)/bench_musl

$(MH_T)/bench: bench/malloc/bench.c
	@mkdir -p $(@D)
	$(MH_CC) $(MH_WARN) -O2 -pthread -fno-builtin-malloc -fno-builtin-free -o $@ $<

$(MH_T)/bench_musl: bench/malloc/bench.c
	@mkdir -p $(@D)
	$(MH_MUSL) $(MH_WARN) -O2 -static -pthread -fno-builtin-malloc -fno-builtin-free -o $@ $<
