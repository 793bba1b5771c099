#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_clients.sh: `zonelint serve` as dig (bind9-dnsutils)
# and kdig (knot-dnsutils) see it: the EDNS buffer size echoed, TC and the
# retry over TCP, AXFR allowed (the same records as NSD transfers) and
# refused, IXFR answered as AXFR, NOTIMP for another opcode, REFUSED outside
# the zones, IPv6, the query log, SIGHUP reloading an edited zone and keeping
# the old data when the edit breaks the file, SIGTERM and SIGINT stopping
# with status 0, and the command's errors.
# shellcheck disable=SC2016 # zone text: $ORIGIN and $INCLUDE are no shell variables
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=nsd.sh
. "$top_srcdir/tests/server/nsd.sh"
# shellcheck source-path=SCRIPTDIR source=serve.sh
. "$top_srcdir/tests/server/serve.sh"

need_tools dig kdig nsd
compare="$top_builddir/tests/server/dnscompare"
setup_work 'serve_stop; nsd_stop'

trunc="$top_srcdir/tests/zones/truncation.zone"
org="$top_srcdir/zones/example.org.zone"
# new_port: a free port for the next server, in port and at. Picked again
# for each server: a port left unused while no server of ours holds it
# may be taken by a test running beside this one (make -j).
new_port() {
	port=$("$compare" --free-port) || exit 1
	at="-p $port @127.0.0.1"
}
new_port

if ! serve_start "$work/serve.log" "$port" --allow-axfr 127.0.0.1/32 --verbose "$trunc" "$org"; then
	fail "zonelint serve starts" "$work/serve.log"
	exit 1
fi
check "one log line names the addresses and zones" "$work/serve.log" \
	'listening on 127\.0\.0\.1:[0-9]+ \(UDP and TCP\); 2 zones: big\.example\. example\.org\.'

# RFC 6891 6.2.3: our size (1232) in the OPT, whatever the client offered
# shellcheck disable=SC2086 # $at is words
dig $at +norec +bufsize=4096 example.org SOA > "$work/dig-edns" 2>&1
check "dig: the OPT carries our buffer size" "$work/dig-edns" '; EDNS: version: 0, flags:; udp: 1232'
check "dig: the SOA is answered with AA" "$work/dig-edns" 'flags: qr aa;'
# shellcheck disable=SC2086
kdig $at +norec +bufsize=4096 example.org SOA > "$work/kdig-edns" 2>&1
check "kdig: the OPT carries our buffer size" "$work/kdig-edns" 'UDP size: 1232 B'

# 40 A records do not fit 512 octets: TC, then dig and kdig ask over TCP
# shellcheck disable=SC2086
dig $at +noedns manya.big.example A > "$work/dig-tc" 2>&1
check "dig: a truncated answer is retried over TCP" "$work/dig-tc" 'Truncated, retrying in TCP mode'
check "dig: the TCP answer is complete" "$work/dig-tc" 'ANSWER: 40, AUTHORITY: 6, ADDITIONAL: 12'
# shellcheck disable=SC2086
dig $at +noedns +ignore manya.big.example A > "$work/dig-tc-ignore" 2>&1
check "dig +ignore: the UDP answer has TC and no records" "$work/dig-tc-ignore" \
	'flags: qr aa tc rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0'
# shellcheck disable=SC2086
kdig $at manya.big.example A > "$work/kdig-tc" 2>&1
check "kdig: a truncated answer is retried over TCP" "$work/kdig-tc" 'truncated reply.*retrying over TCP'
check "kdig: the TCP answer is complete" "$work/kdig-tc" 'ANSWER: 40; AUTHORITY: 6; ADDITIONAL: 12'

# AXFR from 127.0.0.1 (allowed): the records NSD transfers for the same zone
axfr_records() { # strips comments and blank lines, one record a line, sorted
	grep -v '^;' "$1" | grep -v '^$' | tr -s ' \t' ' ' | sort
}
nsd_port=$("$compare" --free-port) || exit 1
mkdir -p "$work/nsd"
if nsd_start "$work/nsd" "$nsd_port" big.example "$trunc" example.org "$org"; then
	for zone in big.example example.org; do
		dig -p "$nsd_port" @127.0.0.1 "$zone" AXFR > "$work/nsd-axfr" 2>&1
		# shellcheck disable=SC2086
		dig $at "$zone" AXFR > "$work/zl-axfr" 2>&1
		axfr_records "$work/nsd-axfr" > "$work/nsd-axfr.sorted"
		axfr_records "$work/zl-axfr" > "$work/zl-axfr.sorted"
		if [ -s "$work/zl-axfr.sorted" ] && cmp -s "$work/nsd-axfr.sorted" "$work/zl-axfr.sorted"; then
			ok "dig: AXFR of $zone transfers the records NSD transfers ($(wc -l < "$work/zl-axfr.sorted") lines)"
		else
			diff "$work/nsd-axfr.sorted" "$work/zl-axfr.sorted" > "$work/axfr.diff"
			fail "dig: AXFR of $zone transfers the records NSD transfers" "$work/axfr.diff"
		fi
	done
	nsd_stop
