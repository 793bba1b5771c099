#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_oracle.sh: `zonelint serve` must answer exactly as
# NSD does. For every zone of zones/ and tests/zones/, NSD and zonelint serve
# the file on 127.0.0.1 and dnscompare asks both every owner and empty
# non-terminal, a name below each and names outside, for A AAAA CNAME MX SRV
# TXT NS SOA PTR DS ANY, over UDP (EDNS, TC answers retried over TCP), over
# TCP, and over UDP keeping truncated answers: without EDNS (512 octets)
# and with EDNS sizes of 1232 and 600. Every answer must be the same octet
# for octet (the same id is sent to both), but for the case of letters in
# names: NSD spells a name as it first appears in the zone file. zonelint
# is asked every question twice (--repeat): the second answer comes from its
# answer cache and must be the first with the new id.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=nsd.sh
. "$top_srcdir/tests/server/nsd.sh"
# shellcheck source-path=SCRIPTDIR source=serve.sh
. "$top_srcdir/tests/server/serve.sh"

need_tools nsd dig named-compilezone
compare="$top_builddir/tests/server/dnscompare"
setup_work 'serve_stop; nsd_stop'

failed=0
checked=0
for zonefile in "$top_srcdir"/zones/*.zone "$top_srcdir"/tests/zones/*.zone; do
	[ -f "$zonefile" ] || continue
	origin=$("$compare" --origin-of "$zonefile") || { failed=1; continue; }
	dir="$work/$(basename "$zonefile")"
	mkdir -p "$dir"
	nsd_port=$("$compare" --free-port) || exit 1
	nsd_serve "$origin" "$zonefile" "$dir" "$nsd_port"
	case $? in
	1) continue ;;
	2) failed=1; continue ;;
	esac
	# a second free port: the first is NSD's now
	port=$("$compare" --free-port) || exit 1
	if ! serve_start "$dir/serve.log" "$port" "$zonefile"; then
		echo "FAIL: $zonefile: zonelint serve did not start"
		sed 's/^/    /' "$dir/serve.log" | tail -5
		failed=1
		serve_stop
		nsd_stop
		continue
	fi
	for mode in "" "--tcp" "--edns 0 --no-tc-retry" "--edns 1232 --no-tc-retry" \
		"--edns 600 --no-tc-retry"; do
		# shellcheck disable=SC2086 # the mode is words
		"$compare" --exact --repeat --nsd "127.0.0.1:$nsd_port" --server "127.0.0.1:$port" $mode \
			"$zonefile" || failed=1
	done
	serve_stop
	if [ "$SERVE_STATUS" != 0 ]; then
		echo "FAIL: $zonefile: zonelint serve exited with $SERVE_STATUS on SIGTERM"
		failed=1
	fi
	checked=$((checked + 1))
	nsd_stop
done
echo "test_serve_oracle: $checked zones compared"
[ "$checked" -gt 0 ] || failed=1
exit $failed
