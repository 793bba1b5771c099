#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_dnssec_corpus.sh: the signed zones of the corpus
# (real zone files of other projects: every one with RRSIG records and no
# $INCLUDE) served by NSD and by `zonelint serve`, asked with the DO bit
# over UDP and TCP: every answer the same octet for octet (their signatures
# have expired, which matters to a resolver, not to the comparison). Zones
# NSD or zonelint does not load are skipped. To keep the run short the
# types asked are those whose answers differ in kind (data, no data, DS and
# its denial, ANY, the apex keys, NSEC3 owners), and zones over 20 KB (root
# and TLD zone copies, thousands of delegations) are asked A and DS only.
# The corpus is ../shared/corpus beside the source tree, or
# ZONELINT_CORPUS=DIR; without it the test is skipped.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=nsd.sh
. "$top_srcdir/tests/server/nsd.sh"
# shellcheck source-path=SCRIPTDIR source=serve.sh
. "$top_srcdir/tests/server/serve.sh"

corpus=${ZONELINT_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -f "$corpus/manifest.tsv" ]; then
	echo "SKIP: no corpus at $corpus (set ZONELINT_CORPUS=DIR)"
	exit 77
fi
corpus=$(cd "$corpus" && pwd)
need_tools nsd dig
compare=$(cd "$top_builddir/tests/server" && pwd)/dnscompare
ZONELINT=$(cd "$(dirname "$ZONELINT")" && pwd)/$(basename "$ZONELINT")
types=A,MX,TXT,DS,ANY,DNSKEY,NSEC3

# compare_zone ORIGIN ZONEFILE DIR: NSD and zonelint serve the zone, asked
# over UDP and TCP; DIR/result says "skipped", "failed" or "passed"
compare_zone() {
	origin=$1
	zonefile=$2
	dir=$3
	mkdir -p "$dir"
	# every tool from the zone file's own directory
	cd "$(dirname "$zonefile")" || return 1
	for _ in 1 2; do
		nsd_port=$("$compare" --free-port) || return 1
		nsd_start "$dir" "$nsd_port" "$origin" "$zonefile"
		status=$?
		[ "$status" = 2 ] || break # 2: NSD did not start (a port taken meanwhile)
		nsd_stop
	done
	if [ "$status" != 0 ]; then
		echo "skipped (NSD does not load it): $zonefile" > "$dir/result"
		nsd_stop
		return 0
	fi
	port=$("$compare" --free-port) || return 1
	if ! serve_start "$dir/serve.log" "$port" --origin "$origin" "$zonefile"; then
		echo "skipped (zonelint does not load it): $zonefile" > "$dir/result"
		serve_stop
		nsd_stop
		return 0
	fi
	t=$types
	[ "$(wc -c < "$zonefile")" -gt 20000 ] && t=A,DS
	echo passed > "$dir/result"
	for transport in udp tcp; do
		mode=""
		[ "$transport" = tcp ] && mode=--tcp
		out="$dir/compare-$transport.out"
		# shellcheck disable=SC2086 # the mode is words
		"$compare" --exact --dnssec --nsd "127.0.0.1:$nsd_port" --server "127.0.0.1:$port" \
			--origin "$origin" --types "$t" $mode "$zonefile" > "$out" 2>&1 ||
			echo "failed over $transport: $zonefile" > "$dir/result"
	done
	serve_stop
	nsd_stop
}

if [ "${1:-}" = --one ]; then
	# one zone of the xargs below: its own servers and ports
	trap 'serve_stop; nsd_stop' EXIT
	trap 'exit 1' HUP INT TERM
	compare_zone "$3" "$4" "$2/$(printf '%s' "$4" | cksum | cut -d' ' -f1)"
	exit 0
fi
setup_work 'serve_stop; nsd_stop'
# answers known to differ for a reason that is not DNSSEC's: FILE<tab>why
# shellcheck disable=SC2016 # $TTL is zone text
known='malformed_rr/data/template.zone	no $TTL and records without one: NSD gives them 3600, zonelint the SOA minimum (zone loading)'

tail -n +2 "$corpus/manifest.tsv" | while IFS='	' read -r path _ _ _ origin _ includes; do
	zonefile="$corpus/$path"
	[ -z "$includes" ] || continue
	grep -q RRSIG "$zonefile" 2> /dev/null || continue
	why=$(printf '%s\n' "$known" | awk -F '\t' -v f="$path" 'f ~ $1"$" { print $2 }')
	if [ -n "$why" ]; then
		echo "not compared: $path: $why" >&2
		continue
	fi
	printf '%s\n%s\n' "$origin" "$zonefile"
done > "$work/zones"

# zones in parallel: the time goes mostly to servers starting and stopping
xargs -d '\n' -P 4 -n 2 sh "$0" --one "$work" < "$work/zones" || fail "a comparison did not run"
zones=0
skipped=0
for result in "$work"/*/result; do
	[ -f "$result" ] || continue
	zones=$((zones + 1))
	dir=$(dirname "$result")
	case $(cat "$result") in
	skipped*) skipped=$((skipped + 1)); cat "$result" ;;
	failed*)
		for out in "$dir"/compare-*.out; do
			grep -q DIFFERENT "$out" && fail "$(cat "$result"): zonelint answers otherwise" "$out"
		done
		;;
	*) pass ;;
	esac
done
echo "$test_name: $zones signed zones, $skipped not loaded by NSD or zonelint"
for transport in udp tcp; do
	cat "$work"/*/compare-$transport.out 2> /dev/null |
		awk -v t="$transport" '/questions,/ { for (i = 1; i < NF; i++) {
			if ($(i + 1) == "questions,") asked += $i
			if ($(i + 1) == "agree,") agreed += $i } }
		END { printf "DO-bit questions over %s: %d asked, %d answered as NSD does\n",
			t, asked, agreed }'
done
summary
