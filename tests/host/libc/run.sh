#!/bin/sh
# tests/host/libc/run.sh - build Pagoda's libc and its tests, and run them
# on this Linux host (Pagoda's libc speaks the Linux ABI, so Linux is the
# oracle).  One line per test, "ok - libc/NAME" or "not ok - libc/NAME"
# followed by the reasons, then "N passed, N failed"; exits non-zero if
# anything failed.
#
#   t_NAME       self-checking program: must exit 0
#   diff_NAME    output (stdout + stderr) must equal glibc's for the same
#                source
#   uapi         include/uapi against the host's Linux headers
set -u
cd "$(dirname "$0")/../../.." || exit 1
B=${B:-build}
out=$B/tests/host/libc
mkdir -p "$out"
pass=0
fail=0

# report NAME STATUS LOGFILE: one result line, and the log if it failed.
report() {
	if [ "$2" -eq 0 ]; then
		echo "ok - libc/$1"
		pass=$((pass + 1))
	else
		echo "not ok - libc/$1"
		head -n 40 "$3" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

if ! make -s -f tests/host/libc/tests.mk B="$B" -j2 libc-tests \
	> "$out/build.log" 2>&1; then
	report build 1 "$out/build.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

export TMPDIR="${TMPDIR:-/tmp}"
for t in "$out"/t_*; do
	name=$(basename "$t")
	case $name in *.*) continue ;; esac
	timeout 60 "$t" > "$out/$name.log" 2>&1
	report "$name" $? "$out/$name.log"
done

for t in "$out"/diff_*.glibc; do
	name=$(basename "$t" .glibc)
	timeout 60 "$t" > "$out/$name.expected" 2>&1
	timeout 60 "$out/$name" > "$out/$name.out" 2>&1
	status=$?
	diff "$out/$name.expected" "$out/$name.out" > "$out/$name.log" 2>&1 ||
		status=1
	report "$name" $status "$out/$name.log"
done

sh tests/host/libc/uapi_check.sh "$out/uapi" > "$out/uapi.log" 2>&1
report uapi $? "$out/uapi.log"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
