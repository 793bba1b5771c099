#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_srv.sh: "zonelint srv": golden output (RFC 2782, RFC 6186,
# RFC 8314 ports; "0 0 0 ." for absent services), usage errors (exit 2 with
# a clear message), and the records loading in BIND's named-checkzone.
# Environment (set by make check): ZONELINT, top_srcdir.

: "${ZONELINT:?ZONELINT is not set}"
: "${top_srcdir:?top_srcdir is not set}"

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
setup_work
tab=$(printf '\t')

# expect_output NAME EXPECTED-FILE ARGS...: exit 0, nothing on stderr,
# stdout byte for byte as expected.
expect_output()
{
	name=$1
	expected=$2
	shift 2
	run "$name" 0 "$ZONELINT" srv "$@"
	empty "$name" err
	same "$name" "$expected"
}

# expect_usage_error NAME MESSAGE ARGS...: exit 2, nothing on stdout, the
# message and the pointer to --help on stderr.
expect_usage_error()
{
	name=$1
	message=$2
	shift 2
	run "$name" 2 "$ZONELINT" srv "$@"
	empty "$name" out
	printf '%s\n' "zonelint: srv: $message" "Try 'zonelint srv --help'." >"$work/$name.want"
	same "$name" "$work/$name.want" err
}

# ---- golden output ----

printf '_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 443 mail.example.net.\n' \
	>"$work/autodiscover"
expect_output "autodiscover" "$work/autodiscover" example.net --target mail.example.net
expect_output "autodiscover, absolute names" "$work/autodiscover" \
	--target mail.example.net. example.net.

cat >"$work/mail" <<EOF
_submissions._tcp.example.net.${tab}3600${tab}IN${tab}SRV${tab}0 0 465 mail.example.net.
_imaps._tcp.example.net.${tab}3600${tab}IN${tab}SRV${tab}0 0 993 mail.example.net.
_pop3._tcp.example.net.${tab}3600${tab}IN${tab}SRV${tab}0 0 0 .
_imap._tcp.example.net.${tab}3600${tab}IN${tab}SRV${tab}0 0 0 .
EOF
expect_output "services and absent" "$work/mail" example.net --target mail.example.net \
	--services submissions,imaps --absent pop3,imap

cat >"$work/all" <<EOF
_autodiscover._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 443 mail.example.net.
_submissions._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 465 mail.example.net.
_submission._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 587 mail.example.net.
_imaps._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 993 mail.example.net.
_imap._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 143 mail.example.net.
_pop3s._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 995 mail.example.net.
_pop3._tcp.example.net.${tab}300${tab}IN${tab}SRV${tab}10 20 110 mail.example.net.
EOF
expect_output "every service with its port" "$work/all" example.net --target mail.example.net \
	--ttl 300 --priority 10 --weight 20 \
	--services autodiscover,submissions,submission,imaps,imap,pop3s,pop3

printf '_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 8443 mail.example.net.\n' \
	>"$work/port"
expect_output "--port" "$work/port" example.net --target mail.example.net --port 8443

# TTLs as zone files write them (BIND's units)
for ttl in 1h:3600 30m:1800 1d:86400 1W:604800 1h30m:5400 2d1h1m1s:176461 60s:60 0:0; do
	printf '_autodiscover._tcp.example.net.\t%s\tIN\tSRV\t0 0 443 mail.example.net.\n' "${ttl#*:}" \
		>"$work/ttl"
	expect_output "--ttl ${ttl%%:*}" "$work/ttl" example.net --target mail.example.net --ttl "${ttl%%:*}"
done

# a target of one label is a host of the domain, and the note says so
# (mail. for the top-level name is not what anyone means)
printf '_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 443 mail.example.net.\n' >"$work/below"
run "target of one label" 0 "$ZONELINT" srv example.net --target mail
same "target of one label" "$work/below"
has "target of one label" err "zonelint: srv: note: --target mail is taken as mail.example.net. (below example.net); write mail. for the top-level name"
printf '_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 443 mail.\n' >"$work/top"
expect_output "target of one label with a final dot" "$work/top" example.net --target mail.

# ---- usage errors ----

expect_usage_error "bad domain" \
	"bad domain 'exa mple.net': bad character in domain name 'exa mple.net'" \
	'exa mple.net' --target mail.example.net
expect_usage_error "empty label in the target" \
	"bad target 'mail..example.net': empty label in domain name 'mail..example.net'" \
	example.net --target mail..example.net
expect_usage_error "target that is no host name" \
	"bad target 'mail_1.example.net': a host name has only letters, digits and hyphens (RFC 1123 2.1)" \
	example.net --target mail_1.example.net
