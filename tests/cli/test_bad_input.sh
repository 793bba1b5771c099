#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_bad_input.sh: runs zonelint on every case of the bad-input
# corpus, tests/bad/, and checks what each case's NAME.expect file says it
# must give. Bad input gets a one-line `FILE:LINE: message` (or `FILE:
# message` for a file that cannot be read) and exit status 2 (lint's
# summary line of the findings after it, the syntax finding among them, is
# not counted); valid input
# that looks odd (CR LF, RFC 3597 generic types, A-labels) loads, and where
# the expect file names an oracle, zone_lookup answers every question as NSD
# does on the same file. Never a crash (a signal), never a hang (every run
# is bounded by `timeout`).
#
# NAME.expect, one field a line ("# ..." says what the case is):
#   setup: CMD     shell command run first in the work directory (a copy of
#                  tests/bad/): FIFOs, links, generated large files
#   run: ARGS      the zonelint arguments (split at blanks)
#   exit: N        the exit status wanted
#   stderr: ERE    the first line of stderr must match
#   last: ERE      the last line of stderr must match
#   lines: N|any   lines on stderr (default: 1 when exit is 2, else any)
#   stdout: ERE    some line of stdout must match
#   unchanged: F   file F must be byte for byte what it was before the run
#   oracle: F      zone file F, served by NSD, answers as zone_lookup does
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=../server/nsd.sh
. "$top_srcdir/tests/server/nsd.sh"

compare="$top_builddir/tests/server/dnscompare"
# at exit, NSD and the jobs of this shell (a case's writer to a FIFO) stop
setup_work 'nsd_stop; jobs -p | xargs -r kill 2>/dev/null'
cp -R "$top_srcdir/tests/bad/." "$work/"
chmod -R u+w "$work"
cd "$work" || exit 1

# case_failed NAME WHY: the case NAME failed, with what zonelint printed
case_failed() {
	fail "$1: $2"
	for f in out err; do
		if [ -s "$1.$f" ]; then
			echo "    $f:"
			cut -c1-300 "$1.$f" | head -5 | sed 's/^/      /'
		fi
	done
}

# field NAME: the values of one field of the case's expect file
field() {
	sed -n "s/^$1: //p" "$expect"
}

# oracle F: NSD serves F; dnscompare asks both every name of the zone
oracle() {
	origin=$("$compare" --origin-of "$1") || return 1
	port=$("$compare" --free-port) || return 1
	dir="$work/nsd-$name"
	mkdir -p "$dir"
	nsdfile=$(nsd_zone_copy "$origin" "$work/$1" "$dir") || return 1
	if ! nsd_start "$dir" "$port" "$origin" "$nsdfile"; then
		sed 's/^/    /' "$dir/nsd.log" | tail -5
		nsd_stop
		return 1
	fi
	"$compare" --tcp --nsd "127.0.0.1:$port" "$1" > "$dir/compare.log" 2>&1
	rc=$?
	nsd_stop
	[ $rc -eq 0 ] || sed 's/^/    /' "$dir/compare.log" | head -10
	return $rc
}

for expect in *.expect; do
	name=${expect%.expect}
	setup=$(field setup)
	run=$(field run)
	want_exit=$(field exit)
	want_err=$(field stderr)
	want_last=$(field last)
	want_out=$(field stdout)
	lines=$(field lines)
	unchanged=$(field unchanged)
	oracle_file=$(field oracle)
	if [ -z "$run" ] || [ -z "$want_exit" ]; then
		case_failed "$name" "the expect file needs run: and exit:"
		continue
	fi
	if [ -n "$setup" ] && ! sh -c "$setup" > "$name.setup" 2>&1; then
		case_failed "$name" "setup failed: $(head -3 "$name.setup")"
		continue
	fi
	if [ -n "$unchanged" ]; then
		cp -p "$unchanged" "$name.before"
	fi
	set -f
	# shellcheck disable=SC2086 # the arguments are words
	timeout 60 "$ZONELINT" $run > "$name.out" 2> "$name.err" < /dev/null
	status=$?
	set +f
	if [ $status -eq 124 ]; then
		case_failed "$name" "did not finish in 60 seconds"
		continue
	fi
	if [ $status -ge 126 ]; then
		case_failed "$name" "exit status $status (a crash or a signal)"
		continue
	fi
	# the summary line that ends a text report of findings (a file that
	# does not parse is one, rule syntax) is no message about the input
	if [ "$want_exit" = 2 ] && tail -n 1 "$name.err" | grep -Eq '^[0-9]+ findings? \([0-9]+ errors?, '; then
		sed -i '$d' "$name.err"
	fi
	if [ "$status" != "$want_exit" ]; then
		case_failed "$name" "exit status $status, wanted $want_exit"
		continue
	fi
	if [ -n "$want_err" ] && ! head -n 1 "$name.err" | grep -Eq -- "$want_err"; then
		case_failed "$name" "the first line of stderr does not match /$want_err/"
		continue
	fi
	if [ -n "$want_last" ] && ! tail -n 1 "$name.err" | grep -Eq -- "$want_last"; then
		case_failed "$name" "the last line of stderr does not match /$want_last/"
		continue
	fi
	if [ -z "$lines" ] && [ "$want_exit" = 2 ]; then
		lines=1
	fi
	if [ -n "$lines" ] && [ "$lines" != any ] && [ "$(wc -l < "$name.err")" -ne "$lines" ]; then
		case_failed "$name" "$(wc -l < "$name.err") lines on stderr, wanted $lines"
		continue
	fi
	# every message names where: FILE:LINE: or FILE: or zonelint:
	where='^([^ :]+(:[0-9]+)?|zonelint): [^ ]|^Try '
	if [ "$want_exit" = 2 ] && grep -Evq "$where" "$name.err"; then
		case_failed "$name" "a line on stderr that is not FILE:LINE: message"
		continue
	fi
	if [ -n "$want_out" ] && ! grep -Eq -- "$want_out" "$name.out"; then
		case_failed "$name" "no line of stdout matches /$want_out/"
		continue
	fi
	if [ -n "$unchanged" ] && ! cmp -s "$unchanged" "$name.before"; then
		case_failed "$name" "$unchanged was changed"
		continue
	fi
	if [ -n "$oracle_file" ] && ! oracle "$oracle_file"; then
		case_failed "$name" "zone_lookup and NSD answer differently for $oracle_file"
		continue
	fi
	pass
done
summary
status=$?
if [ $passed -lt 40 ]; then
	echo "test_bad_input: fewer than 40 cases ran"
	status=1
fi
exit $status
