#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_fix.sh: zonelint fix end to end on zones made here, each
# result loaded by named-checkzone and compared record by record with what
# the fix meant: blank owners that a commented-out record gave its owner to
# (RFC 1035 5.1), wildcard-only zones, the SRV target chosen, findings no
# remedy addresses, refusals, CR LF files, the file mode, a file changed while fix runs,
# and --diff applied with patch giving the bytes of --in-place.
# shellcheck disable=SC2016 # zone text: $ORIGIN and the like are no shell variables
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
setup_work

# records FILE: the zone as named-checkzone loads it, one record a line,
# fields separated by one blank, in its order (owners sorted)
records() {
	named-checkzone -q -D -o - example.net "$1" | grep -v '^;' | awk '{$1=$1; print}'
}

# same_records NAME FILE: named-checkzone loads FILE to exactly $work/NAME.want
same_records() {
	checks=$((checks + 1))
	if ! records "$2" > "$work/$1.got" 2> "$work/$1.nc"; then
		fail "$1: named-checkzone does not load $2: $(cat "$work/$1.nc")"
		return
	fi
	if ! cmp -s "$work/$1.want" "$work/$1.got"; then
		fail "$1: the records of $2 differ from what the fix meant:"
		diff -u "$work/$1.want" "$work/$1.got" | head -20
	fi
}

# fix_both NAME ZONEFILE [ARGS...]: --diff applied with patch to a copy and
# --in-place on the file must give the same bytes; --in-place's status,
# stdout and stderr are NAME's
fix_both() {
	name=$1
	zone=$2
	shift 2
	cp "$zone" "$work/$name.patched"
	"$ZONELINT" fix --diff "$@" "$zone" > "$work/$name.diff" 2> /dev/null
	checks=$((checks + 1))
	if [ -s "$work/$name.diff" ] && ! patch -s "$work/$name.patched" < "$work/$name.diff"; then
		fail "$name: patch does not apply the diff"
	fi
	"$ZONELINT" fix --in-place "$@" "$zone" > "$work/$name.out" 2> "$work/$name.err"
	echo $? > "$work/$name.status"
	cmp -s "$zone" "$work/$name.patched" || {
		fail "$name: --in-place differs from --diff applied with patch:"
		diff "$work/$name.patched" "$zone" | head -10
	}
}

status_is() { # NAME EXIT
	checks=$((checks + 1))
	if [ "$(cat "$work/$1.status")" != "$2" ]; then
		fail "$1: exit $(cat "$work/$1.status"), expected $2"
		sed 's/^/    err: /' "$work/$1.err" | head -5
	fi
}

# the mail host's certificate names it, the web server's www only
cat > "$work/.zonelint.yaml" << 'YAML'
certificates:
  - names: [mail.example.net]
    hosts: [mail.example.net]
  - names: [www.example.net]
    hosts: [192.0.2.80]
YAML
head='$ORIGIN example.net.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
  IN NS ns1
  IN MX 10 mail
ns1 IN A 192.0.2.53
mail A 192.0.2.25'
# the records every zone below keeps, after the fix (serial 2)
keep='example.net. 3600 IN SOA ns1.example.net. hostmaster.example.net. 2 7200 3600 1209600 3600
example.net. 3600 IN NS ns1.example.net.
example.net. 3600 IN MX 10 mail.example.net.'
cd "$work" || exit 1

# ---- a commented-out record whose next line has a blank owner ----
printf '%s\n' "$head" 'autodiscover IN A 192.0.2.25' '	IN TXT "hello"' > blank.zone
fix_both blank blank.zone
status_is blank 0
has blank err "1 line with a blank owner got its owner written out"
grep -q '^autodiscover	IN TXT "hello"$' blank.zone || fail "blank: the TXT line has no owner: $(cat blank.zone)"
cat > blank.want << WANT
$keep
_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.
autodiscover.example.net. 3600 IN TXT "hello"
mail.example.net. 3600 IN A 192.0.2.25
ns1.example.net. 3600 IN A 192.0.2.53
WANT
same_records blank blank.zone
run blank-lint 0 "$ZONELINT" lint blank.zone

