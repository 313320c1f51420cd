#!/bin/bash
# tests/host/malloc/run.sh - build and run the tests of Pagoda's malloc on the
# host.  Prints "ok - malloc/NAME" or "not ok - malloc/NAME" and reasons for
# each test, then "N passed, N failed"; exits non-zero if any test failed.
#
#   STRESS_OPS=N  operations of the stress tests (default 2000000)
#   STRESS_SEED=N seed of the stress tests (default: the time, printed on failure)
cd "$(dirname "$0")/../../.." || exit 2
T=build/host/malloc
SO=$PWD/build/host/libpagoda_malloc.so
OPS=${STRESS_OPS:-2000000}
SEED=${STRESS_SEED:-$(date +%s)}
passed=0
failed=0
LOG=$(mktemp)
trap 'rm -f "$LOG" "$LOG".*' EXIT

ok() { echo "ok - malloc/$1"; passed=$((passed + 1)); }
not_ok() {
    echo "not ok - malloc/$1"
    shift
    for line in "$@"; do echo "# $line"; done
    sed 's/^/#   /' "$LOG" | head -20
    failed=$((failed + 1))
}

# run NAME command...: ok if the command exits 0.
run() {
    local name=$1
    shift
    if "$@" >"$LOG" 2>&1; then ok "$name"; else not_ok "$name" "exit status $? from: $*"; fi
}

if ! make -s -f libc/malloc-host.mk malloc-host >"$LOG" 2>&1; then
    not_ok build "make -f libc/malloc-host.mk failed"
    echo "$passed passed, $failed failed"
    exit 1
fi
ok build
if [ -f libc/include/malloc.h ]; then
    run freestanding make -s -f libc/malloc-host.mk malloc-freestanding
else
    echo "ok - malloc/freestanding # SKIP libc/include/malloc.h not there yet"
fi

# (1)-(3), (6): the logic tests, instrumented, then with the .so preloaded.
run stress "$T/stress_asan" "$OPS" "$SEED"
run stress-preload env LD_PRELOAD="$SO" "$T/stress" "$((OPS * 2))" "$SEED"
for t in align realloc calloc threads stats nobrk smalltop placement; do
    run "$t" "$T/${t}_asan"
    run "$t-preload" env LD_PRELOAD="$SO" "$T/$t"
done
run threads-tsan env TSAN_OPTIONS=halt_on_error=1 "$T/threads_tsan"

# malloc_stats prints the lines glibc prints.
"$T/stats" 2>"$LOG.glibc" >/dev/null
LD_PRELOAD="$SO" "$T/stats" 2>"$LOG.pagoda" >/dev/null
if diff <(tr -d '0-9 ' <"$LOG.glibc") <(tr -d '0-9 ' <"$LOG.pagoda") >"$LOG"; then
    ok stats-format
else
    not_ok stats-format "malloc_stats lines differ from glibc's"
fi

# tests/user/malloc_trim.c: malloc_trim releases the pages inside free
# chunks and returns what glibc's returns; freeing a big set below a block
# in use releases its pages at once (Pagoda's own: glibc keeps them).
trim_tests="malloc_trim_released malloc_trim_nothing"
"$T/malloc_trim" $trim_tests >"$LOG.glibc" 2>&1
LD_PRELOAD="$SO" "$T/malloc_trim" $trim_tests >"$LOG.pagoda" 2>&1
if diff "$LOG.glibc" "$LOG.pagoda" >"$LOG"; then
    ok malloc-trim
else
    not_ok malloc-trim "tests/user/malloc_trim printed otherwise with glibc (<) and Pagoda (>)"
fi
expect_release="--- release_on_free
the set is over 8 MiB: yes; the pin is above all of it: yes
resident with the set: over 3/4 of it more yes
resident after free: under 1/4 of the set more yes"
if LD_PRELOAD="$SO" "$T/malloc_trim" release_on_free 2>&1 | diff <(echo "$expect_release") - >"$LOG"; then
    ok release-on-free
else
    not_ok release-on-free "freeing the set did not give its pages back (expected <, got >)"
fi

