#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_link.sh: src/zonelint is linked as configure chose (with
# -static it has no program interpreter: the dynamic loader never runs),
# and it says the same as tests/valgrind/zonelint-shared, the same objects
# with the shared C library (what make check-valgrind runs), on every zone
# of zones/ and tests/zones/ and on a WKS record, whose protocol and
# service names ldns looks up through the C library.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
static_ldflags=${zl_static_ldflags-}

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools readelf
setup_work

program=$top_builddir/src/zonelint
shared=$top_builddir/tests/valgrind/zonelint-shared
[ -x "$shared" ] || { echo "$test_name: $shared is missing: run make check" >&2; exit 1; }

readelf -l "$program" > "$work/program.elf" 2>&1
readelf -l "$shared" > "$work/shared.elf" 2>&1
case $static_ldflags in
*-static*)
	check_not "src/zonelint (-static) has no program interpreter" "$work/program.elf" 'INTERP'
	;;
*)
	check "src/zonelint (shared C library) has a program interpreter" "$work/program.elf" 'INTERP'
	;;
esac
check "zonelint-shared has a program interpreter" "$work/shared.elf" 'INTERP'

# generic data of WKS (RFC 3597: libzscanner takes no mnemonics for it):
# 192.0.2.1, TCP (6), port 25 (smtp)
cat > "$work/wks.example.zone" << 'EOF'
$ORIGIN wks.example.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
ns1 IN TYPE11 \# 9 c0000201 06 00000040
ns1 IN TYPE11 \# 9 c0000201 06 00000040
EOF

n=0
for zone in "$top_srcdir"/zones/*.zone "$top_srcdir"/tests/zones/*.zone "$work/wks.example.zone"; do
	for format in text json; do
		n=$((n + 1))
		"$program" lint --format "$format" "$zone" > "$work/$n.out" 2> "$work/$n.err"
		echo "exit $?" >> "$work/$n.out"
		"$shared" lint --format "$format" "$zone" > "$work/$n.shared" 2> "$work/$n.shared-err"
		echo "exit $?" >> "$work/$n.shared"
		same "$n" "$work/$n.shared" || echo "    (lint --format $format $zone)"
		same "$n" "$work/$n.shared-err" err || echo "    (lint --format $format $zone)"
	done
done
if [ "$n" -gt 20 ]; then
	ok "lint says the same in $n runs of each program"
else
	fail "only $n runs compared"
fi

# the WKS record's text names its protocol and service where the system
# lists them, as the shared library does
if grep -q '^smtp[[:space:]]*25/tcp' /etc/services 2> /dev/null &&
	grep -q '^tcp[[:space:]]' /etc/protocols 2> /dev/null; then
	"$program" lint "$work/wks.example.zone" > "$work/wks.out" 2>&1
	check "a WKS record's text names its protocol and service" "$work/wks.out" \
		'IN WKS 192\.0\.2\.1 tcp smtp repeats'
fi

summary
