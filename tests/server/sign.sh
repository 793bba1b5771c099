# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# tests/server/sign.sh: signs the zones of tests/server/signed/ with fresh
# keys, sourced by test scripts after tests/testlib.sh. The signatures run
# from an hour ago to 30 days ahead (dnssec-signzone's defaults), so that a
# validating resolver accepts them today.

# sign_zones DIR: in DIR, from tests/server/signed/: child.signed
# (secure.example., NSEC), and the parent example. signed four ways with
# the child's DS: example.nsec (NSEC), example.nsec3 (NSEC3, salt, 2
# iterations), example.optout (NSEC3 opt-out, no salt), example.ldns
# (ldns-signzone, NSEC3, its own keys); example.anchor and
# example.ldns.anchor are the parents' KSKs as DS records for a resolver's
# trust anchor. What the signers said is in DIR/sign.log.
# Returns 1 when a signer failed.
sign_zones() {
	sign_dir=$1
	# shellcheck disable=SC2154 # the caller's, from make check
	sign_src=$(cd "$top_srcdir/tests/server/signed" && pwd) || return 1
	(
		cd "$sign_dir" || exit 1
		ck=$(dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -n ZONE secure.example.) || exit 1
		cz=$(dnssec-keygen -q -a ECDSAP256SHA256 -n ZONE secure.example.) || exit 1
		cat "$sign_src/child.zone" "$ck.key" "$cz.key" > child.zone || exit 1
		dnssec-signzone -q -o secure.example. -f child.signed child.zone "$ck" "$cz" || exit 1
		pk=$(dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -n ZONE example.) || exit 1
		pz=$(dnssec-keygen -q -a ECDSAP256SHA256 -n ZONE example.) || exit 1
		{
			cat "$sign_src/example.zone"
			echo "secure.example. NS ns.secure.example."
			echo "ns.secure.example. A 192.0.2.70"
			dnssec-dsfromkey -2 "$ck.key"
		} > example.zone || exit 1
		cat example.zone "$pk.key" "$pz.key" > example.keyed || exit 1
		dnssec-signzone -q -o example. -f example.nsec example.keyed "$pk" "$pz" || exit 1
		dnssec-signzone -q -3 aabbcc -H 2 -o example. -f example.nsec3 example.keyed "$pk" "$pz" || exit 1
		dnssec-signzone -q -3 - -A -o example. -f example.optout example.keyed "$pk" "$pz" || exit 1
		dnssec-dsfromkey -2 "$pk.key" > example.anchor || exit 1
		lk=$(ldns-keygen -a ECDSAP256SHA256 -k example.) || exit 1
		lz=$(ldns-keygen -a ECDSAP256SHA256 example.) || exit 1
		ldns-signzone -n -s 0a0b -t 1 -f example.ldns example.zone "$lk" "$lz" || exit 1
		cp "$lk.ds" example.ldns.anchor || exit 1
	) > "$sign_dir/sign.log" 2>&1
}