# the same with parenthesised records on several lines, comments between
printf '%s\n' "$head" 'autodiscover IN A (' '        192.0.2.25 ) ; the mail host' '; more of autodiscover' '' \
	'        IN AAAA ( 2001:db8::25 )' '        IN TXT ( "hello"' '                 "world" )' \
	'        IN TXT "again"' 'www A 192.0.2.80' > multi.zone
printf '%s\n' 'certificates:' '  - names: [mail.example.net]' '    hosts: [mail.example.net, 2001:db8::25]' \
	> multi.yaml
fix_both multi multi.zone --config multi.yaml
status_is multi 0
cat > multi.want << WANT
$keep
_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.
autodiscover.example.net. 3600 IN TXT "again"
autodiscover.example.net. 3600 IN TXT "hello" "world"
mail.example.net. 3600 IN A 192.0.2.25
ns1.example.net. 3600 IN A 192.0.2.53
www.example.net. 3600 IN A 192.0.2.80
WANT
same_records multi multi.zone
# the owner is longer than the blanks it replaces: one blank follows it
grep -q '^autodiscover IN TXT ( "hello"$' multi.zone ||
	fail "multi: the owner is not written out as the file would: $(cat multi.zone)"
grep -q '^        IN TXT "again"$' multi.zone || fail "multi: a line it need not touch changed"

# ---- a wildcard and nothing at autodiscover: a blocking node and the SRV ----
printf '%s\n' "$head" 'www A 192.0.2.80' '* A 192.0.2.80' > wild.zone
run wild-lint-before 1 "$ZONELINT" lint wild.zone
has wild-lint-before out "[autodiscover-wildcard]"
fix_both wild wild.zone
status_is wild 0
cat > wild.want << WANT
$keep
*.example.net. 3600 IN A 192.0.2.80
_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.
autodiscover.example.net. 3600 IN TXT "autodiscover via SRV"
mail.example.net. 3600 IN A 192.0.2.25
ns1.example.net. 3600 IN A 192.0.2.53
www.example.net. 3600 IN A 192.0.2.80
WANT
same_records wild wild.zone
# the new names join the block of example.net
sed -n 6,7p wild.zone > wild.block
# in the file's style: relative names, as its MX and NS records write them
printf '%s\n' '_autodiscover._tcp IN SRV 0 0 443 mail' 'autodiscover IN TXT "autodiscover via SRV"' |
	cmp -s - wild.block ||
	fail "wild: new records not after the apex block: $(cat wild.zone)"
run wild-lint-after 0 "$ZONELINT" lint wild.zone
empty wild-lint-after out

# ---- where the SRV record points ----
# autodiscover CNAME web, and web's certificate names neither: the MX host
printf '%s\n' "$head" 'web A 192.0.2.80' 'autodiscover CNAME web' > web.zone
fix_both web web.zone
status_is web 0
grep -q '^_autodiscover._tcp IN SRV 0 0 443 mail$' web.zone ||
	fail "web: SRV not pointed at the mail host: $(cat web.zone)"
run web-lint 0 "$ZONELINT" lint web.zone

# a wildcard CNAME to the web server is no autodiscover host
printf '%s\n' "$head" 'www A 192.0.2.80' '* CNAME www' > wcname.zone
fix_both wcname wcname.zone
# the wildcard CNAME itself has no remedy: fix says so, exit 1
status_is wcname 1
has wcname err "left as is: 1 finding in wcname.zone that fix cannot remove"
has wcname err "[wildcard-cname]"
grep -q '^_autodiscover._tcp IN SRV 0 0 443 mail$' wcname.zone ||
	fail "wcname: SRV not pointed at the mail host: $(cat wcname.zone)"
run wcname-checkzone 0 named-checkzone -q example.net wcname.zone

# a CNAME to a host outside the zone: the SRV record points there
printf '%s\n' "$head" 'autodiscover CNAME exch.hoster.example.' > outside.zone
fix_both outside outside.zone
status_is outside 0
grep -q '^_autodiscover._tcp IN SRV 0 0 443 exch.hoster.example.$' outside.zone ||
	fail "outside: SRV not pointed at the CNAME target: $(cat outside.zone)"
run outside-checkzone 0 named-checkzone -q example.net outside.zone

