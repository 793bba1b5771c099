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

# rules_of FRAGMENT OUT: the zone built from FRAGMENT linted; the ids of the
# rules it reports, sorted, in OUT (the report in OUT.log)
rules_of() {
	# shellcheck disable=SC2016 # $ORIGIN is zone text
	if head -n 1 "$1" | grep -q '^\$ORIGIN'; then
		cp "$1" "$work/example.net.zone"
	else
		cat "$work/head.zone" "$1" > "$work/example.net.zone"
	fi
	"$ZONELINT" lint --format json --min-severity note --config "$work/zonelint.yaml" \
		"$work/example.net.zone" > "$2.log" 2>&1
	rc=$?
	if [ $rc -gt 1 ]; then
		return 1
	fi
	python3 -c 'import json, sys
for r in sorted({f["rule"] for f in json.load(open(sys.argv[1]))["findings"]}):
    print(r)' "$2.log" > "$2"
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
	if ! rules_of "$example" "$work/ex"; then
		fail "$id: the example does not load" "$work/ex.log"
	elif ! grep -qx -- "$id" "$work/ex"; then
		fail "$id: the example does not report $id" "$work/ex.log"
	elif ! rules_of "$fix" "$work/fx"; then
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
