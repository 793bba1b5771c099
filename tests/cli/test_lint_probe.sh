#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_lint_probe.sh: zonelint lint --probe and explain --probe read
# the certificate a host presents live (with SNI) instead of the
# configuration: openssl s_server on 127.0.0.1 plays mail.example.net with a
# certificate for mail.example.net only, the zone points autodiscover at it.
# The server listens on 127.0.0.1 only, every wait is bounded, it always stops.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools openssl
setup_work tls_server_stop

make_cert mail mail.example.net DNS:mail.example.net || { cat "$work/mail.log"; exit 1; }
tls_server_start "$work/mail.pem" "$work/mail.key" ||
	{ echo "test_lint_probe: openssl s_server did not start"; exit 1; }
port=$tls_port

cat > "$work/probe.zone" << 'ZONE'
$ORIGIN example.net.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 3600
  NS ns1
  MX 10 mail
ns1 A 127.0.0.53
mail A 127.0.0.1
autodiscover CNAME mail
ZONE
: > "$work/empty.yaml"

# without --probe: no certificate known, so no mismatch
"$ZONELINT" lint --config "$work/empty.yaml" "$work/probe.zone" > "$work/plain.out" 2>&1
grep -q autodiscover-cert-mismatch "$work/plain.out" && fail "a mismatch without any certificate"

# with --probe: the live certificate covers mail.example.net only
"$ZONELINT" lint --config "$work/empty.yaml" --probe --probe-port "$port" "$work/probe.zone" > "$work/probe.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "lint --probe exited $rc, expected 1"
grep -qF "autodiscover.example.net → CNAME mail.example.net → 127.0.0.1, certificate covers mail.example.net only" "$work/probe.out" ||
	{ fail "lint --probe did not report the live certificate:"; sed 's/^/    /' "$work/probe.out"; }

"$ZONELINT" explain --config "$work/empty.yaml" --probe --probe-port "$port" example.net "$work/probe.zone" > "$work/explain.out" 2>&1
grep -qF "127.0.0.1 presents mail.example.net (probe 127.0.0.1:$port): does NOT cover autodiscover.example.net" "$work/explain.out" ||
	{ fail "explain --probe:"; sed 's/^/    /' "$work/explain.out"; }

# a closed port: the certificate is unknown, no mismatch, and no hang
tls_server_stop
"$ZONELINT" lint --config "$work/empty.yaml" --probe --probe-port "$port" "$work/probe.zone" > "$work/closed.out" 2>&1
grep -q autodiscover-cert-mismatch "$work/closed.out" && fail "a mismatch from a closed port"
grep -qF "no certificate is known for autodiscover.example.net" "$work/closed.out" ||
	{ fail "closed port:"; sed 's/^/    /' "$work/closed.out"; }

echo "test_lint_probe: $failed failures"
[ "$failed" -eq 0 ]