else
	fail "NSD starts for the AXFR comparison" "$work/nsd/nsd.log"
	nsd_stop
fi
# shellcheck disable=SC2086
kdig $at big.example AXFR > "$work/kdig-axfr" 2>&1
check "kdig: AXFR of big.example is complete" "$work/kdig-axfr" 'Received [0-9]+ B \(1 messages, 369 records\)'

# RFC 1995 4: IXFR is answered as AXFR; a client as new as we are gets the SOA
# shellcheck disable=SC2086
dig $at big.example IXFR=2024060100 > "$work/dig-ixfr" 2>&1
check "dig: IXFR from an old serial is the whole zone" "$work/dig-ixfr" 'XFR size: 369 records'
# shellcheck disable=SC2086
kdig $at big.example IXFR=2024060100 > "$work/kdig-ixfr" 2>&1
check "kdig: IXFR from an old serial is the whole zone" "$work/kdig-ixfr" '\(1 messages, 369 records\)'
# shellcheck disable=SC2086
dig $at big.example IXFR=2024060101 > "$work/dig-ixfr-same" 2>&1
check "dig: IXFR from the current serial is the SOA alone" "$work/dig-ixfr-same" 'XFR size: 1 records'

# RFC 1035 4.1.1: NOTIMP for an opcode other than QUERY
# shellcheck disable=SC2086
dig $at +opcode=status example.org SOA > "$work/dig-notimp" 2>&1
check "dig: opcode STATUS gets NOTIMP" "$work/dig-notimp" 'opcode: STATUS, status: NOTIMP'
# shellcheck disable=SC2086
dig $at +opcode=update example.org SOA > "$work/dig-update" 2>&1
check "dig: opcode UPDATE gets NOTIMP" "$work/dig-update" 'opcode: UPDATE, status: NOTIMP'

# names in none of the zones: REFUSED, with RFC 8914 "Not Authoritative"
# shellcheck disable=SC2086
dig $at www.example.com A > "$work/dig-refused" 2>&1
check "dig: a name outside the zones is REFUSED" "$work/dig-refused" 'status: REFUSED'
check "dig: with extended error 20" "$work/dig-refused" 'EDE: 20 \(Not Authoritative\)'
# shellcheck disable=SC2086
kdig $at www.example.com A > "$work/kdig-refused" 2>&1
check "kdig: a name outside the zones is REFUSED" "$work/kdig-refused" 'status: REFUSED'
# shellcheck disable=SC2086
dig $at +norec version.bind TXT CH > "$work/dig-chaos" 2>&1
check "dig: version.bind (CH) is REFUSED" "$work/dig-chaos" 'status: REFUSED'

check "--verbose logs each query" "$work/serve.log" \
	'query 127\.0\.0\.1#[0-9]+ udp manya\.big\.example\. A class 1: NOERROR aa tc'
serve_stop
if [ "$SERVE_STATUS" = 0 ]; then ok "SIGTERM: exit status 0"; else fail "SIGTERM: exit status $SERVE_STATUS"; fi
check "SIGTERM is logged" "$work/serve.log" 'SIGTERM: stopping'

# the same server without --allow-axfr refuses transfers
new_port
if serve_start "$work/serve2.log" "$port" "$trunc"; then
	# shellcheck disable=SC2086
	dig $at big.example AXFR > "$work/dig-axfr-refused" 2>&1
	check "dig: AXFR without --allow-axfr fails" "$work/dig-axfr-refused" 'Transfer failed'
	# shellcheck disable=SC2086
	kdig $at big.example AXFR > "$work/kdig-axfr-refused" 2>&1
	check "kdig: AXFR without --allow-axfr is REFUSED" "$work/kdig-axfr-refused" "error 'REFUSED'"
	# shellcheck disable=SC2086
	dig $at big.example IXFR=1 > "$work/dig-ixfr-refused" 2>&1
	check "dig: IXFR without --allow-axfr fails" "$work/dig-ixfr-refused" 'Transfer failed'
	serve_stop INT
	if [ "$SERVE_STATUS" = 0 ]; then ok "SIGINT: exit status 0"; else fail "SIGINT: exit status $SERVE_STATUS"; fi
