# libc/newlib/newlib.mk - newlib (Debian's newlib-source) as a full C
# library for student programs, with Pagoda's malloc inside it.
#
#   make newlib   build/newlib/lib/{crt0.o,libc.a,libm.a,libpagoda.a} and
#                 build/newlib/include (with pagoda/linux_*.h): what
#                 tools/pagoda-cc compiles and links against.  Built once (about a minute on 2 cores).
#
# newlib is configured for the bare target x86_64-elf with the host's gcc
# and without its own system calls; libpagoda.a is the system layer
# (libc/newlib/*.c, *.S: Linux system calls, numbers
# translated) and Pagoda's malloc (libc/malloc*.c).  newlib's allocator is
# taken out of its libc.a, so nothing else can answer malloc; so are its
# signal() and raise().

NL        := build/newlib
NL_TAR    := /usr/src/newlib/newlib-3.3.0.tar.xz
NL_INST   := $(NL)/inst/x86_64-elf
# read and write return ssize_t as POSIX says (newlib's default for a bare
# target is int); each thread has its own struct _reent (errno, strtok's
# state ...), found by __getreent() (libc/newlib/pthread_lock.c).
# tools/pagoda-cc defines the same.
NL_ABI    := -D_READ_WRITE_RETURN_TYPE=_ssize_t -D__DYNAMIC_REENT__
NL_CFLAGS := -O2 -g -fno-stack-protector -fno-pie -ffunction-sections \
	     -fdata-sections $(NL_ABI)
# newlib's allocator and its wrappers (libc/stdlib: mallocr.c and the
# files that call only into it), and its in-program signal() and raise()
# (libc/newlib/signal.c installs real handlers instead), and its lock
# routines and __getreent, which a single-threaded program would have
# (libc/newlib/pthread_lock.c has the ones over futexes).
NL_REPLACED := aligned_alloc calloc callocr cfreer freer mallinfor malloc \
	     mallocr malloptr msize msizer mstats mtrim pvallocr realloc \
	     reallocarray reallocr valloc vallocr signal lock getreent
NL_LAYER  := $(wildcard libc/newlib/*.c) $(MH_SRCS)
NL_OBJS   := $(patsubst %.c,$(NL)/obj-pagoda/%.o,$(NL_LAYER)) \
	     $(NL)/obj-pagoda/libc/newlib/sigsetjmp.o $(NL)/obj-pagoda/libc/newlib/clone.o
# The Linux numbers Pagoda's headers for newlib give programs
# (<sys/fcntl.h>'s F_* ...), include/uapi's own lines, go in newlib's
# installed tree, where tools/pagoda-cc finds them.
NL_LINUX_H := $(patsubst %,$(NL)/include/pagoda/linux_%.h,fcntl time ipc shm signal)
NL_INC    := -nostdinc -isystem libc/newlib/include -isystem include \
	     -isystem $(NL)/include -isystem $(GCC_INC)

.PHONY: newlib
newlib: $(NL)/lib/libpagoda.a $(NL)/lib/crt0.o $(NL_LINUX_H)

$(NL_TAR):
	@echo "newlib: $(NL_TAR) is missing: run tools/deps (newlib-source)" >&2; exit 1

# Unpack, put Pagoda's machine/_types.h (Linux's widths for dev_t, ino_t,
# uid_t, gid_t) in place of newlib's, configure, build, install; then drop
# what Pagoda replaces.
$(NL)/stamp: $(NL_TAR) libc/newlib/newlib.mk libc/newlib/include/machine/_types.h
	@echo "  NEWLIB  $(NL) (once: about a minute)"
	@rm -rf $(NL)/src $(NL)/obj $(NL)/inst && mkdir -p $(NL)/src $(NL)/obj $(NL)/lib
	@tar -xJf $(NL_TAR) -C $(NL)/src --strip-components=1
	@cp libc/newlib/include/machine/_types.h $(NL)/src/newlib/libc/include/machine/_types.h
	@cd $(NL)/obj && ../src/newlib/configure --host=x86_64-elf \
	  --build=x86_64-pc-linux-gnu --prefix=$(abspath $(NL)/inst) \
	  CC=gcc AR=ar RANLIB=ranlib AS=as LD=ld NM=nm CFLAGS="$(NL_CFLAGS)" \
	  --disable-newlib-supplied-syscalls --disable-multilib \
	  --enable-newlib-io-long-long --enable-newlib-io-c99-formats \
	  --enable-newlib-retargetable-locking \
	  --enable-newlib-global-stdio-streams > ../configure.log 2>&1 || \
	  { tail -20 $(NL)/configure.log; exit 1; }
	@$(MAKE) -s -C $(NL)/obj > $(NL)/make.log 2>&1 && \
	  $(MAKE) -s -C $(NL)/obj install >> $(NL)/make.log 2>&1 || \
	  { tail -20 $(NL)/make.log; exit 1; }
	@ar d $(NL_INST)/lib/libc.a $(NL_REPLACED:%=lib_a-%.o)
	@cp $(NL_INST)/lib/libc.a $(NL_INST)/lib/libm.a $(NL)/lib/
	@rm -rf $(NL)/include && cp -r $(NL_INST)/include $(NL)/include
	@touch $@

$(NL)/gen/linux_map.h: tools/mknewlibmap $(wildcard include/uapi/*.h)
	@mkdir -p $(@D)
	@tools/mknewlibmap include/uapi > $@

$(NL)/gen/linux_defs.h: tools/mknewlibmap $(wildcard include/uapi/*.h)
	@mkdir -p $(@D)
	@tools/mknewlibmap --defines include/uapi > $@

$(NL)/include/pagoda/linux_%.h: tools/mknewlibmap $(wildcard include/uapi/*.h) $(NL)/stamp
	@mkdir -p $(@D)
	@tools/mknewlibmap --header $* include/uapi > $@

# Each object's headers come from gcc -MD -MP (a .d file beside it; -MD,
# not -MMD, since the -isystem ones are Pagoda's too); the generated ones
# and newlib's installed tree must exist before the first compile.
$(NL)/obj-pagoda/%.o: %.c $(NL)/stamp $(NL)/gen/linux_map.h $(NL)/gen/linux_defs.h $(NL_LINUX_H)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@gcc -std=gnu11 -Wall -Wextra -Werror $(NL_CFLAGS) -fno-builtin-malloc \
	  -fno-builtin-free -fno-builtin-calloc -fno-builtin-realloc \
	  $(NL_INC) -I$(NL)/gen -MD -MP -c $< -o $@

-include $(NL_OBJS:.o=.d)

$(NL)/obj-pagoda/libc/newlib/%.o: libc/newlib/%.S
	@mkdir -p $(@D)
	@gcc -c $< -o $@

$(NL)/lib/libpagoda.a: $(NL_OBJS)
	@rm -f $@ && ar rcs $@ $^

$(NL)/lib/crt0.o: libc/newlib/crt0.S $(NL)/stamp
	@gcc -c $< -o $@
