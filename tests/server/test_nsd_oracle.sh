#!/bin/sh
# tests/server/test_nsd_oracle.sh: zone_lookup must answer exactly as NSD
# does. For every zone of zones/ and tests/zones/, NSD serves the file on
# 127.0.0.1 and dnscompare asks both every owner and empty non-terminal, a
# name below each and names outside, for A AAAA CNAME MX SRV TXT NS SOA PTR
# DS ANY, over TCP: rcode, AA and all three sections must be the same.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
. "$top_srcdir/tests/server/nsd.sh"

for tool in nsd dig named-compilezone; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test_nsd_oracle: $tool is not installed: run contrib/bootstrap" >&2
		exit 1
	fi
done
compare="$top_builddir/tests/server/dnscompare"
work=$(mktemp -d /tmp/zonelint-oracle.XXXXXX)
trap 'nsd_stop; rm -rf "$work"' EXIT INT TERM

failed=0
checked=0
for zonefile in "$top_srcdir"/zones/*.zone "$top_srcdir"/tests/zones/*.zone; do
	[ -f "$zonefile" ] || continue
	origin=$("$compare" --origin-of "$zonefile") || { failed=1; continue; }
	port=$("$compare" --free-port) || exit 1
	dir="$work/$(basename "$zonefile")"
	mkdir -p "$dir"
	nsdfile=$(nsd_zone_copy "$origin" "$zonefile" "$dir") || {
		echo "FAIL: $zonefile: named-compilezone could not expand it"
		failed=1
		continue
	}
	nsd_start "$dir" "$port" "$origin" "$nsdfile"
	case $? in
	0) ;;
	1)
		echo "SKIP: $zonefile: NSD does not load it:"
		grep -i 'error' "$dir/nsd.log" | sed 's/^/    /' | head -5
		nsd_stop
		continue
		;;
	*)
		echo "FAIL: $zonefile: NSD did not start"
		sed 's/^/    /' "$dir/nsd.log" | tail -5
		failed=1
		nsd_stop
		continue
		;;
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