# an SRV target that is an alias: repointed at the end of the chain
printf '%s\n' "$head" '_autodiscover._tcp SRV 0 0 443 ad' 'ad CNAME mail' > alias.zone
fix_both alias alias.zone
status_is alias 0
cat > alias.want << WANT
$keep
_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.
ad.example.net. 3600 IN CNAME mail.example.net.
mail.example.net. 3600 IN A 192.0.2.25
ns1.example.net. 3600 IN A 192.0.2.53
WANT
same_records alias alias.zone
grep -q '^; zonelint: was: _autodiscover._tcp SRV 0 0 443 ad$' alias.zone || fail "alias: old record not commented out"
run alias-lint 0 "$ZONELINT" lint alias.zone

# an MX target that is an alias: pointed at the end of the chain, in the
# file's style (a relative name here)
printf '%s\n' '$ORIGIN example.net.' '$TTL 3600' '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ IN NS ns1' '@ IN MX 10 smtp' 'ns1 IN A 192.0.2.53' 'mail A 192.0.2.25' 'smtp CNAME mail' > mxalias.zone
fix_both mxalias mxalias.zone
grep -q '^; zonelint: was: @ IN MX 10 smtp$' mxalias.zone || fail "mxalias: old MX not commented out: $(cat mxalias.zone)"
grep -q '^@ *IN MX 10 mail$' mxalias.zone || fail "mxalias: the new MX is not written relative: $(cat mxalias.zone)"
run mxalias-checkzone 0 named-checkzone -q example.net mxalias.zone
# ... unless the name has an MX record for that host already: that record
# serves, the aliased one goes (not a second MX for one host)
printf '%s\n' '$ORIGIN example.net.' '$TTL 3600' '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ IN NS ns1' '@ IN MX 10 mail' '@ IN MX 20 relay' 'ns1 IN A 192.0.2.53' 'mail A 192.0.2.25' \
	'relay CNAME mail' > mxtwice.zone
fix_both mxtwice mxtwice.zone
grep -q '^; zonelint: was: @ IN MX 20 relay$' mxtwice.zone || fail "mxtwice: the aliased MX was not removed: $(cat mxtwice.zone)"
checks=$((checks + 1))
[ "$(records mxtwice.zone | grep -c ' IN MX ')" = 1 ] || fail "mxtwice: not one MX record: $(records mxtwice.zone)"

# what is left is cited at its line in the file written (the records added
# above it move it down: * was on line 9, is on line 12)
printf '%s\n' "$head" 'www A 192.0.2.80' '* CNAME www' > moved.zone
fix_both moved moved.zone
has moved err "  moved.zone:12:1: warning: the wildcard CNAME *.example.net."
checks=$((checks + 1))
[ "$(sed -n 12p moved.zone)" = '* CNAME www' ] || fail "moved: line 12 is not the wildcard: $(cat -n moved.zone)"

# ---- what fix cannot do ----
# the mail host's certificate does not name it: no host for an SRV record
printf '%s\n' 'certificates:' '  - names: [smtp.example.org]' '    hosts: [mail.example.net]' > bad.yaml
printf '%s\n' "$head" > nohelp.zone
cp nohelp.zone nohelp.before
run nohelp 1 "$ZONELINT" fix --in-place --config bad.yaml nohelp.zone
has nohelp err "nothing fix can do: 1 finding in nohelp.zone that fix cannot remove"
has nohelp err "nohelp.zone:5:1: warning: example.net has no _autodiscover._tcp SRV record"
has nohelp err "no host to point the record at: mail.example.net (192.0.2.25) presents a certificate for smtp.example.org only"
lacks nohelp err "nothing to fix"
cmp -s nohelp.zone nohelp.before || fail "nohelp: the file changed"
# part of it: the alias goes, the missing SRV record is said to stay
printf '%s\n' "$head" 'autodiscover CNAME mail' > part.zone
run part-plan 1 "$ZONELINT" fix --config bad.yaml part.zone
has part-plan out "remove line 8: autodiscover CNAME mail"
has part-plan out "and leave as is (no remedy known):"
has part-plan out "[autodiscover-srv-missing]"
fix_both part part.zone --config bad.yaml
status_is part 1
has part err "wrote part.zone: 1 record commented out, 0 added"
has part err "left as is: 1 finding in part.zone that fix cannot remove"

