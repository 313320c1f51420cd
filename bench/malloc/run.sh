#!/bin/bash
# bench/malloc/run.sh - Pagoda's malloc against glibc, musl, jemalloc, tcmalloc
# and mimalloc, natively on the host.  A benchmark, not a test: it prints a
# table, for each workload and allocator, of
#   Mops/s     million malloc/free/realloc calls per second, best of REPS runs
#   peak RSS   ru_maxrss of the process, KiB: includes shared library pages,
#              so a preloaded allocator pays ~100-150 KiB for being a .so
#   peak anon  the highest RssAnon sampled during the run, KiB: the heap and
#              the allocator's own data, the part the allocator decides
# "pagoda" is Pagoda's malloc linked into the program (as Pagoda's programs
# get it), "pagoda.so" the same code preloaded like jemalloc & co.
#
#   REPS=N   repetitions per measurement (default 3)
#
# jemalloc, tcmalloc and mimalloc are Debian packages used through
# LD_PRELOAD; as root, missing ones are installed with apt-get.
cd "$(dirname "$0")/../.." || exit 2
REPS=${REPS:-3}
T=build/host/malloc
LIB=/usr/lib/x86_64-linux-gnu
make -s -f libc/malloc-host.mk malloc-bench || exit 1

# name|preload (or "musl" for the static musl binary)|Debian package
allocators="glibc||
pagoda|pagoda|
pagoda.so|$PWD/build/host/libpagoda_malloc.so|
musl|musl|
jemalloc|$LIB/libjemalloc.so.2|libjemalloc2
tcmalloc|$LIB/libtcmalloc_minimal.so.4|libtcmalloc-minimal4
mimalloc|$LIB/libmimalloc.so.2|libmimalloc2.0"

missing=$(echo "$allocators" | while IFS='|' read -r _ so pkg; do
    [ -n "$pkg" ] && [ ! -e "$so" ] && echo "$pkg"; done)
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        $missing >/dev/null 2>&1 || echo "(could not install: $missing)"
fi

# measure WORKLOAD PRELOAD -> "mops rss anon"
measure() {
    local out
    case $2 in
    "") out=$("$T/bench" "$1" "$REPS") ;;
    musl|pagoda) out=$("$T/bench_$2" "$1" "$REPS") ;;
    *) out=$(LD_PRELOAD="$2" "$T/bench" "$1" "$REPS") ;;
    esac
    echo "$out" | sed -n 's/.*mops=\([0-9.]*\) maxrss_kib=\([0-9]*\).*peak_anon_kib=\([0-9]*\).*/\1 \2 \3/p'
}

row='%-8s %-10s %9s %14s %15s\n'
printf "$row" workload allocator Mops/s "peak RSS KiB" "peak anon KiB"
for w in simple mixed large; do
    echo "$allocators" | while IFS='|' read -r name so _; do
        if [ "${so#/}" != "$so" ] && [ ! -e "$so" ]; then
            printf "$row" "$w" "$name" - "(not installed)" ""
            continue
        fi
        read -r mops rss anon < <(measure "$w" "$so")
        printf "$row" "$w" "$name" "${mops:-error}" "${rss:-}" "${anon:-}"
    done
done
