#!/bin/sh
# tests/cli/test_lint_probe.sh: zonelint lint --probe and explain --probe read
# the certificate a host presents live (with SNI) instead of the
# configuration: openssl s_server on 127.0.0.1 plays mail.example.net with a
# certificate for mail.example.net only, the zone points autodiscover at it.
# The server listens on 127.0.0.1 only, every wait is bounded, it always stops.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
command -v openssl > /dev/null 2>&1 || { echo "test_lint_probe: openssl missing: run contrib/bootstrap"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zonelint-lprobe.XXXXXX") || exit 1
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-keyout "$tmp/mail.key" -out "$tmp/mail.pem" -subj "/CN=mail.example.net" \
	-addext "subjectAltName=DNS:mail.example.net" 2> "$tmp/req.log" || { cat "$tmp/req.log"; exit 1; }

# a free port, found by trying (at most 20), each waited for at most 5 s
port=""
try=0
while [ -z "$port" ] && [ $try -lt 20 ]; do
	try=$((try + 1))
	candidate=$((20000 + ($$ * 13 + try * 157) % 40000))
	timeout 120 openssl s_server -accept "127.0.0.1:$candidate" -www \
		-cert "$tmp/mail.pem" -key "$tmp/mail.key" > "$tmp/server.log" 2>&1 &
	server=$!
	i=0
	while [ $i -lt 50 ]; do
		if grep -q '^ACCEPT' "$tmp/server.log" 2> /dev/null; then
			port=$candidate
			break
		fi
		kill -0 "$server" 2> /dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		kill "$server" 2> /dev/null
		wait "$server" 2> /dev/null
		server=""
	fi
done
[ -n "$port" ] || { echo "test_lint_probe: openssl s_server did not start"; exit 1; }

cat > "$tmp/probe.zone" << 'ZONE'
$ORIGIN example.net.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 3600
  NS ns1
  MX 10 mail
ns1 A 127.0.0.53
mail A 127.0.0.1
autodiscover CNAME mail
ZONE
: > "$tmp/empty.yaml"

# without --probe: no certificate known, so no mismatch
"$ZONELINT" lint --config "$tmp/empty.yaml" "$tmp/probe.zone" > "$tmp/plain.out" 2>&1
grep -q autodiscover-cert-mismatch "$tmp/plain.out" && fail "a mismatch without any certificate"

# with --probe: the live certificate covers mail.example.net only
"$ZONELINT" lint --config "$tmp/empty.yaml" --probe --probe-port "$port" "$tmp/probe.zone" > "$tmp/probe.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "lint --probe exited $rc, expected 1"
grep -qF "autodiscover.example.net → CNAME mail.example.net → 127.0.0.1, certificate covers mail.example.net only" "$tmp/probe.out" ||
	{ fail "lint --probe did not report the live certificate:"; sed 's/^/    /' "$tmp/probe.out"; }

"$ZONELINT" explain --config "$tmp/empty.yaml" --probe --probe-port "$port" example.net "$tmp/probe.zone" > "$tmp/explain.out" 2>&1
grep -qF "127.0.0.1 presents mail.example.net (probe 127.0.0.1:$port): does NOT cover autodiscover.example.net" "$tmp/explain.out" ||
	{ fail "explain --probe:"; sed 's/^/    /' "$tmp/explain.out"; }

# a closed port: the certificate is unknown, no mismatch, and no hang
kill "$server" 2> /dev/null
wait "$server" 2> /dev/null
server=""
"$ZONELINT" lint --config "$tmp/empty.yaml" --probe --probe-port "$port" "$tmp/probe.zone" > "$tmp/closed.out" 2>&1
grep -q autodiscover-cert-mismatch "$tmp/closed.out" && fail "a mismatch from a closed port"
grep -qF "no certificate is known for autodiscover.example.net" "$tmp/closed.out" ||
	{ fail "closed port:"; sed 's/^/    /' "$tmp/closed.out"; }

echo "test_lint_probe: $failures failures"
[ $failures -eq 0 ]
