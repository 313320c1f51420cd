#!/bin/sh
# uapi_check.sh OUTDIR - check include/uapi against the host's Linux headers.
#
# 1. Syscall numbers: every entry of uapi/syscall_list.h against
#    <asm/unistd_64.h>, and every host syscall must be in our list.
# 2. Constants: every object-like macro of include/uapi/NAME.h is printed
#    by a program built with our header and by one built with the host's
#    equivalent (kernel uapi headers where they exist, else glibc's); the
#    values must agree.  Names the host does not define are listed.
#    (SIGRTMAX is left out: the host defines it through the kernel-only
#    _NSIG.)
# 3. Struct layouts: uapi_layout.c prints sizes and offsets, built with
#    our headers and with the host's; the outputs must be identical.
# Prints what differs and exits non-zero on any mismatch.
set -eu
out=$1
here=$(dirname "$0")
root=$here/../../..
cc=${HOSTCC:-gcc}
mkdir -p "$out"
fail=0

# --- 1. syscall numbers ---------------------------------------------------
{
	echo '#include <stdio.h>'
	echo '#include <asm/unistd_64.h>'
	echo 'enum {'
	echo '#define __SYSCALL(nr, name) P_##name = nr,'
	echo '#include <uapi/syscall_list.h>'
	echo '#undef __SYSCALL'
	echo '};'
	echo 'int main(void) { int bad = 0;'
	sed -n 's/^__SYSCALL(\([0-9]*\), \([a-z0-9_]*\))$/\1 \2/p' \
		"$root/include/uapi/syscall_list.h" | while read -r nr name; do
		echo "#ifdef __NR_$name"
		printf 'if (__NR_%s != %s) { printf("%s: ours %s, host %%d\\n", __NR_%s); bad = 1; }\n' \
			"$name" "$nr" "$name" "$nr" "$name"
		echo "#endif"
	done
	grep -o '^#define __NR_[a-z0-9_]*' /usr/include/x86_64-linux-gnu/asm/unistd_64.h |
		sed 's/#define __NR_//' | while read -r name; do
		echo "if (P_$name != __NR_$name) bad = 1;"
	done
	echo 'return bad; }'
} > "$out/uapi_syscalls.c"
if ! $cc -I"$root/include" -o "$out/uapi_syscalls" "$out/uapi_syscalls.c" ||
   ! "$out/uapi_syscalls"; then
	echo "syscall numbers differ from <asm/unistd_64.h>"
	fail=1
fi

# --- 2. constants ---------------------------------------------------------
host_headers() {
	case $1 in
	errno)   echo "linux/errno.h" ;;
	mman)    echo "linux/mman.h" ;;
	signal)  echo "linux/signal.h asm/sigcontext.h asm/ucontext.h" ;;
	fcntl)   echo "linux/fcntl.h" ;;
	unistd)  echo "unistd.h" ;;
	time)    echo "linux/time.h" ;;
	stat)    echo "sys/stat.h" ;;
	dirent)  echo "dirent.h" ;;
	resource) echo "linux/resource.h" ;;
	utsname) echo "linux/utsname.h" ;;
	wait)    echo "linux/wait.h" ;;
	auxv)    echo "linux/auxvec.h" ;;
	ioctl)   echo "asm/termbits.h asm/ioctls.h" ;;
	prctl)   echo "asm/prctl.h linux/prctl.h" ;;
	random)  echo "linux/random.h" ;;
	sysinfo) echo "linux/sysinfo.h" ;;
	ipc)     echo "limits.h linux/ipc.h linux/shm.h" ;;
	esac
}

# gen_consts HEADER ours|host: a program printing "NAME value" lines.
gen_consts() {
	echo '#include <stdio.h>'
	if [ "$2" = ours ]; then
		echo "#include <uapi/$1.h>"
	else
		for inc in $(host_headers "$1"); do echo "#include <$inc>"; done
	fi
	echo 'int main(void) {'
	grep -oE '^#define[[:space:]]+[A-Z_][A-Z0-9_]*[[:space:]]' \
		"$root/include/uapi/$1.h" | awk '{print $2}' |
		grep -v -e '^_UAPI_' -e '^SIGRTMAX$' | while read -r n; do
		echo "#ifdef $n"
		printf 'printf("%%s %%lld\\n", "%s", (long long)(%s));\n' "$n" "$n"
		echo "#else"
		printf 'printf("%%s missing\\n", "%s");\n' "$n"
		echo "#endif"
	done
	echo 'return 0; }'
}

checked=0
missing=""
for f in "$root"/include/uapi/*.h; do
	h=$(basename "$f" .h)
	[ -n "$(host_headers "$h")" ] || continue
	gen_consts "$h" ours > "$out/consts_$h.ours.c"
	gen_consts "$h" host > "$out/consts_$h.host.c"
	$cc -w -I"$root/include" -o "$out/consts_$h.ours" "$out/consts_$h.ours.c"
	$cc -w -D_GNU_SOURCE -o "$out/consts_$h.host" "$out/consts_$h.host.c"
	"$out/consts_$h.ours" > "$out/consts_$h.ours.txt"
	"$out/consts_$h.host" > "$out/consts_$h.host.txt"
	while read -r name value; do
		hv=$(grep "^$name " "$out/consts_$h.host.txt" | cut -d' ' -f2)
		if [ "$hv" = missing ]; then
			missing="$missing $name"
		elif [ "$hv" != "$value" ]; then
			echo "uapi/$h.h: $name is $value, the host says $hv"
			fail=1
		else
			checked=$((checked + 1))
		fi
	done < "$out/consts_$h.ours.txt"
done
echo "# $checked constants agree with the host; not defined there:$missing"

# --- 3. struct layouts ----------------------------------------------------
$cc -w -I"$root/include" -o "$out/layout_ours" "$here/uapi_layout.c"
$cc -w -DHOST -o "$out/layout_host" "$here/uapi_layout.c"
"$out/layout_ours" > "$out/layout_ours.txt"
"$out/layout_host" > "$out/layout_host.txt"
if ! diff "$out/layout_host.txt" "$out/layout_ours.txt"; then
	echo "struct layouts differ (< host, > ours)"
	fail=1
fi
echo "# $(wc -l < "$out/layout_ours.txt") sizes and offsets agree" 
exit $fail