else
	fail "zonelint serve starts without --allow-axfr" "$work/serve2.log"
fi
# and with networks that do not hold the client
new_port
if serve_start "$work/serve3.log" "$port" --allow-axfr 192.0.2.0/24 --allow-axfr 2001:db8::/32 "$trunc"; then
	# shellcheck disable=SC2086
	kdig $at big.example AXFR > "$work/kdig-axfr-other" 2>&1
	check "kdig: AXFR from a network not allowed is REFUSED" "$work/kdig-axfr-other" "error 'REFUSED'"
	serve_stop
else
	fail "zonelint serve starts with other networks allowed" "$work/serve3.log"
fi

# IPv6, where the machine has a loopback for it
port6=$("$compare" --free-port) || exit 1
serve_start_at "$work/serve6.log" "[::1]:$port6" "$org"
if grep -q 'listening on \[::1\]' "$work/serve6.log"; then
	dig -p "$port6" @::1 example.org SOA > "$work/dig6" 2>&1
	check "dig over IPv6: [::1] answers" "$work/dig6" 'flags: qr aa rd; QUERY: 1, ANSWER: 1'
	kdig -p "$port6" @::1 +tcp example.org SOA > "$work/kdig6" 2>&1
	check "kdig over IPv6 and TCP: [::1] answers" "$work/kdig6" 'status: NOERROR'
	serve_stop
elif grep -q 'cannot listen on \[::1\]' "$work/serve6.log"; then
	# an explicit --listen on a missing IPv6 loopback is an error (status 2)
	serve_stop
	echo "skip: no IPv6 loopback here ($(tail -1 "$work/serve6.log"))"
else
	fail "zonelint serve on [::1]" "$work/serve6.log"
	serve_stop
fi

# SIGHUP: an edited zone is served; a broken edit keeps the data served before
answers_www() { # ADDRESS: the server answers www.example.net A with ADDRESS (in $work/after)
	# shellcheck disable=SC2086 # $at is words
	dig $at +short www.example.net A > "$work/after" 2>&1
	grep -q "$1" "$work/after"
}
cp "$top_srcdir/zones/example.net.zone" "$work/example.net.zone"
new_port
if serve_start "$work/serve4.log" "$port" "$work/example.net.zone"; then
	# shellcheck disable=SC2086
	dig $at +short www.example.net A > "$work/before" 2>&1
	check "before the edit: www is 192.0.2.80" "$work/before" '^192\.0\.2\.80$'
	sed 's/^www .*/www             IN A    192.0.2.99/' "$work/example.net.zone" > "$work/edited"
	mv "$work/edited" "$work/example.net.zone"
	kill -HUP "$SERVE_PID"
	wait_until 5 answers_www 192.0.2.99
	check "SIGHUP: the edited zone is served" "$work/after" '^192\.0\.2\.99$'
	check "SIGHUP: the reload is logged" "$work/serve4.log" 'SIGHUP: reloaded 1 zone: example\.net\.'
	printf 'broken IN A not-an-address\n' >> "$work/example.net.zone"
	kill -HUP "$SERVE_PID"
	wait_until 5 log_has "$work/serve4.log" 'reload failed'
	check "SIGHUP with a broken zone: the failure is logged" "$work/serve4.log" \
		'SIGHUP: reload failed, still serving the zones loaded before'
	check "SIGHUP with a broken zone: the error has FILE:LINE" "$work/serve4.log" \
		"example\.net\.zone:[0-9]+:"
	# shellcheck disable=SC2086
	dig $at +short www.example.net A > "$work/kept" 2>&1
	check "SIGHUP with a broken zone: the data loaded before is still served" "$work/kept" \
		'^192\.0\.2\.99$'
	serve_stop
	if [ "$SERVE_STATUS" = 0 ]; then ok "SIGTERM after reloads: exit status 0"; else fail "SIGTERM after reloads: exit status $SERVE_STATUS"; fi
else
	fail "zonelint serve starts for the reload test" "$work/serve4.log"
fi

