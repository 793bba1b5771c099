#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_probe.sh: cert_probe (src/cert/probe.c) against live local
# servers: openssl s_server with two certificates chosen by SNI (RFC 6066 3),
# a closed port, and a port that accepts TCP but never speaks TLS.
# Servers listen on 127.0.0.1 only, every wait is bounded, all stop on exit.
set -u

: "${top_srcdir:=.}" "${top_builddir:=.}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
CLIENT="$top_builddir/tests/cert/probe_client"
command -v openssl >/dev/null 2>&1 || { echo "SKIP: no openssl command"; exit 77; }
[ -x "$CLIENT" ] || { echo "FAIL: $CLIENT not built"; exit 1; }

silent_pid=""
# shellcheck disable=SC2016 # expanded at exit
setup_work 'tls_server_stop; stop_process "$silent_pid"'

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
	make_cert "$@" || { cat "$work/$1.log"; exit 1; }
}
mkcert mail ignored.example.net "DNS:Mail.Example.NET,DNS:*.example.org"
mkcert auto auto.example.net "DNS:autodiscover.example.net"

# ---- the TLS server: the second certificate for SNI autodiscover.example.net ----
if ! tls_server_start "$work/mail.pem" "$work/mail.key" -servername autodiscover.example.net \
	-cert2 "$work/auto.pem" -key2 "$work/auto.key"; then
	echo "FAIL: openssl s_server did not start"
	cat "$work/server.log"
	exit 1
fi
port=$tls_port

# ---- probes ----

# the default certificate's SAN dNSNames, lower-cased
"$CLIENT" probe 127.0.0.1 "$port" mail.example.net 3000 >"$work/out1"
expect "$work/out1" names "mail.example.net, *.example.org"
expect "$work/out1" from_cn 0
expect "$work/out1" source "probe 127.0.0.1:$port"

# SNI is sent: the server picks its second certificate for this name
"$CLIENT" probe 127.0.0.1 "$port" autodiscover.example.net. 3000 >"$work/out2"
expect "$work/out2" names "autodiscover.example.net"

# a closed port is refused at once
closed=$("$CLIENT" closed-port)
"$CLIENT" probe 127.0.0.1 "$closed" mail.example.net 3000 >"$work/out3"
expect "$work/out3" error "127.0.0.1:$closed: connection refused"
ms=$(elapsed "$work/out3")
[ "${ms:-99999}" -lt 1000 ] || fail "refusal took ${ms} ms"

# a server that accepts TCP and never answers: timed out within the bound
timeout 60 "$CLIENT" silent-server 30 >"$work/silent" 2>&1 &
silent_pid=$!
wait_until 5 log_has "$work/silent" '^port='
silent=$(sed -n 's/^port=//p' "$work/silent")
if [ -z "$silent" ]; then
	fail "silent server did not start"
else
	"$CLIENT" probe 127.0.0.1 "$silent" mail.example.net 1000 >"$work/out4"
	expect "$work/out4" error "127.0.0.1:$silent: TLS handshake timed out after 1000 ms"
	ms=$(elapsed "$work/out4")
	if [ "${ms:-0}" -lt 900 ] || [ "${ms:-99999}" -gt 2000 ]; then
		fail "timeout of 1000 ms took ${ms} ms"
	fi
fi
stop_process "$silent_pid"
silent_pid=""

# not an address literal: refused before any network use
"$CLIENT" probe mail.example.net 443 mail.example.net 1000 >"$work/out5"
expect "$work/out5" error "'mail.example.net' is not an IPv4 or IPv6 address"

if [ "$failed" -ne 0 ]; then
	echo "$failed failure(s)"
	exit 1
fi
echo "PASS: probe against s_server, SNI selection, refused port, silent server, bad address"
exit 0
