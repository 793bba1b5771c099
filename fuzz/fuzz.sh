#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fuzz/fuzz.sh: builds the libFuzzer targets of fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) and runs them; `make fuzz-smoke`
# and `make fuzz-run` call it with the paths filled in.
#
#   fuzz/fuzz.sh build                       build every target into $FUZZ_DIR
#   fuzz/fuzz.sh run TARGET SECONDS [ARG]... fuzz one target (zone, query, tcp,
#                                            config); extra libFuzzer arguments
#   fuzz/fuzz.sh smoke SECONDS               build, then run each target
#
# Environment: top_srcdir (source tree, default: the script's parent),
# FUZZ_DIR (where objects, targets, the growing corpus and crash files go;
# default ./fuzz-build), FUZZ_CC (default clang-14, else clang), DEP_CFLAGS and DEP_LIBS
# (default: from pkg-config), CONFIG_H (a config.h to -include, if any),
# FUZZ_JOBS (parallel compiles, default 2).
#
# A run fails (exit 1) on any crash, leak, UBSan report, timeout (25 s
# for one input) or out-of-memory; the input is kept in
# $FUZZ_DIR/artifacts/TARGET/ and the line that reproduces it is printed.
# The seeds are fuzz/corpus/TARGET/ (committed), plus zones/ and
# tests/zones/ for the zone target; what libFuzzer finds beyond them grows
# in $FUZZ_DIR/corpus/TARGET/.
set -eu

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
FUZZ_DIR=${FUZZ_DIR:-fuzz-build}
FUZZ_CC=${FUZZ_CC:-$(command -v clang-14 || command -v clang || echo clang)}
FUZZ_JOBS=${FUZZ_JOBS:-2}
export top_srcdir FUZZ_DIR
targets="zone query tcp config"

if [ -z "${DEP_CFLAGS+set}" ] || [ -z "${DEP_LIBS+set}" ]; then
	mods="libzscanner ldns yaml-0.1 openssl"
	# shellcheck disable=SC2086
	DEP_CFLAGS=$(pkg-config --cflags $mods)
	# shellcheck disable=SC2086
	DEP_LIBS=$(pkg-config --libs $mods)
fi

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -std=c11 -fno-omit-frame-pointer $san -I$top_srcdir/src"
if [ -n "${CONFIG_H:-}" ]; then
	cflags="$cflags -include $CONFIG_H"
else
	cflags="$cflags -D_GNU_SOURCE"
fi

build() {
	mkdir -p "$FUZZ_DIR/obj"
	# the library with coverage for libFuzzer, no main()
	find "$top_srcdir/src" -name '*.c' ! -name main.c | sort > "$FUZZ_DIR/sources"
	# shellcheck disable=SC2016,SC2086 # expanded by the inner shell; flags are words
	xargs -P "$FUZZ_JOBS" -I{} sh -c '
		src=$1; shift
		obj=$FUZZ_DIR/obj/$(echo "$src" | sed "s|^$top_srcdir/||; s|/|_|g; s|\.c$|.o|")
		exec "$@" -c "$src" -o "$obj"' sh {} \
		"$FUZZ_CC" $cflags -fsanitize=fuzzer-no-link $DEP_CFLAGS < "$FUZZ_DIR/sources"
	rm -f "$FUZZ_DIR/libzonelint-fuzz.a"
	ar rcs "$FUZZ_DIR/libzonelint-fuzz.a" "$FUZZ_DIR"/obj/*.o
	for t in $targets; do
		# shellcheck disable=SC2086
		"$FUZZ_CC" $cflags -fsanitize=fuzzer $DEP_CFLAGS "$top_srcdir/fuzz/fuzz_$t.c" \
			"$FUZZ_DIR/libzonelint-fuzz.a" $DEP_LIBS -o "$FUZZ_DIR/fuzz_$t"
	done
	echo "fuzz: built $(echo "$targets" | wc -w) targets in $FUZZ_DIR"
}

# Inputs larger than these teach nothing new and slow every run down.
max_len() {
	case $1 in
	zone) echo 16384 ;;
	tcp) echo 8192 ;;
	*) echo 4096 ;;
	esac
}

run() {
	t=$1
	seconds=$2
	shift 2
	bin="$FUZZ_DIR/fuzz_$t"
	[ -x "$bin" ] || { echo "fuzz: $bin is not built (fuzz/fuzz.sh build)" >&2; exit 2; }
	mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/artifacts/$t"
	seeds="$top_srcdir/fuzz/corpus/$t"
	if [ "$t" = zone ]; then
		seeds="$seeds $top_srcdir/zones $top_srcdir/tests/zones"
	fi
	dict=""
	if [ -f "$top_srcdir/fuzz/$t.dict" ]; then
		dict="-dict=$top_srcdir/fuzz/$t.dict"
	fi
	log="$FUZZ_DIR/fuzz_$t.log"
	echo "fuzz: fuzz_$t for $seconds s (log: $log)"
	status=0
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
		-max_len="$(max_len "$t")" -print_final_stats=1 \
		-artifact_prefix="$FUZZ_DIR/artifacts/$t/" $dict "$@" \
		"$FUZZ_DIR/corpus/$t" $seeds > "$log" 2>&1 || status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	corpus=$(find "$FUZZ_DIR/corpus/$t" -type f | wc -l)
	if [ "$status" -ne 0 ]; then
		tail -n 60 "$log" >&2
		for a in "$FUZZ_DIR/artifacts/$t"/*; do
			[ -f "$a" ] && echo "fuzz: fuzz_$t failed; reproduce with: $bin $a" >&2
		done
		echo "fuzz: fuzz_$t FAILED (exit status $status) after ${runs:-?} runs" >&2
		return 1
	fi
	echo "fuzz: fuzz_$t: $seconds s, ${runs:-?} runs, no crash, leak or UBSan report" \
		"($corpus new inputs in $FUZZ_DIR/corpus/$t)"
}

case ${1:-} in
build)
	build
	;;
run)
	[ $# -ge 3 ] || { echo "usage: fuzz/fuzz.sh run TARGET SECONDS [ARG]..." >&2; exit 2; }
	shift
	run "$@"
	;;
smoke)
	[ $# -eq 2 ] || { echo "usage: fuzz/fuzz.sh smoke SECONDS" >&2; exit 2; }
	build
	failed=0
	for t in $targets; do
		run "$t" "$2" || failed=1
	done
	exit $failed
	;;
*)
	echo "usage: fuzz/fuzz.sh build | run TARGET SECONDS [ARG]... | smoke SECONDS" >&2
	exit 2
	;;
esac