# --fixed with the record to change in an $INCLUDEd file: served as `zonelint
# fix` writes the file given (the SRV record added), and the log says what
# is left and what to change by hand in the included file
mkdir -p "$work/inc"
sed 's/^autodiscover .*/$INCLUDE autodiscover.inc/' "$top_srcdir/zones/example.net.zone" \
	> "$work/inc/example.net.zone"
grep '^autodiscover ' "$top_srcdir/zones/example.net.zone" > "$work/inc/autodiscover.inc"
cp "$top_srcdir/zones/.zonelint.yaml" "$work/inc/"
new_port
if serve_start "$work/serve-inc.log" "$port" --fixed "$work/inc/example.net.zone"; then
	check "--fixed, included record: the fixed file is served" "$work/serve-inc.log" \
		'zone example\.net\.: serving the fixed zone: 0 records commented out, 1 added'
	check "--fixed, included record: what is left is said" "$work/serve-inc.log" \
		'zone example\.net\.: left as is: .*autodiscover\.inc:1: error: .*\[autodiscover-cert-mismatch\]'
	check "--fixed, included record: and what to do by hand" "$work/serve-inc.log" \
		'zone example\.net\.: by hand: delete line 1 of .*autodiscover\.inc: autodiscover\.example\.net\. 3600 IN CNAME mail\.example\.net\.'
	# shellcheck disable=SC2086
	dig $at +short _autodiscover._tcp.example.net SRV > "$work/inc-srv" 2>&1
	check "--fixed, included record: dig sees the SRV record fix adds" "$work/inc-srv" \
		'^0 0 443 mail\.example\.net\.$'
	serve_stop
else
	fail "--fixed, included record: the server starts" "$work/serve-inc.log"
fi

# --fixed: the zone as `zonelint fix --in-place` would write it, served from
# memory: the same answers as NSD gives for the file fix writes, and the
# file served is left as it was
mkdir -p "$work/fixed" "$work/fixed-nsd"
cp "$top_srcdir/zones/example.net.zone" "$top_srcdir/zones/.zonelint.yaml" "$work/fixed/"
cp "$top_srcdir/zones/example.net.zone" "$top_srcdir/zones/.zonelint.yaml" "$work/fixed-nsd/"
chmod -R u+w "$work/fixed" "$work/fixed-nsd" # copies of a read-only source tree (make distcheck)
new_port
if ! "$ZONELINT" fix --in-place "$work/fixed-nsd/example.net.zone" 2> "$work/fix.log"; then
	fail "zonelint fix --in-place writes the fixed zone for NSD" "$work/fix.log"
elif serve_start "$work/serve6.log" "$port" --fixed "$work/fixed/example.net.zone"; then
	check "--fixed: the log says what was fixed" "$work/serve6.log" \
		'zone example\.net\.: serving the fixed zone: 1 record commented out, 2 added'
	# shellcheck disable=SC2086
	dig $at +short _autodiscover._tcp.example.net SRV > "$work/fixed-srv" 2>&1
	check "--fixed: dig sees the _autodiscover._tcp SRV record" "$work/fixed-srv" \
		'^0 0 443 mail\.example\.net\.$'
	# shellcheck disable=SC2086
	dig $at +norec autodiscover.example.net A > "$work/fixed-ad" 2>&1
	check "--fixed: autodiscover A is NOERROR" "$work/fixed-ad" 'status: NOERROR'
	check "--fixed: autodiscover has no address (NODATA, not the wildcard)" "$work/fixed-ad" \
		'ANSWER: 0, AUTHORITY: 1,'
	# shellcheck disable=SC2086
	kdig $at +short autodiscover.example.net TXT > "$work/fixed-txt" 2>&1
	check "--fixed: kdig sees the blocking TXT record" "$work/fixed-txt" '"autodiscover via SRV"'
	if cmp -s "$top_srcdir/zones/example.net.zone" "$work/fixed/example.net.zone"; then
		ok "--fixed: the zone file is not touched"
	else
		fail "--fixed: the zone file is not touched"
	fi
	nsdfile=$(nsd_zone_copy example.net. "$work/fixed-nsd/example.net.zone" "$work/fixed-nsd")
	nsd_port=$("$compare" --free-port) || exit 1
	if nsd_start "$work/fixed-nsd" "$nsd_port" example.net. "$nsdfile"; then
		for mode in "" "--tcp"; do
			# shellcheck disable=SC2086 # the mode is words
			if "$compare" --exact --nsd "127.0.0.1:$nsd_port" --server "127.0.0.1:$port" $mode \
				"$work/fixed-nsd/example.net.zone" > "$work/fixed-compare" 2>&1; then
				ok "--fixed: every answer is NSD's for the file fix writes ${mode:-(UDP)}"
			else
				fail "--fixed: every answer is NSD's for the file fix writes ${mode:-(UDP)}" \
					"$work/fixed-compare"
			fi
		done
	else
		fail "NSD starts on the fixed zone" "$work/fixed-nsd/nsd.log"
	fi
	nsd_stop
	serve_stop
