#!/bin/sh
# tests/cli/test_docs.sh: the man page documents every rule id and every
# option the program knows (from `lint --list-rules` and each --help), and
# renders without warnings.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
man="$top_srcdir/doc/zonelint.1"
status=0
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
