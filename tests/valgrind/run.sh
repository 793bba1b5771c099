#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/valgrind/run.sh: make check-valgrind. Runs the given test scripts
# with ZONELINT set to tests/valgrind/zonelint-vg, so that every zonelint
# they start runs under valgrind memcheck; fails when a script fails or
# valgrind reported anything (its reports are printed).
#   top_srcdir=... top_builddir=... tests/valgrind/run.sh SCRIPT...
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
test_name=check-valgrind
need_tools valgrind
VALGRIND_LOGS="$top_builddir/valgrind-logs"
rm -rf "$VALGRIND_LOGS"
mkdir -p "$VALGRIND_LOGS"
# memcheck sees the heap of a dynamically linked program only
if [ "${zl_static_binary:-no}" = yes ]; then
	echo "check-valgrind: this build is static (--enable-static-binary), where memcheck cannot" \
		"see the heap: run it in a build configured without that option" >&2
	exit 1
fi
ZONELINT_BINARY="$top_builddir/src/zonelint"
ZONELINT="$top_srcdir/tests/valgrind/zonelint-vg"
export top_srcdir top_builddir ZONELINT ZONELINT_BINARY VALGRIND_LOGS

failed=0
for t in "$@"; do
	name=$(basename "$t" .sh)
	log="$VALGRIND_LOGS/$name.log"
	if sh "$top_srcdir/$t" > "$log" 2>&1; then
		echo "PASS: $t (under valgrind)"
	else
		echo "FAIL: $t (under valgrind; log: $log)"
		grep -E '^(FAIL|not ok)' "$log" | head -20 | sed 's/^/    /'
		failed=1
	fi
done
runs=$(find "$VALGRIND_LOGS" -name 'vg.*.log' | wc -l)
reports=0
for f in "$VALGRIND_LOGS"/vg.*.log; do
	[ -s "$f" ] || continue
	reports=$((reports + 1))
	echo "valgrind report $f:"
	head -60 "$f" | sed 's/^/    /'
done
echo "check-valgrind: $runs zonelint runs under valgrind, $reports with errors or leaks"
[ $reports -eq 0 ] && [ $failed -eq 0 ] && [ "$runs" -gt 0 ]