else
	fail "zonelint serve --fixed starts" "$work/serve6.log"
fi

# the command's errors: exit status 2 and a message that says what is wrong
expect_error() { # NAME PATTERN ARGS...
	name=$1
	pattern=$2
	shift 2
	"$ZONELINT" serve "$@" > "$work/err.out" 2>&1 < /dev/null &
	pid=$!
	if ! wait_until 5 gone "$pid"; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		fail "$name: zonelint serve did not exit" "$work/err.out"
		return
	fi
	wait "$pid"
	status=$?
	if [ "$status" = 2 ] && grep -Eq -- "$pattern" "$work/err.out"; then
		ok "$name"
	else
		fail "$name (status $status, wanted 2 and /$pattern/)" "$work/err.out"
	fi
}
cp "$org" "$work/one.zone"
cp "$org" "$work/two.zone"
new_port
expect_error "two files with one origin name both" \
	'zonelint: serve: .*two\.zone: zone example\.org\. is already loaded from .*one\.zone' \
	--listen "127.0.0.1:$port" "$work/one.zone" "$work/two.zone"
printf '$ORIGIN nosoa.example.\n$TTL 300\n@ NS ns1\nns1 A 192.0.2.1\n' > "$work/nosoa.zone"
expect_error "a zone without SOA is refused" \
	'zonelint: serve: .*nosoa\.zone: zone nosoa\.example\. has no SOA record' \
	--listen "127.0.0.1:$port" "$work/nosoa.zone"
expect_error "a malformed --listen" 'zonelint: serve: --listen 127\.0\.0\.1:99999: expected' \
	--listen 127.0.0.1:99999 "$org"
expect_error "a malformed --allow-axfr" 'zonelint: serve: --allow-axfr 10\.0\.0\.0/33: expected' \
	--listen "127.0.0.1:$port" --allow-axfr 10.0.0.0/33 "$org"
expect_error "a broken zone file" 'example\.net\.zone:[0-9]+:' --listen "127.0.0.1:$port" \
	"$work/example.net.zone"
expect_error "no zone file" 'zonelint: serve: no zone file given' --listen "127.0.0.1:$port"
new_port
if serve_start "$work/serve5.log" "$port" "$org"; then
	expect_error "a port in use" "zonelint: serve: cannot listen on 127\.0\.0\.1:$port \(UDP\)" \
		--listen "127.0.0.1:$port" "$org"
	serve_stop
else
	fail "zonelint serve starts for the port-in-use test" "$work/serve5.log"
fi
# --listen ADDR alone takes the default port, 5300 (the log says so),
# unless another program holds that port on this machine
default_port=$(sed -n 's/^#define SERVER_DEFAULT_PORT \([0-9]*\).*/\1/p' "$top_srcdir/src/server/server.h")
if serve_start_at "$work/serve-default.log" 127.0.0.1 "$org"; then
	check "--listen 127.0.0.1 alone says it takes the default port" "$work/serve-default.log" \
		"--listen 127\.0\.0\.1: no port given, using the default, $default_port\$"
	check "--listen 127.0.0.1 alone listens on 127.0.0.1:$default_port" "$work/serve-default.log" \
		"listening on 127\.0\.0\.1:$default_port "
	dig -p "$default_port" @127.0.0.1 +norec example.org SOA > "$work/dig-default" 2>&1
	check "dig: answered on the default port" "$work/dig-default" 'flags: qr aa;'
	serve_stop
elif grep -q "cannot listen on 127\.0\.0\.1:$default_port (UDP)" "$work/serve-default.log"; then
	ok "--listen 127.0.0.1 alone tries 127.0.0.1:$default_port (another program holds it here)"
else
	fail "--listen 127.0.0.1 alone starts on port $default_port" "$work/serve-default.log"
fi
"$ZONELINT" serve --help > "$work/help" 2>&1
check "--help names every option" "$work/help" '--allow-axfr ADDR/PREFIX'
check "--help names the default port" "$work/help" \
	"ADDR alone: port $default_port\); default: 127\.0\.0\.1:$default_port and"

summary
