#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_nsd_oracle.sh: zone_lookup must answer exactly as NSD
# does. For every zone of zones/ and tests/zones/, NSD serves the file on
# 127.0.0.1 and dnscompare asks both every owner and empty non-terminal, a
# name below each and names outside, for A AAAA CNAME MX SRV TXT NS SOA PTR
# DS ANY, over TCP: rcode, AA and all three sections must be the same.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=nsd.sh
. "$top_srcdir/tests/server/nsd.sh"

need_tools nsd dig named-compilezone
compare="$top_builddir/tests/server/dnscompare"
setup_work nsd_stop

failed=0
checked=0
for zonefile in "$top_srcdir"/zones/*.zone "$top_srcdir"/tests/zones/*.zone; do
	[ -f "$zonefile" ] || continue
	origin=$("$compare" --origin-of "$zonefile") || { failed=1; continue; }
	port=$("$compare" --free-port) || exit 1
	dir="$work/$(basename "$zonefile")"
	mkdir -p "$dir"
	nsd_serve "$origin" "$zonefile" "$dir" "$port"
	case $? in
	1) continue ;;
	2) failed=1; continue ;;
	esac
	# over TCP: NSD does not shorten a TCP answer, and zone_lookup has no
	# size limit (truncation is the server's, tested in test_serve_oracle.sh)
	"$compare" --tcp --nsd "127.0.0.1:$port" "$zonefile" || failed=1
	checked=$((checked + 1))
	nsd_stop
done
echo "test_nsd_oracle: $checked zones compared"
[ "$checked" -gt 0 ] || failed=1
exit $failed