expect_usage_error "domain with a typing slip" \
	"bad domain 'example,net': a host name has only letters, digits and hyphens (RFC 1123 2.1)" \
	example,net --target mail.example.net
expect_usage_error "label starting with a hyphen" \
	"bad target '-mail.example.net': a label of a host name cannot start or end with a hyphen (RFC 1123 2.1)" \
	example.net --target=-mail.example.net
expect_usage_error "label too long" \
	"bad domain 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.net': label longer than 63 octets in 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.net'" \
	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.net --target mail.example.net
expect_usage_error "port too large" "bad port '65536': it must be 0-65535" \
	example.net --target mail.example.net --port 65536
expect_usage_error "port not a number" "bad port '44x': it must be 0-65535" \
	example.net --target mail.example.net --port 44x
expect_usage_error "negative port" "bad port '-1': it must be 0-65535" \
	example.net --target mail.example.net --port=-1
expect_usage_error "port for several services" "a port applies to one service, 2 given" \
	example.net --target mail.example.net --services imaps,imap --port 1993
expect_usage_error "TTL beyond RFC 2181" \
	"bad TTL '2147483648': seconds (0-2147483647, RFC 2181 8), or with units: 1h, 30m, 1d, 1w, 1h30m" \
	example.net --target mail.example.net --ttl 2147483648
expect_usage_error "TTL with units beyond RFC 2181" \
	"bad TTL '3551w': seconds (0-2147483647, RFC 2181 8), or with units: 1h, 30m, 1d, 1w, 1h30m" \
	example.net --target mail.example.net --ttl 3551w
expect_usage_error "TTL with a number left without its unit" \
	"bad TTL '1h30': seconds (0-2147483647, RFC 2181 8), or with units: 1h, 30m, 1d, 1w, 1h30m" \
	example.net --target mail.example.net --ttl 1h30
expect_usage_error "TTL with an unknown unit" \
	"bad TTL '1y': seconds (0-2147483647, RFC 2181 8), or with units: 1h, 30m, 1d, 1w, 1h30m" \
	example.net --target mail.example.net --ttl 1y
expect_usage_error "priority too large" "bad priority '70000': it must be 0-65535" \
	example.net --target mail.example.net --priority 70000
expect_usage_error "unknown service" \
	"unknown service 'smtp' in --services (known: autodiscover, submissions, submission, imaps, imap, pop3s, pop3)" \
	example.net --target mail.example.net --services imaps,smtp
expect_usage_error "offered and absent" "service 'imap' is both offered and declared absent" \
	example.net --target mail.example.net --services imaps,imap --absent imap
expect_usage_error "no target" "--target HOST is required" example.net
expect_usage_error "no domain" "no domain given" --target mail.example.net
expect_usage_error "two domains" "one domain at a time; 'example.org' is one too many" \
	example.net example.org --target mail.example.net
expect_usage_error "unknown option" "unknown option '--bogus'" \
	example.net --target mail.example.net --bogus
expect_usage_error "option without its argument" "option '--target' needs an argument" \
	example.net --target

# ---- --help names every option and port ----

"$ZONELINT" srv --help >"$work/help" 2>&1 || fail "--help: exit $?"
for word in --target --services --absent --port --ttl --priority --weight \
	'autodiscover  443' 'submissions   465' 'submission    587' 'imaps         993' \
	'imap          143' 'pop3s         995' 'pop3          110'; do
	grep -q -e "$word" "$work/help" || fail "--help does not mention '$word'"
done

# ---- the records load in BIND's named-checkzone ----

if command -v named-checkzone >/dev/null 2>&1; then
	{
		# shellcheck disable=SC2016 # $TTL is zone text
		printf '$TTL 3600\n'
		printf 'example.net. IN SOA ns1.example.com. hostmaster.example.net. 1 7200 900 1209600 300\n'
		printf 'example.net. IN NS ns1.example.com.\n'
		printf 'mail.example.net. IN A 192.0.2.25\n'
		"$ZONELINT" srv example.net --target mail.example.net \
			--services autodiscover,submissions,submission,imaps,pop3s --absent imap,pop3
	} >"$work/example.net.zone"
	if ! named-checkzone example.net "$work/example.net.zone" >"$work/check" 2>&1; then
		fail "named-checkzone refused the records:"
		cat "$work/check"
	fi
	grep -q '^OK$' "$work/check" || fail "named-checkzone did not say OK: $(cat "$work/check")"
	[ "$(grep -c SRV "$work/example.net.zone")" -eq 7 ] || fail "expected 7 SRV records"
else
	echo "SKIP: named-checkzone not installed (Debian package bind9-utils)" >&2
	[ "$failed" -eq 0 ] && exit 77
fi

[ "$failed" -eq 0 ] || exit 1
exit 0
