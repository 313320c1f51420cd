# Pagoda - one non-recursive Makefile.  `make help` prints this comment.
#
# Targets:
#   make            kernel + user programs + boot ISO (build/pagoda.iso),
#                   and Pagoda's malloc for the host (build/host/libpagoda_malloc.so)
#   make iso        only the boot ISO (build/pagoda.iso) and what it holds
#   make run        boot into the shell, serial console in this terminal
#   make test       host unit tests + boot-time self-tests + user tests
#   make gdb        boot stopped at the kernel entry, gdb attached
#   make run-prog PROG=path/to/static-binary ARGS="..."  (tools/run-prog)
#   make bench      Pagoda against Linux in the same QEMU, under -icount
#   make bench-malloc  Pagoda's malloc vs glibc, musl, jemalloc, tcmalloc, mimalloc
#   make bench-debug   the debug kernel's cost against the release one
#   make fuzz       the mm fuzzer (Linux, then Pagoda), then the ABI fuzzer
#   make fuzz-huge  10^6 steps of the mm fuzzer's huge-page mode in Pagoda,
#                   many boots (DEBUG=0: the release build; tools/fuzz-huge)
#   make newlib     newlib with Pagoda's malloc, for tools/pagoda-cc
#   make deps       check for (and as root install) the tools the build needs
#   make clean      remove build/
#   make help       this text
#   make print-kcc  the kernel's compiler and flags (tools/test's compile checks)
#   make libc       only Pagoda's libc (libc/libc.mk)
#   make labs       the course's labs, in order (tools/labs, docs/labs/README.md)
#   make handout LAB=name [DEST=dir]  the student tree of a lab (default
#                   build/handout/NAME): a git repository with one commit
#   make grade LAB=name [TEST=test]   a lab's graded tests, Score: X/Y
#                   (in a handout LAB may be left out)
#   make handin [LAB=name]  build/handin-NAME.tar.gz: the student's
#                   patches against the handout, and the grade
#   make malloc-host, make malloc-freestanding, make malloc-bench
#                   Pagoda's malloc built for the host: its tests, a compile
#                   against Pagoda's headers, the benchmark (libc/malloc-host.mk)
#
# Variables:
#   DEBUG=0         build without the debug checks (mm_validate, junk-filling
#                   of freed frames) into build/release, for benchmarks
#   CROSS=x86_64-elf-  a cross toolchain
#   HOSTCC=gcc      the compiler of the host tests and host tools
#   MH_CC=gcc, MH_MUSL=musl-gcc  the compilers of the malloc-host targets
#   B=build         the build directory (DEBUG=0: build/release)
#   RUN_CMDLINE="trace=mm ..."  kernel command line of make run and make gdb
#   EXTRA_BINS="path/to/busybox ..."  host static programs put into /bin
#                   of make run's image
#   QEMU_EXTRA="..."  more QEMU options for make run and tools/run-prog
#   SEED, STEPS, HUGE_SEEDS, HUGE_STEPS, ABIFUZZ_SEEDS, ABIFUZZ_CALLS,
#   FUZZ_HUGE_SEEDS, FUZZ_HUGE_PER_BOOT  the fuzzers' seeds and lengths
#   PAGODA_SWAP=256M  a swap disk (mkswap'ed) for make run and tools/run-prog
#   PAGODA_GDB_PORT=1234  the gdb stub's port of make gdb
#   LAB=name, DEST=dir, TEST=test  the lab of make handout, grade, handin
#   tools/run-prog reads PAGODA_BUILD, PAGODA_CMDLINE, PAGODA_MEM,
#   PAGODA_TIMEOUT, PAGODA_LOG, PAGODA_FILES, PAGODA_OUT (run it bare)

CROSS	?=
CC	:= $(CROSS)gcc
LD	:= $(CROSS)ld
NM	:= $(CROSS)nm
OBJCOPY	:= $(CROSS)objcopy
READELF	:= $(CROSS)readelf
HOSTCC	?= gcc
DEBUG	?= 1

