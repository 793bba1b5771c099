#!/bin/sh
# tests/cli/test_probe.sh: cert_probe (src/cert/probe.c) against live local
# servers: openssl s_server with two certificates chosen by SNI (RFC 6066 3),
# a closed port, and a port that accepts TCP but never speaks TLS.
# Servers listen on 127.0.0.1 only, every wait is bounded, all stop on exit.
set -u

: "${top_builddir:=.}"
CLIENT="$top_builddir/tests/cert/probe_client"
command -v openssl >/dev/null 2>&1 || { echo "SKIP: no openssl command"; exit 77; }
[ -x "$CLIENT" ] || { echo "FAIL: $CLIENT not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zonelint-probe.XXXXXX") || exit 1
pids=""
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
# expect FILE KEY VALUE: the line KEY=VALUE is in FILE
expect() {
	if ! grep -qxF "$2=$3" "$1"; then
		fail "expected '$2=$3' in:"
		sed 's/^/    /' "$1"
	fi
}
# elapsed_ms of FILE
elapsed() {
	sed -n 's/^elapsed_ms=//p' "$1"
}

# ---- certificates ----
mkcert() { # NAME CN SAN
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-keyout "$tmp/$1.key" -out "$tmp/$1.pem" -subj "/CN=$2" \
		-addext "subjectAltName=$3" 2>"$tmp/$1.log" ||
		{ cat "$tmp/$1.log"; exit 1; }
}
mkcert mail ignored.example.net "DNS:Mail.Example.NET,DNS:*.example.org"
mkcert auto auto.example.net "DNS:autodiscover.example.net"

# ---- the TLS server: a free port, found by trying; at most 20 tries ----
port=""
try=0
while [ -z "$port" ] && [ $try -lt 20 ]; do
	try=$((try + 1))
	candidate=$(( 20000 + ($$ * 7 + try * 131) % 40000 ))
	# timeout: even if this script is killed hard, the server goes away
	timeout 120 openssl s_server -accept "127.0.0.1:$candidate" -www \
		-cert "$tmp/mail.pem" -key "$tmp/mail.key" \
		-servername autodiscover.example.net \
		-cert2 "$tmp/auto.pem" -key2 "$tmp/auto.key" \
		>"$tmp/server.log" 2>&1 &
	server=$!
	pids="$pids $server"
	# bounded wait (5 s) for "ACCEPT", or for the server to give up
	i=0
	while [ $i -lt 50 ]; do
		if grep -q '^ACCEPT' "$tmp/server.log"; then
			port=$candidate
			break
		fi
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		kill "$server" 2>/dev/null
		wait "$server" 2>/dev/null
	fi
done
[ -n "$port" ] || { echo "FAIL: openssl s_server did not start"; cat "$tmp/server.log"; exit 1; }

# ---- probes ----

# the default certificate's SAN dNSNames, lower-cased
"$CLIENT" probe 127.0.0.1 "$port" mail.example.net 3000 >"$tmp/out1"
expect "$tmp/out1" names "mail.example.net, *.example.org"
expect "$tmp/out1" from_cn 0
expect "$tmp/out1" source "probe 127.0.0.1:$port"

# SNI is sent: the server picks its second certificate for this name
"$CLIENT" probe 127.0.0.1 "$port" autodiscover.example.net. 3000 >"$tmp/out2"
expect "$tmp/out2" names "autodiscover.example.net"

# a closed port is refused at once
closed=$("$CLIENT" closed-port)
"$CLIENT" probe 127.0.0.1 "$closed" mail.example.net 3000 >"$tmp/out3"
expect "$tmp/out3" error "127.0.0.1:$closed: connection refused"
ms=$(elapsed "$tmp/out3")
[ "${ms:-99999}" -lt 1000 ] || fail "refusal took ${ms} ms"

# a server that accepts TCP and never answers: timed out within the bound
timeout 60 "$CLIENT" silent-server 30 >"$tmp/silent" 2>&1 &
pids="$pids $!"
i=0
while ! grep -q '^port=' "$tmp/silent" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
silent=$(sed -n 's/^port=//p' "$tmp/silent")
if [ -z "$silent" ]; then
	fail "silent server did not start"
else
	"$CLIENT" probe 127.0.0.1 "$silent" mail.example.net 1000 >"$tmp/out4"
	expect "$tmp/out4" error "127.0.0.1:$silent: TLS handshake timed out after 1000 ms"
	ms=$(elapsed "$tmp/out4")
	if [ "${ms:-0}" -lt 900 ] || [ "${ms:-99999}" -gt 2000 ]; then
		fail "timeout of 1000 ms took ${ms} ms"
	fi
fi

# not an address literal: refused before any network use
"$CLIENT" probe mail.example.net 443 mail.example.net 1000 >"$tmp/out5"
expect "$tmp/out5" error "'mail.example.net' is not an IPv4 or IPv6 address"

if [ $failures -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "PASS: probe against s_server, SNI selection, refused port, silent server, bad address"
exit 0
