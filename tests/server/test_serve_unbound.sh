#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_unbound.sh: a validating resolver accepts what
# `zonelint serve` answers about a signed zone as it accepts NSD's. The
# zones of tests/server/signed/ are signed with fresh keys (sign.sh: NSEC,
# NSEC3, NSEC3 opt-out, ldns-signzone's NSEC3, the signed child); NSD, then
# zonelint serve, serves each parent with the child, and Unbound (its own
# process on 127.0.0.1, stub zones pointing at the server, the parent's KSK
# as trust anchor) is asked for names that exist, names that do not,
# wildcard names, no data, a DNAME, empty non-terminals and DS at each
# zone cut: the rcode and the AD flag must be the same through both
# servers, and an answer that exists must be validated (AD). A record
# changed after signing must be SERVFAIL through both.
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

need_tools nsd unbound dig dnssec-keygen dnssec-signzone dnssec-dsfromkey ldns-keygen ldns-signzone
compare="$top_builddir/tests/server/dnscompare"
UNBOUND_PID=""
setup_work 'unbound_stop; serve_stop; nsd_stop'

unbound_stop() {
	stop_process "$UNBOUND_PID"
	UNBOUND_PID=""
}

# unbound_start DIR PORT SERVER_PORT ANCHOR: Unbound on 127.0.0.1:PORT
# asking 127.0.0.1:SERVER_PORT for example. and secure.example., with the
# DS record in the file ANCHOR as trust anchor; true once it answers.
unbound_start() {
	cat > "$1/unbound.conf" <<CONF
server:
	interface: 127.0.0.1
	port: $2
	do-ip6: no
	do-not-query-localhost: no
	chroot: ""
	username: ""
	directory: "$1"
	pidfile: ""
	use-syslog: no
	logfile: "$1/unbound.log"
	verbosity: 1
	num-threads: 1
	module-config: "validator iterator"
	trust-anchor-file: "$4"
	val-log-level: 2
	qname-minimisation: no
	so-reuseport: no
	outgoing-range: 64
remote-control:
	control-enable: no
stub-zone:
	name: "example."
	stub-addr: 127.0.0.1@$3
stub-zone:
	name: "secure.example."
	stub-addr: 127.0.0.1@$3
CONF
	: > "$1/unbound.log"
	unbound -d -c "$1/unbound.conf" >> "$1/unbound.log" 2>&1 &
	UNBOUND_PID=$!
	await "$UNBOUND_PID" 5 resolver_answers "$2"
}

resolver_answers() { # PORT
	dig +time=1 +tries=1 -p "$1" @127.0.0.1 example. SOA 2> /dev/null | grep -q 'status:'
}

# resolve PORT NAME TYPE [NAME TYPE]...: "NAME TYPE STATUS" or "NAME TYPE
# STATUS ad" a line, as Unbound answers (one dig for all the questions)
resolve() {
	resolve_port=$1
	shift
	# shellcheck disable=SC2046 # NAME TYPE pairs
	dig +dnssec +time=4 +tries=1 -p "$resolve_port" @127.0.0.1 "$@" 2> /dev/null |
		awk '/status:/ { s = $6; sub(",", "", s) }
		     /^;; flags:/ { ad = / ad[ ;]/ ? " ad" : "" }
		     /^;; QUESTION SECTION:/ { q = 1; next }
		     q { sub("^;", ""); print $1, $3, s ad; q = 0 }'
}

# the questions: NAME TYPE, one a line
questions='example. SOA
example. DNSKEY
www.example. A
www.example. AAAA
mail.example. MX
nothing.example. A
zl.nothing.example. TXT
foo.wild.example. A
foo.wild.example. AAAA
x.y.wild.example. TXT
c.ent.example. A
b.c.ent.example. TXT
a.b.c.ent.example. A
x.dname.example. A
zz.dname.example. A
cname.example. A
cname-wild.example. TXT
cname-none.example. A
_sip._tcp.example. SRV
secure.example. DS
insecure.example. DS
insecure2.example. DS
deep.insecure3.example. DS
z.deep.insecure3.example. DS
secure.example. DNSKEY
www.secure.example. A
nothing.secure.example. A
any.secure.example. TXT'

