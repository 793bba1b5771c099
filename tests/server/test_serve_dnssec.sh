#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_dnssec.sh: `zonelint serve` answers questions about
# signed zones exactly as NSD does, with the DO bit (RRSIGs beside every
# RRset, NSEC and NSEC3 proofs of name errors, no data, wildcard answers,
# opt-out and DS in referrals) and without it (NSEC3 owners are no names).
# The zones of tests/server/signed/ are signed here with fresh keys
# (sign.sh): NSEC, NSEC3, NSEC3 opt-out and ldns-signzone's NSEC3, each
# with a wildcard, a DNAME, empty non-terminals, a signed and unsigned
# delegations. NSD and zonelint serve a parent with the signed child, and
# dnscompare asks every owner of each (and a name below each) for the
# usual types and DNSKEY NSEC NSEC3 RRSIG NSEC3PARAM: with DO over UDP
# (TC answers again over TCP), over TCP and over UDP keeping TC at EDNS
# sizes 1232 and 600; without DO over UDP, TCP and without EDNS. Every
# answer must be the same octet for octet, and the same again from
# zonelint's answer cache.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=nsd.sh
. "$top_srcdir/tests/server/nsd.sh"
# shellcheck source-path=SCRIPTDIR source=serve.sh
. "$top_srcdir/tests/server/serve.sh"
# shellcheck source-path=SCRIPTDIR source=sign.sh
. "$top_srcdir/tests/server/sign.sh"

need_tools nsd dig dnssec-keygen dnssec-signzone dnssec-dsfromkey ldns-keygen ldns-signzone
compare="$top_builddir/tests/server/dnscompare"
setup_work 'serve_stop; nsd_stop'
types=A,AAAA,CNAME,MX,SRV,TXT,NS,SOA,PTR,DS,ANY,DNSKEY,NSEC,NSEC3,RRSIG,NSEC3PARAM

sign_zones "$work" || fail_tail "the zones could not be signed" "$work/sign.log" || exit 1
child="$work/child.signed"
for parent in "$work/example.nsec" "$work/example.nsec3" "$work/example.optout" \
	"$work/example.ldns"; do
	name=$(basename "$parent")
	dir="$work/$name.d"
	mkdir -p "$dir"
	nsd_port=$("$compare" --free-port) || exit 1
	if ! nsd_start "$dir" "$nsd_port" example. "$parent" secure.example. "$child"; then
		fail_tail "$name: NSD did not serve it" "$dir/nsd.log"
		nsd_stop
		continue
	fi
	port=$("$compare" --free-port) || exit 1
	if ! serve_start "$dir/serve.log" "$port" "$parent" "$child"; then
		fail_tail "$name: zonelint serve did not start" "$dir/serve.log"
		serve_stop
		nsd_stop
		continue
	fi
	for mode in "--dnssec" "--dnssec --tcp" "--dnssec --edns 1232 --no-tc-retry" \
		"--dnssec --edns 600 --no-tc-retry" "" "--tcp" "--edns 0 --no-tc-retry"; do
		for zonefile in "$parent" "$child"; do
			# shellcheck disable=SC2086 # the mode is words
			if "$compare" --exact --repeat --nsd "127.0.0.1:$nsd_port" \
				--server "127.0.0.1:$port" --types "$types" $mode "$zonefile" \
				> "$dir/compare.out" 2>&1; then
				pass
			else
				fail "$name, $(basename "$zonefile") ${mode:-(UDP)}: zonelint answers otherwise" \
					"$dir/compare.out"
			fi
			tail -1 "$dir/compare.out"
		done
	done
	serve_stop
	[ "$SERVE_STATUS" = 0 ] || fail "$name: zonelint serve exited with $SERVE_STATUS on SIGTERM"
	nsd_stop
done
summary