ifeq ($(DEBUG),1)
B	:= build
else
B	:= build/release
endif

GCC_INC := $(shell $(CC) -print-file-name=include)

KCFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wmissing-prototypes \
	   -Wstrict-prototypes -ffreestanding \
	   -fno-stack-protector -fno-pic -fno-pie -mno-red-zone -mcmodel=kernel \
	   -mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-omit-frame-pointer \
	   -fno-asynchronous-unwind-tables -nostdinc -isystem $(GCC_INC) \
	   -Iinclude -DDEBUG=$(DEBUG) -MMD -MP
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

KSRCS	:= $(wildcard boot/*.S kernel/*.S kernel/*.c mm/*.c fs/*.c ipc/*.c drivers/*.c \
		   tests/kernel/*.c) \
	   kernel/vdso/vma.c kernel/vdso/vdso-image.S
KOBJS	:= $(patsubst %,$(B)/k/%.o,$(basename $(KSRCS)))

.PHONY: all iso run test gdb clean deps run-prog bench bench-debug bench-malloc fuzz fuzz-huge print-kcc help FORCE \
	labs handout grade handin
all: iso build/host/libpagoda_malloc.so

.DEFAULT_GOAL := all

$(B)/k/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Two links: the second adds the symbol table made from the first.  .ksyms
# is the last section, so no other address moves (checked below).
$(B)/kernel.elf: $(KOBJS) linker.ld tools/mkksyms
	@echo "  LD      $@"
	@tools/mkksyms > $(B)/ksyms0.S
	@$(CC) $(KCFLAGS) -c $(B)/ksyms0.S -o $(B)/ksyms0.o
	@$(LD) $(KLDFLAGS) -T linker.ld -o $(B)/kernel.pass1 $(KOBJS) $(B)/ksyms0.o
	@NM=$(NM) tools/mkksyms $(B)/kernel.pass1 > $(B)/ksyms.S
	@$(CC) $(KCFLAGS) -c $(B)/ksyms.S -o $(B)/ksyms.o
	@$(LD) $(KLDFLAGS) -T linker.ld -o $@ $(KOBJS) $(B)/ksyms.o
	@$(NM) -n $(B)/kernel.pass1 | grep -v -e ksyms -e _kernel_end > $(B)/syms1
	@$(NM) -n $@ | grep -v -e ksyms -e _kernel_end -e '\.Lname' > $(B)/syms2
	@cmp -s $(B)/syms1 $(B)/syms2 || { echo "ksyms moved symbols"; exit 1; }

-include $(KOBJS:.o=.d)

# ---- the vDSO: kernel/vdso/vdso.c linked by vdso.lds into a shared object
# that runs in user mode, then embedded in the kernel by vdso-image.S.  It
# must need no relocation: nobody relocates it once mapped.  No padding
# before loops: a padding nop that is executed costs as much as any
# instruction under -icount (make bench).
VDSO_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fPIC \
	-fno-stack-protector -mgeneral-regs-only -falign-loops=1 -nostdinc \
	-isystem $(GCC_INC) -Iinclude -MMD -MP
VDSO_LDFLAGS := -nostdlib -shared -Wl,-T,kernel/vdso/vdso.lds \
	-Wl,--hash-style=both -Wl,-soname=linux-vdso.so.1 -Wl,--no-undefined \
	-Wl,-Bsymbolic -Wl,--build-id=none -Wl,--eh-frame-hdr \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack

$(B)/vdso/vdso.so.dbg: kernel/vdso/vdso.c kernel/vdso/vdso.lds
	@mkdir -p $(dir $@)
	@echo "  VDSO    $@"
	@$(CC) $(VDSO_CFLAGS) -MT $@ -MF $(B)/vdso/vdso.d -c $< -o $(B)/vdso/vdso.o
	@$(CC) $(VDSO_LDFLAGS) -o $@ $(B)/vdso/vdso.o
	@if $(READELF) -r $@ | grep -q "^Relocation section"; then \
		echo "$@: the vDSO must have no relocations"; exit 1; fi

$(B)/vdso/vdso.so: $(B)/vdso/vdso.so.dbg
	@$(OBJCOPY) -S $< $@

$(B)/k/kernel/vdso/vdso-image.o: $(B)/vdso/vdso.so
$(B)/k/kernel/vdso/vdso-image.o: KCFLAGS += -Wa,-I$(B)/vdso

-include $(B)/vdso/vdso.d

# ---- user programs (libc/libc.mk: Pagoda's libc and how to link) ------
include libc/libc.mk

# Pagoda's malloc built for the host: the preloadable .so, its tests, its
# benchmark (libc/malloc-host.mk).
include libc/malloc-host.mk

# newlib with Pagoda's malloc, for tools/pagoda-cc (libc/newlib/newlib.mk).
include libc/newlib/newlib.mk

USER_PROGS := $(patsubst user/%.c,%,$(wildcard user/*.c))
USER_BINS  := $(addprefix $(B)/user/,$(USER_PROGS))
# Programs that link files of user/lib/ (declared in user/lib/ulib.h).
$(addprefix $(B)/user/,cp mv head tail ln): user/lib/args.c user/lib/ulib.h
$(addprefix $(B)/user/,cowdemo free mallocdemo mmapdemo ps vmstat abifuzz uptime top df thpdemo): \
	user/lib/procfs.c user/lib/ulib.h
$(addprefix $(B)/user/,init abifuzz): user/lib/tree.c user/lib/ulib.h
$(addprefix $(B)/user/,grep sed): user/lib/regex.c user/lib/ulib.h
$(B)/user/sh: user/sh/builtin.c user/sh/compound.c user/sh/edit.c user/sh/glob.c \
		user/sh/jobs.c user/sh/sh.h
# The ABI fuzzer: its calls are the kernel's SYSCALL_DEFINEs (tools/mkfuzzcalls).
$(B)/user/abifuzz: user/abifuzz/args.c user/abifuzz/abifuzz.h $(B)/gen/abifuzz_calls.h
$(B)/user/abifuzz: USER_CFLAGS += -I$(B)/gen
$(B)/gen/abifuzz_calls.h: tools/mkfuzzcalls $(wildcard kernel/*.c mm/*.c fs/*.c ipc/*.c)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@tools/mkfuzzcalls > $@
# trace=mm's errno names and messages (mm/trace.c), from the uapi header.
$(B)/k/mm/trace.o: $(B)/gen/errnames.h
$(B)/k/mm/trace.o: KCFLAGS += -I$(B)/gen
$(B)/gen/errnames.h: include/uapi/errno.h
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@sed -n 's|^#define \(E[A-Z0-9]*\) *\([0-9][0-9]*\)\t/\* \(.*\) \*/$$|[\2] = { "\1", "\3" },|p' $< > $@
UTESTS     := $(patsubst tests/user/%.c,%,$(wildcard tests/user/*.c))
UTEST_BINS := $(addprefix $(B)/utest/,$(UTESTS))

# A test is linked from its own source only (mmfuzz_fixed, below, has a
# rule of its own).
$(B)/utest/%: tests/user/%.c $(LIBC_A) $(LIBC_CRT0)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@mkdir -p $(B)/deps/utest
	@$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -MMD -MP -MF $(B)/deps/utest/$*.d \
		-MT $@ -o $@ $(LIBC_CRT0) $< $(USER_LDLIBS)

-include $(patsubst %,$(B)/deps/utest/%.d,$(UTESTS))

# ---- the initial files: cpio newc archives -------------------------------
# initrd.cpio has the programs in /bin; initrd-test.cpio adds the user
# tests in /t (tools/test boots that one).
ROOTFS_FILES := $(foreach p,$(USER_PROGS),bin/$(p)=$(B)/user/$(p)) \
		etc/passwd=user/etc/passwd etc/group=user/etc/group
TESTFS_FILES := $(ROOTFS_FILES) $(foreach t,$(UTESTS),t/$(t)=$(B)/utest/$(t))

# make run EXTRA_BINS="a b": host static programs into initrd.cpio's /bin
# (not the test image's); the list is kept so that a change rebuilds it.
EXTRA_BINS ?=
RUNFS_FILES := $(ROOTFS_FILES) $(foreach p,$(EXTRA_BINS),bin/$(notdir $(p))=$(p))
$(B)/extra-bins.txt: FORCE
	@mkdir -p $(B)
	@echo '$(EXTRA_BINS)' | cmp -s - $@ || echo '$(EXTRA_BINS)' > $@

$(B)/initrd.cpio: $(USER_BINS) user/etc/passwd user/etc/group tools/mkinitrd \
		  $(EXTRA_BINS) $(B)/extra-bins.txt
	@echo "  CPIO    $@"
	@tools/mkinitrd $(B)/root $@ $(RUNFS_FILES)

$(B)/initrd-test.cpio: $(USER_BINS) user/etc/passwd user/etc/group $(UTEST_BINS) tools/mkinitrd
	@echo "  CPIO    $@"
	@tools/mkinitrd $(B)/root-test $@ $(TESTFS_FILES)

# ---- the boot ISO --------------------------------------------------------
RUN_CMDLINE ?=
# PAGODA_SWAP=SIZE: make run and make gdb get a swap disk of SIZE (made by
# mkswap at each boot), swapon'ed by the kernel at boot.
ISO_CMDLINE := $(strip $(if $(PAGODA_SWAP),swapon=/dev/vda) $(RUN_CMDLINE))
iso: $(B)/pagoda.iso
# The command line is baked into grub.cfg: rebuild the ISO when it changes.
$(B)/cmdline.txt: FORCE
	@mkdir -p $(B)
	@echo '$(ISO_CMDLINE)' | cmp -s - $@ || echo '$(ISO_CMDLINE)' > $@

$(B)/pagoda.iso: $(B)/kernel.elf $(B)/initrd.cpio tools/mkiso $(B)/cmdline.txt
	@echo "  ISO     $@"
	@tools/mkiso $@ $(B)/kernel.elf $(B)/initrd.cpio "$(ISO_CMDLINE)"

QEMU_RUN := qemu-system-x86_64 -cpu max -m 256M -no-reboot -display none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -boot d
MKSWAP := $(shell command -v mkswap || echo /sbin/mkswap)
SWAP_DISK := -drive file=$(B)/swap.img,format=raw,if=none,id=d0,cache=unsafe \
	-device virtio-blk-pci,drive=d0

deps:
	@tools/deps

run: deps iso
	@echo "Pagoda on the serial console; quit with Ctrl-A X."
	@$(if $(PAGODA_SWAP),rm -f $(B)/swap.img && truncate -s $(PAGODA_SWAP) $(B)/swap.img \
	  && $(MKSWAP) -q $(B)/swap.img)
	@$(QEMU_RUN) -serial mon:stdio -cdrom $(B)/pagoda.iso \
	  $(if $(PAGODA_SWAP),$(SWAP_DISK)) $(QEMU_EXTRA); \
	  s=$$?; [ $$s = 33 ] || [ $$s = 0 ] || echo "qemu exit status $$s"

gdb: deps iso
	@tools/gdb/run $(B)

# ---- host unit tests (tests/host/*.c, with ASan and UBSan) ---------------
HOST_TESTS := $(patsubst tests/host/%.c,$(B)/host/t/%,$(wildcard tests/host/*.c))
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -DHOST_TEST -DDEBUG=1 -Iinclude

$(B)/host/t/%: tests/host/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HOST_CFLAGS) -MMD -MP $< -o $@

-include $(HOST_TESTS:=.d)

test: deps all newlib $(B)/initrd-test.cpio $(HOST_TESTS)
	@tools/test --build $(B)

clean:
	rm -rf build

# The course kit: docs/labs/README.md.
labs:
	@tools/labs list

handout:
	@tools/labs handout "$(LAB)" $(DEST)

grade:
	@tools/labs grade "$(LAB)" "$(TEST)"

handin:
	@tools/labs handin "$(LAB)"

help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' Makefile

# The kernel's compiler and flags, for tools/test's compile checks (tests/build/).
print-kcc:
	@echo $(CC) $(filter-out -MMD -MP,$(KCFLAGS))

run-prog: deps all
	@tools/run-prog $(PROG) $(ARGS)

# Benchmarks: Pagoda (DEBUG=0) and a Debian Linux kernel in the same QEMU
# under -icount; prints the ratio table and writes build/bench.md.
bench: deps
	@tools/bench

# The debug kernel against the release one (tools/bench-debug): an
# allocation churn and 65,000 maps under -icount, and the ratio.
bench-debug: deps
	@tools/bench-debug

# Pagoda's malloc against the host's allocators, natively: the table goes
# into docs/benchmarks.md (tools/bench-malloc).
bench-malloc:
	@tools/bench-malloc

# mmfuzz is user/mmfuzz.c (main) and user/mmfuzz/; mmfuzz_fixed and
# mmfuzz_huge are linked with the second, their main is their own.
MMFUZZ_SRCS := $(wildcard user/mmfuzz/*.c)
$(B)/user/mmfuzz: $(MMFUZZ_SRCS) user/mmfuzz/mmfuzz.h
$(B)/utest/mmfuzz_fixed $(B)/utest/mmfuzz_huge: $(B)/utest/%: tests/user/%.c \
		$(MMFUZZ_SRCS) user/mmfuzz/mmfuzz.h $(LIBC_A) $(LIBC_CRT0)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(MMFUZZ_SRCS) \
		$(USER_LDLIBS)

# The fuzzers: mmfuzz on Linux first (it validates the model), then in
# Pagoda, in its plain and its huge-page modes (-H -P: with MAP_HUGETLB
# where the pool can be set; HUGE_SEEDS seeds from SEED, HUGE_STEPS steps
# each); then abifuzz in Pagoda only, one boot per seed (tools/abifuzz).
SEED	?= 1
STEPS	?= 20000
HUGE_SEEDS ?= 10
HUGE_STEPS ?= 2000
ABIFUZZ_SEEDS ?= 20
ABIFUZZ_CALLS ?= 2000
fuzz: deps all
	$(B)/user/mmfuzz -s $(SEED) -n $(STEPS)
	PAGODA_BUILD=$(B) PAGODA_TIMEOUT=1800 tools/run-prog $(B)/user/mmfuzz \
		-s $(SEED) -n $(STEPS)
	$(B)/user/mmfuzz -H -P -s $(SEED) -k $(HUGE_SEEDS) -n $(HUGE_STEPS)
	PAGODA_BUILD=$(B) PAGODA_TIMEOUT=3600 tools/run-prog $(B)/user/mmfuzz \
		-H -P -s $(SEED) -k $(HUGE_SEEDS) -n $(HUGE_STEPS)
	PAGODA_BUILD=$(B) tools/abifuzz --seed $(SEED) --seeds $(ABIFUZZ_SEEDS) \
		--calls $(ABIFUZZ_CALLS)

# The long run of the huge-page mode (10^6 steps by default; with DEBUG=0
# in the release build): FUZZ_HUGE_SEEDS seeds from SEED, HUGE_STEPS steps
# each, FUZZ_HUGE_PER_BOOT seeds a boot (tools/fuzz-huge).
FUZZ_HUGE_SEEDS ?= 500
FUZZ_HUGE_PER_BOOT ?= 10
fuzz-huge: all
	PAGODA_BUILD=$(B) tools/fuzz-huge --seed $(SEED) --seeds $(FUZZ_HUGE_SEEDS) \
		--steps $(HUGE_STEPS) --per-boot $(FUZZ_HUGE_PER_BOOT)