# ask_all SERVER_PORT DIR OUT ANCHOR: every question through a fresh Unbound
ask_all() {
	uport=$("$compare" --free-port) || return 1
	if ! unbound_start "$2" "$uport" "$1" "$4"; then
		fail_tail "Unbound did not start" "$2/unbound.log"
		unbound_stop
		return 1
	fi
	# shellcheck disable=SC2046 # NAME TYPE pairs
	resolve "$uport" $(printf '%s\n' "$questions") > "$3"
	unbound_stop
}

# serve_with WHO DIR PARENT CHILD: NSD or zonelint serves the zones on
# 127.0.0.1:$port, from DIR (made); else says why and stops the servers
serve_with() {
	mkdir -p "$2"
	port=$("$compare" --free-port) || exit 1
	if [ "$1" = nsd ]; then
		nsd_start "$2" "$port" example. "$3" secure.example. "$4" && return 0
		fail_tail "NSD did not serve $3" "$2/nsd.log"
	else
		serve_start "$2/serve.log" "$port" "$3" "$4" && return 0
		fail_tail "zonelint serve did not start on $3" "$2/serve.log"
	fi
	stop_servers
	return 1
}

stop_servers() {
	serve_stop
	nsd_stop
}

sign_zones "$work" || fail_tail "the zones could not be signed" "$work/sign.log" || exit 1
for parent in example.nsec example.nsec3 example.optout example.ldns; do
	anchor="$work/example.anchor"
	[ "$parent" = example.ldns ] && anchor="$work/example.ldns.anchor"
	# RFC 5155 6: an opt-out span proves nothing secure but delegations
	secure='www.example. A
www.secure.example. A
secure.example. DS
foo.wild.example. A
nothing.example. A'
	[ "$parent" = example.optout ] && secure=$(printf '%s\n' "$secure" | head -3)
	for who in nsd zonelint; do
		dir="$work/$parent.$who"
		serve_with "$who" "$dir" "$work/$parent" "$work/child.signed" || continue
		ask_all "$port" "$dir" "$work/$parent.$who.out" "$anchor"
		stop_servers
	done
	if [ ! -s "$work/$parent.nsd.out" ] || [ ! -s "$work/$parent.zonelint.out" ]; then
		fail "$parent: no answers to compare"
		continue
	fi
	if diff "$work/$parent.nsd.out" "$work/$parent.zonelint.out" > "$work/$parent.diff"; then
		ok "$parent: Unbound answers the same through NSD and zonelint ($(wc -l < "$work/$parent.nsd.out") questions)"
	else
		fail "$parent: Unbound answers otherwise through zonelint (<: NSD, >: zonelint)" \
			"$work/$parent.diff"
	fi
	# the resolver validated: answers that exist are secure through both
	printf '%s\n' "$secure" > "$work/secure"
	while read -r q; do
		got=$(grep "^$q " "$work/$parent.zonelint.out" | cut -d' ' -f3-)
		case $got in
		*' ad') pass ;;
		*) fail "$parent: $q through zonelint: $got, not validated (AD)" "$dir/unbound.log" ;;
		esac
	done < "$work/secure"
done

# a record changed after signing: bogus through both (RFC 4035 5.5)
sed 's/^\(www\.example\.[ 	].*[ 	]A[ 	]*\)192\.0\.2\.10$/\1192.0.2.99/' \
	"$work/example.nsec3" > "$work/example.bogus"
if cmp -s "$work/example.nsec3" "$work/example.bogus"; then
	fail "the test could not change www.example. A in the signed zone"
fi
for who in nsd zonelint; do
	dir="$work/bogus.$who"
	serve_with "$who" "$dir" "$work/example.bogus" "$work/child.signed" || continue
	uport=$("$compare" --free-port) || exit 1
	if unbound_start "$dir" "$uport" "$port" "$work/example.anchor"; then
		got=$(resolve "$uport" www.example. A | cut -d' ' -f3-)
		if [ "$got" = SERVFAIL ]; then
			ok "a changed record is SERVFAIL through $who"
		else
			fail "a changed record through $who: $got, not SERVFAIL" "$dir/unbound.log"
		fi
	else
		fail_tail "Unbound did not start" "$dir/unbound.log"
	fi
	unbound_stop
	stop_servers
done
summary