# (4), (7): brk/mmap/munmap/mremap decisions, phase by phase, against glibc's.
# A phase's summary: did the break go up, go down; how many mmap, munmap,
# mremap.
summary() {
    awk '{ split($2, u, "="); split($3, d, "="); split($4, m, "="); split($5, n, "=");
           split($6, r, "=");
           printf "%s up=%d down=%d mmap=%s munmap=%s mremap=%s\n", $1, (u[2] > 0), (d[2] > 0),
                  m[2], n[2], r[2] }'
}
expect_dyn="small100k up=1 down=0 mmap=0 munmap=0 mremap=0
big200k up=0 down=0 mmap=1 munmap=0 mremap=0
free200k up=0 down=0 mmap=0 munmap=1 mremap=0
again200k up=1 down=0 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_fixed="big200k up=0 down=0 mmap=1 munmap=0 mremap=0
free200k up=0 down=0 mmap=0 munmap=1 mremap=0
again200k up=0 down=0 mmap=1 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_nommap="big1m up=1 down=0 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_trim="fill up=1 down=0 mmap=0 munmap=0 mremap=0
freeall up=0 down=0 mmap=0 munmap=0 mremap=0
malloc_trim up=0 down=1 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_autotrim="fill up=1 down=0 mmap=0 munmap=0 mremap=0
freeall up=0 down=1 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_remap="map1m up=0 down=0 mmap=1 munmap=0 mremap=0
grow up=0 down=0 mmap=0 munmap=0 mremap=3
shrink300k up=0 down=0 mmap=0 munmap=0 mremap=1
free up=0 down=0 mmap=0 munmap=1 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
# glibc trims and regrows the heap on every cycle; Pagoda stops after the
# first regrowth (its trim hysteresis), so here glibc is not the oracle.
# oscillate6m (6 MiB) is kept as oscillate (800 KiB) is, under the 8 MiB
# cap of the hysteresis; swing (a 10 MiB working set, past the cap) is
# trimmed on every cycle, as glibc trims it.
expect_oscillate="fill1 up=1 down=0 mmap=0 munmap=0 mremap=0
free1 up=0 down=1 mmap=0 munmap=0 mremap=0
fill2 up=1 down=0 mmap=0 munmap=0 mremap=0
free2 up=0 down=0 mmap=0 munmap=0 mremap=0
fill3 up=0 down=0 mmap=0 munmap=0 mremap=0
free3 up=0 down=0 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
glibc_oscillate="fill1 up=1 down=0 mmap=0 munmap=0 mremap=0
free1 up=0 down=1 mmap=0 munmap=0 mremap=0
fill2 up=1 down=0 mmap=0 munmap=0 mremap=0
free2 up=0 down=1 mmap=0 munmap=0 mremap=0
fill3 up=1 down=0 mmap=0 munmap=0 mremap=0
free3 up=0 down=1 mmap=0 munmap=0 mremap=0
end up=0 down=0 mmap=0 munmap=0 mremap=0"
expect_oscillate6m=$expect_oscillate
expect_swing=$glibc_oscillate
for mode in dyn fixed nommap trim autotrim remap oscillate oscillate6m swing; do
    expected_var=expect_$mode
    glibc=$("$T/syscount" "$T/thresh_prog" $mode 2>&1 | summary)
    pagoda=$("$T/syscount" -p "$SO" "$T/thresh_prog" $mode 2>&1 | summary)
    if [ "$pagoda" != "${!expected_var}" ]; then
        printf '%s\n' "$pagoda" >"$LOG"
        not_ok "threshold-$mode" "Pagoda's brk/mmap decisions are not the expected ones:" \
            ${!expected_var// /_}
    elif [ "${mode#oscillate}" != "$mode" ] && [ "$glibc" != "$glibc_oscillate" ]; then
        printf '%s\n' "$glibc" >"$LOG"
        not_ok "threshold-$mode" "glibc no longer trims on every cycle (its phases below)"
    elif [ "${mode#oscillate}" = "$mode" ] && [ "$glibc" != "$pagoda" ]; then
        printf '%s\n' "$glibc" >"$LOG"
        not_ok "threshold-$mode" "glibc decided differently (glibc's phases below)"
    else
        ok "threshold-$mode"
    fi
done

# (5): corruption is caught: SIGABRT and glibc's message, and glibc aborts too.
while read -r scenario message; do
    # (the braces keep bash's "Aborted" notice off the output)
    { LD_PRELOAD="$SO" "$T/abort_prog" "$scenario" >/dev/null 2>"$LOG"; } 2>/dev/null
    status=$?
    { "$T/abort_prog" "$scenario" >/dev/null 2>&1; } 2>/dev/null
    glibc_status=$?
    if [ $status -ne 134 ]; then
        not_ok "abort-$scenario" "exit status $status, expected 134 (SIGABRT)"
    elif ! grep -qF "$message" "$LOG"; then
        not_ok "abort-$scenario" "stderr lacks \"$message\""
    elif [ $glibc_status -ne 134 ] && [ $glibc_status -ne 139 ]; then
        # glibc must refuse the corruption too.  How it dies can depend on
        # ASLR (safe-linking mangles fastbin pointers with the heap address,
        # so a corrupted one may fault before a check aborts): 134 or 139.
        not_ok "abort-$scenario" "glibc's malloc went on (status $glibc_status)"
    else
        ok "abort-$scenario"
    fi
done <<'EOF'
double-fast free(): double free detected
double-small free(): double free detected
overflow-next free(): invalid size
overflow-prevsize corrupted size vs. prev_size
overflow-cached malloc(): memory corruption (tcache)
double-flushed free(): double free detected
overflow-evicted free(): invalid size
realloc-freed realloc(): invalid old size
top-size malloc(): corrupted top size
invalid-ptr free(): invalid pointer
fastbin-fd malloc(): memory corruption
EOF

# (8): a real program with the .so preloaded prints what it prints without.
if command -v python3 >/dev/null; then
    prog='import json; print(len(json.dumps(list(range(100000)))))'
    want=$(python3 -c "$prog" 2>&1)
    got=$(LD_PRELOAD="$SO" python3 -c "$prog" 2>&1)
    if [ "$got" = "$want" ]; then
        ok python-json
    else
        : >"$LOG"
        not_ok python-json "printed '$got' with Pagoda's malloc, '$want' without"
    fi
else
    echo "ok - malloc/python-json # SKIP no python3"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
