#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_contrib_servers.sh: the NSD and Knot DNS snippets in
# contrib/ serve the corrected zone. Each is included, unchanged, from a
# server configuration written here (127.0.0.1, a free port, a temporary
# directory); nsd-checkconf and `knotc conf-check` accept it, NSD and knotd
# start with it, and dig sees the _autodiscover._tcp SRV record, the node
# at autodiscover without an address, and the wildcard still answering
# other names -- what zonelint serve answers for the same file.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=../server/serve.sh
. "$top_srcdir/tests/server/serve.sh"

need_tools dig nsd nsd-checkconf knotd knotc
compare="$top_builddir/tests/server/dnscompare"
zone="$top_srcdir/zones/example.net.corrected.zone"
server_pid=""
setup_work 'serve_stop; stop_server'

# start_server LOG PORT COMMAND...: runs COMMAND in the background until it
# answers for example.net SOA on 127.0.0.1:PORT (10 s at most)
start_server() {
	log=$1
	port=$2
	shift 2
	"$@" >> "$log" 2>&1 &
	server_pid=$!
	await "$server_pid" 10 dns_answers "$port" example.net NOERROR
	case $? in
	0) return 0 ;;
	1) server_pid="" ;;
	esac
	return 1
}

stop_server() {
	stop_process "$server_pid"
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
if serve_start "$work/serve.log" "$port" "$zone"; then
	answers "$port" "$work/reference"
	serve_stop
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
succeeds "nsd-checkconf accepts contrib/nsd/example.net.conf" "$work/nsd/check" \
	nsd-checkconf "$work/nsd/nsd.conf"
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
succeeds "knotc conf-check accepts contrib/knot/example.net.conf" "$work/knot/check" \
	knotc -c "$work/knot/knot.conf" conf-check
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

summary
