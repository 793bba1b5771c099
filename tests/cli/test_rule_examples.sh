#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_rule_examples.sh: every rule's example and fix in the
# manual page is real. As RULES in doc/zonelint.1 says, each example is put
# into the zone example.net (after its SOA, NS and ns1 records, unless it
# begins with $ORIGIN) with the certificates the page names, and linted:
# the example must report its rule; the fix must not, nor any rule the
# example did not report. `zonelint help RULE-ID` must print the same
# example and fix as the page.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
man=$top_srcdir/doc/zonelint.1
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
setup_work

mkdir "$work/doc"
awk -v dir="$work/doc" -f "$top_srcdir/tests/cli/mandoc-rules.awk" "$man" > "$work/entries"

# what the page says surrounds the examples
cat > "$work/head.zone" << 'EOF'
$ORIGIN example.net.
$TTL 3600
@       SOA   ns1 hostmaster 1 7200 3600 1209600 3600
        NS    ns1
ns1     A     192.0.2.53
EOF
cat > "$work/zonelint.yaml" << 'EOF'
certificates:
  - names: [mail.example.net]
    hosts: [mail.example.net]
  - names: [example.net, www.example.net]
    hosts: [192.0.2.80]
EOF

# serial-not-increased compares with the zone's version in git: as the page
# says, the head with www A 192.0.2.80 and serial 1, committed here
mkdir "$work/git"
git -C "$work/git" init -q
{
	cat "$work/head.zone"
	echo 'www     A     192.0.2.80'
} > "$work/git/example.net.zone"
git -C "$work/git" add example.net.zone
git -C "$work/git" -c user.name=test -c user.email=test@example.net commit -q -m previous ||
	fail "serial-not-increased: the previous version is not committed"

# rules_of ID FRAGMENT OUT: the zone built from FRAGMENT linted; the ids of
# the rules it reports, sorted, in OUT (the report in OUT.log). For syntax
# the zone does not load (exit status 2, the finding in the report); for
# serial-not-increased it is linted in the repository above, with
# --previous HEAD.
rules_of() {
	ro_id=$1 ro_fragment=$2 ro_out=$3
	zone=$work/example.net.zone
	set --
	if [ "$ro_id" = serial-not-increased ]; then
		zone=$work/git/example.net.zone
		set -- --previous HEAD
	fi
	# shellcheck disable=SC2016 # $ORIGIN is zone text
	if head -n 1 "$ro_fragment" | grep -q '^\$ORIGIN'; then
		cp "$ro_fragment" "$zone"
	else
		cat "$work/head.zone" "$ro_fragment" > "$zone"
	fi
	(cd "${zone%/*}" && "$ZONELINT" lint --format json --min-severity note \
		--config "$work/zonelint.yaml" "$@" "$zone") > "$ro_out.log" 2> "$ro_out.err"
	rc=$?
	if [ $rc -gt 2 ] || { [ $rc -eq 2 ] && [ "$ro_id" != syntax ]; }; then
		cat "$ro_out.err" >> "$ro_out.log"
		return 1
	fi
	python3 -c 'import json, sys
for r in sorted({f["rule"] for f in json.load(open(sys.argv[1]))["findings"]}):
    print(r)' "$ro_out.log" > "$ro_out"
}

# help_block ID HEADING: the lines under HEADING in `zonelint help ID`
help_block() {
	"$ZONELINT" help "$1" | awk -v h="$2" '
		index($0, h) == 1 { on = 1; next }
		on && /^$/ { exit }
		on { sub(/^    /, ""); print }'
}

for id in $("$ZONELINT" lint --list-rules | awk '{print $1}'); do
	example=$work/doc/$id.example
	fix=$work/doc/$id.fix
	if [ ! -s "$example" ] || [ ! -s "$fix" ]; then
		fail "$id: no Example: and Fix: in doc/zonelint.1"
		continue
	fi
	if ! rules_of "$id" "$example" "$work/ex"; then
		fail "$id: the example does not load" "$work/ex.log"
	elif ! grep -qx -- "$id" "$work/ex"; then
		fail "$id: the example does not report $id" "$work/ex.log"
	elif ! rules_of "$id" "$fix" "$work/fx"; then
		fail "$id: the fix does not load" "$work/fx.log"
	elif grep -qx -- "$id" "$work/fx"; then
		fail "$id: the fix still reports $id" "$work/fx.log"
	elif grep -qvxF -f "$work/ex" "$work/fx"; then
		fail "$id: the fix reports what the example did not: $(grep -vxF -f "$work/ex" "$work/fx" | tr '\n' ' ')" \
			"$work/fx.log"
	else
		pass
	fi
	help_block "$id" "Example" > "$work/help.example"
	help_block "$id" "Fix:" > "$work/help.fix"
	if cmp -s "$example" "$work/help.example" && cmp -s "$fix" "$work/help.fix"; then
		pass
	else
		fail "$id: zonelint help prints another example or fix than the manual page"
		diff "$example" "$work/help.example" | sed 's/^/    /'
		diff "$fix" "$work/help.fix" | sed 's/^/    /'
	fi
done

summary