# a fix that would bring a new error instead of the old one is refused
printf '%s\n' 'certificates:' '  - names: [mail.example.net]' '    hosts: [mail.example.net]' \
	'  - names: [example.org]' '    hosts: [192.0.2.80]' 'mail:' '  autodiscover-host: www.example.net' > worse.yaml
printf '%s\n' "$head" 'www A 192.0.2.80' 'autodiscover CNAME www' > worse.zone
cp worse.zone worse.before
run worse 2 "$ZONELINT" fix --in-place --config worse.yaml worse.zone
has worse err "refusing: the fixed zone would have a new error: the _autodiscover._tcp SRV target www.example.net"
has worse err "[autodiscover-srv-target]"
cmp -s worse.zone worse.before || fail "worse: the file changed"

# ---- a file with CR LF line ends: the lines fix writes end so too ----
printf '%s\n' "$head" 'www A 192.0.2.80' '* A 192.0.2.80' | sed 's/$/\r/' > crlf.zone
fix_both crlf crlf.zone
status_is crlf 0
checks=$((checks + 1))
[ "$(grep -c "$(printf '\r')\$" crlf.zone)" = "$(wc -l < crlf.zone)" ] ||
	fail "crlf: not every line ends in CR LF: $(od -c crlf.zone | tail -5)"
sed 's/\r$//' wild.want > crlf.want
same_records crlf crlf.zone

# ---- the file itself ----
printf '%s\n' "$head" 'autodiscover CNAME mail' > mode.zone
chmod 640 mode.zone
run mode 0 "$ZONELINT" fix --in-place mode.zone
[ "$(stat -c %a mode.zone)" = 640 ] || fail "mode: $(stat -c %a mode.zone), expected 640"
checks=$((checks + 1))

# changed while fix runs: the certificate comes from a FIFO, so fix waits
# for it at a known point (its lint before the plan, then its lint of the
# fixed zone after the plan) while the test changes the zone file
if make_cert cert mail.example.net DNS:mail.example.net; then
	printf '%s\n' 'certificates:' '  - pem: cert.fifo' '    hosts: [mail.example.net]' > fifo.yaml
	mkfifo cert.fifo
	# between the load and the plan: the plan refuses (zone identity)
	printf '%s\n' "$head" 'autodiscover CNAME mail' > race1.zone
	timeout 60 "$ZONELINT" fix --in-place --config fifo.yaml race1.zone > race1.out 2> race1.err &
	pid=$!
	timeout 60 sh -c '{ echo "; edited while fix ran" >> race1.zone; cat cert.pem; } > cert.fifo'
	wait $pid
	echo $? > race1.status
	status_is race1 2
	has race1 err "race1.zone: the file changed after the zone was read from it (its size differs)"
	tail -n 1 race1.zone | grep -q '^; edited while fix ran$' || fail "race1: the edit was overwritten"
	grep -q '^autodiscover CNAME mail$' race1.zone || fail "race1: fix wrote anyway"
	# between the plan and the write: the atomic write refuses
	printf '%s\n' "$head" 'autodiscover CNAME mail' > race2.zone
	timeout 60 "$ZONELINT" fix --in-place --config fifo.yaml race2.zone > race2.out 2> race2.err &
	pid=$!
	timeout 60 sh -c 'cat cert.pem > cert.fifo'
	timeout 60 sh -c '{ echo "; edited while fix ran" >> race2.zone; cat cert.pem; } > cert.fifo'
	wait $pid
	echo $? > race2.status
	status_is race2 2
	has race2 err "cannot write race2.zone: it changed since it was read; nothing written"
	tail -n 1 race2.zone | grep -q '^; edited while fix ran$' || fail "race2: the edit was overwritten"
	[ -n "$(find . -maxdepth 1 -name '*.zonelint-*')" ] && fail "race2: a temporary file was left behind"
else
	echo "SKIP: openssl cannot make a certificate: no test of a file changed while fix runs"
fi

echo "test_fix: $checks checks, $failed failures"
[ "$failed" -eq 0 ]
