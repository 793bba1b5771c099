#!/bin/sh
# tests/cli/test_contrib_servers.sh: the NSD and Knot DNS snippets in
# contrib/ serve the corrected zone. Each is included, unchanged, from a
# server configuration written here (127.0.0.1, a free port, a temporary
# directory); nsd-checkconf and `knotc conf-check` accept it, NSD and knotd
# start with it, and dig sees the _autodiscover._tcp SRV record, the node
# at autodiscover without an address, and the wildcard still answering
# other names -- what zonelint serve answers for the same file.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"

for tool in dig nsd nsd-checkconf knotd knotc; do
	if ! command -v "$tool" > /dev/null 2>&1; then
		echo "test_contrib_servers: $tool is not installed: run contrib/bootstrap" >&2
		exit 1
	fi
done
compare="$top_builddir/tests/server/dnscompare"
zone="$top_srcdir/zones/example.net.corrected.zone"
work=$(mktemp -d /tmp/zonelint-contrib-servers.XXXXXX)
server_pid=""
trap 'stop_server; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	echo "ok: $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	if [ $# -gt 1 ] && [ -f "$2" ]; then
		sed 's/^/    /' "$2" | head -20
	fi
}

# start_server LOG PORT COMMAND...: runs COMMAND in the background until it
# answers for example.net SOA on 127.0.0.1:PORT (bounded: 200 tries of 0.05 s)
start_server() {
	log=$1
	port=$2
	shift 2
	"$@" >> "$log" 2>&1 &
	server_pid=$!
	i=0
	while [ $i -lt 200 ]; do
		if ! kill -0 "$server_pid" 2> /dev/null; then
			server_pid=""
			return 1
		fi
		if dig +norec +time=1 +tries=1 -p "$port" @127.0.0.1 example.net SOA 2> /dev/null |
			grep -q 'status: NOERROR'; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$server_pid" 2> /dev/null
	i=0
	while kill -0 "$server_pid" 2> /dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -9 "$server_pid" 2> /dev/null
	wait "$server_pid" 2> /dev/null
	server_pid=""
}

# ask NAME PORT: what a server on PORT answers, compared with the answers of
# zonelint serve (the reference) for the same questions
questions='_autodiscover._tcp.example.net SRV
autodiscover.example.net A
autodiscover.example.net TXT
somewhere.example.net A
example.net MX
mail.example.net A'
answers() { # PORT OUT
	echo "$questions" | while read -r qname qtype; do
		printf '%s %s: ' "$qname" "$qtype"
		dig +norec +time=2 +tries=2 -p "$1" @127.0.0.1 "$qname" "$qtype" 2> /dev/null |
			sed -n 's/.*status: \([A-Z]*\).*/\1/p' | tr '\n' ' '
		dig +norec +short +time=2 +tries=2 -p "$1" @127.0.0.1 "$qname" "$qtype" 2> /dev/null |
			sort | tr '\n' ' '
		echo
	done > "$2"
}
check_answers() { # NAME OUT
	if ! grep -q '^_autodiscover._tcp.example.net SRV: NOERROR 0 0 443 mail.example.net. $' "$2"; then
		fail "$1: the _autodiscover._tcp SRV record" "$2"
	elif ! grep -q '^autodiscover.example.net A: NOERROR $' "$2"; then
		fail "$1: autodiscover has no address (the wildcard does not answer it)" "$2"
	elif ! grep -q '^somewhere.example.net A: NOERROR 192.0.2.80 $' "$2"; then
		fail "$1: the wildcard answers other names" "$2"
	elif ! cmp -s "$work/reference" "$2"; then
		fail "$1: answers differ from zonelint serve's" "$2"
		diff "$work/reference" "$2" | sed 's/^/    /'
	else
		ok "$1: serves the corrected zone as zonelint serve does"
	fi
}

# the reference: zonelint serve on the same file
port=$("$compare" --free-port) || exit 1
if start_server "$work/serve.log" "$port" "$ZONELINT" serve --listen "127.0.0.1:$port" "$zone"; then
	answers "$port" "$work/reference"
	stop_server
else
	fail "zonelint serve starts" "$work/serve.log"
fi

# ---- NSD ----
mkdir "$work/nsd"
cp "$zone" "$work/nsd/"
port=$("$compare" --free-port) || exit 1
cat > "$work/nsd/nsd.conf" << EOF
server:
  ip-address: 127.0.0.1
  port: $port
  username: ""
  chroot: ""
  zonesdir: "$work/nsd"
  database: ""
  pidfile: "$work/nsd/nsd.pid"
  xfrdfile: "$work/nsd/xfrd.state"
  zonelistfile: "$work/nsd/zone.list"
  logfile: "$work/nsd/nsd.log"
  server-count: 1
remote-control:
  control-enable: no
include: "$top_srcdir/contrib/nsd/example.net.conf"
EOF
if nsd-checkconf "$work/nsd/nsd.conf" > "$work/nsd/check" 2>&1; then
	ok "nsd-checkconf accepts contrib/nsd/example.net.conf"
else
	fail "nsd-checkconf accepts contrib/nsd/example.net.conf" "$work/nsd/check"
fi
if [ "$(nsd-checkconf -z example.net -o zonefile "$work/nsd/nsd.conf" 2>&1)" = example.net.corrected.zone ]; then
	ok "the NSD snippet names the corrected zone file"
else
	fail "the NSD snippet names the corrected zone file"
fi
if start_server "$work/nsd/nsd.log" "$port" nsd -d -c "$work/nsd/nsd.conf"; then
	answers "$port" "$work/nsd/answers"
	check_answers "NSD" "$work/nsd/answers"
	stop_server
else
	fail "NSD starts with the snippet" "$work/nsd/nsd.log"
fi

# ---- Knot DNS ----
mkdir "$work/knot"
cp "$zone" "$work/knot/"
port=$("$compare" --free-port) || exit 1
cat > "$work/knot/knot.conf" << EOF
server:
  rundir: "$work/knot"
  listen: 127.0.0.1@$port
log:
  - target: "$work/knot/knot.log"
    any: info
database:
  storage: "$work/knot"
template:
  - id: default
    storage: "$work/knot"
include: "$top_srcdir/contrib/knot/example.net.conf"
EOF
if knotc -c "$work/knot/knot.conf" conf-check > "$work/knot/check" 2>&1; then
	ok "knotc conf-check accepts contrib/knot/example.net.conf"
else
	fail "knotc conf-check accepts contrib/knot/example.net.conf" "$work/knot/check"
fi
if start_server "$work/knot/knot.log" "$port" knotd -c "$work/knot/knot.conf"; then
	answers "$port" "$work/knot/answers"
	check_answers "Knot DNS" "$work/knot/answers"
	stop_server
	# zonefile-sync -1: Knot left the file as zonelint fix wrote it
	if cmp -s "$zone" "$work/knot/example.net.corrected.zone"; then
		ok "knotd leaves the zone file untouched"
	else
		fail "knotd leaves the zone file untouched"
	fi
else
	fail "knotd starts with the snippet" "$work/knot/knot.log"
fi

echo "test_contrib_servers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
