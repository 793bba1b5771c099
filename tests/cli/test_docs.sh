#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_docs.sh: the man page documents every rule id and every
# option the program knows (from `lint --list-rules` and each --help), each
# rule with its default severity, an example and a fix (whether they are
# right: test_rule_examples.sh), every command and exit status, carries the
# program's version, and renders without warnings.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
man="$top_srcdir/doc/zonelint.1"
status=0
setup_work
awk -v dir="$work" -f "$top_srcdir/tests/cli/mandoc-rules.awk" "$man" > "$work/entries"
"$ZONELINT" lint --list-rules | awk '{print "rule", $1, $2}' > "$work/rules"
while read -r _ id severity; do
	if ! grep -q "^rule $id " "$work/entries"; then
		continue # reported below
	elif ! grep -qx "rule $id $severity" "$work/entries"; then
		echo "FAIL: rule $id: doc/zonelint.1 gives another severity than $severity"
		status=1
	fi
	if [ ! -s "$work/$id.example" ] || [ ! -s "$work/$id.fix" ]; then
		echo "FAIL: rule $id: no Example: and Fix: block (.EX ... .EE) in doc/zonelint.1"
		status=1
	fi
done < "$work/rules"
# the page's version is the program's (AC_INIT in configure.ac)
version=$("$ZONELINT" --version | sed -n '1s/^zonelint //p')
if ! grep -q "^\.TH ZONELINT 1 \"[^\"]*\" \"zonelint $version\"" "$man"; then
	echo "FAIL: doc/zonelint.1: .TH does not name zonelint $version"
	status=1
fi
for cmd in lint explain fix srv serve help; do
	if ! grep -q "^\.SS zonelint $cmd " "$man"; then
		echo "FAIL: command $cmd has no section in doc/zonelint.1"
		status=1
	fi
done
for code in 0 1 2; do
	if ! sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man" | grep -qx "\.B $code"; then
		echo "FAIL: exit status $code is not in EXIT STATUS"
		status=1
	fi
done
# in roff a hyphen is written \-
plain=$(sed 's/\\-/-/g' "$man")
for id in $("$ZONELINT" lint --list-rules | awk '{print $1}'); do
	if ! printf '%s\n' "$plain" | grep -q -- "^\.B $id "; then
		echo "FAIL: rule $id is not described in doc/zonelint.1"
		status=1
	fi
done
for cmd in lint explain fix srv serve; do
	for opt in $("$ZONELINT" "$cmd" --help | grep -oE -- '--[a-z-]+' | sort -u); do
		[ "$opt" = "--help" ] && continue
		if ! printf '%s\n' "$plain" | grep -q -- "$opt"; then
			echo "FAIL: $cmd option $opt is not in doc/zonelint.1"
			status=1
		fi
	done
done
if command -v groff > /dev/null 2>&1; then
	warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	if [ -n "$warnings" ]; then
		echo "FAIL: groff warns about doc/zonelint.1:"
		echo "$warnings"
		status=1
	fi
fi
exit $status
