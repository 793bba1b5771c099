#!/bin/sh
# tests/cli/test_help.sh: zonelint --help, --version and `zonelint help`:
# the overview lists every command, `help COMMAND` is that command's
# --help, `help rules` the rule list, `help RULE-ID` every rule with its
# severity, description, references, example and fix; an unknown topic or
# command is exit 2 with the nearest name; the version is AC_INIT's.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
work=$(mktemp -d /tmp/zonelint-help.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	if [ $# -gt 1 ] && [ -f "$2" ]; then
		sed 's/^/    /' "$2" | head -20
	fi
}

# run NAME EXIT ARGS...: zonelint ARGS, stdout in $work/NAME.out, stderr in
# $work/NAME.err, and the exit status checked
run() {
	name=$1
	want=$2
	shift 2
	"$ZONELINT" "$@" > "$work/$name.out" 2> "$work/$name.err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		fail "zonelint $*: exit $got, expected $want" "$work/$name.err"
	fi
}
has() { # NAME STREAM TEXT
	if grep -qF -- "$3" "$work/$1.$2"; then
		passed=$((passed + 1))
	else
		fail "$1: $2 lacks: $3" "$work/$1.$2"
	fi
}
empty() { # NAME STREAM
	if [ -s "$work/$1.$2" ]; then
		fail "$1: $2 is not empty" "$work/$1.$2"
	else
		passed=$((passed + 1))
	fi
}
same() { # NAME OTHER: the two outputs are identical
	if cmp -s "$work/$1.out" "$work/$2.out"; then
		passed=$((passed + 1))
	else
		fail "$1 and $2 differ"
		diff "$work/$2.out" "$work/$1.out" | sed 's/^/    /' | head -10
	fi
}

run overview 0 --help
empty overview err
for c in lint explain fix srv serve help; do
	has overview out "  $c "
done
has overview out "zonelint help RULE-ID"
run overview-h 0 -h
same overview-h overview
run help-alone 0 help
same help-alone overview
run help-help 0 help help
same help-help overview
run no-args 2
empty no-args out
has no-args err "Usage: zonelint COMMAND"

for c in lint explain fix srv serve; do
	run "help-$c" 0 help "$c"
	run "$c-help" 0 "$c" --help
	same "help-$c" "$c-help"
done
run help-rules 0 help rules
run list-rules 0 lint --list-rules
same help-rules list-rules

# every rule, with what the rule table says of it
"$ZONELINT" lint --list-rules > "$work/rules"
while read -r id severity summary; do
	run "rule-$id" 0 help "$id"
	empty "rule-$id" err
	head -n 1 "$work/rule-$id.out" > "$work/first"
	case $(cat "$work/first") in
	"$id ($severity): "*) passed=$((passed + 1)) ;;
	*) fail "help $id: the first line is not '$id ($severity): ...'" "$work/first" ;;
	esac
	# the summary, wrapped: compare without line breaks
	if tr '\n' ' ' < "$work/rule-$id.out" | tr -s ' ' | grep -qF -- "$summary"; then
		passed=$((passed + 1))
	else
		fail "help $id lacks the summary: $summary" "$work/rule-$id.out"
	fi
	for heading in "Example" "Fix:" "References: " "Severity: change it in .zonelint.yaml" \
		"    ; zonelint: ignore $id\$"; do
		if grep -q "^$heading" "$work/rule-$id.out"; then
			passed=$((passed + 1))
		else
			fail "help $id lacks '$heading'" "$work/rule-$id.out"
		fi
	done
	if [ "$(awk 'length($0) > 80' "$work/rule-$id.out" | wc -l)" -eq 0 ]; then
		passed=$((passed + 1))
	else
		fail "help $id has lines over 80 columns" "$work/rule-$id.out"
	fi
done < "$work/rules"

# unknown topics: exit 2, nothing on stdout, the way out on stderr
run typo 2 help autodiscover-wildcrd
empty typo out
has typo err "zonelint: help: no command or rule 'autodiscover-wildcrd' (did you mean 'autodiscover-wildcard'?)"
run typo-command 2 help lnit
has typo-command err "(did you mean 'lint'?)"
run prefix 2 help mail-srv
empty prefix out
has prefix err "no rule 'mail-srv'; the rules that begin with it:"
has prefix err "  mail-srv-target-alias"
has prefix err "  mail-srv-absent-mixed"
run nothing-near 2 help zzzzzzzzzz
has nothing-near err "no command or rule 'zzzzzzzzzz'"
has nothing-near err "zonelint help rules"
run two-topics 2 help lint fix
has two-topics err "one topic at a time"
run unknown-command 2 lnit zones/
has unknown-command err "unknown command 'lnit' (did you mean 'lint'?)"
run unknown-option 2 --frobnicate
has unknown-option err "unknown option '--frobnicate'"

# the version: AC_INIT's in configure.ac
version=$(sed -n 's/^AC_INIT(\[zonelint\], *\[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
run version 0 --version
if [ -n "$version" ] && [ "$(cat "$work/version.out")" = "zonelint $version" ]; then
	passed=$((passed + 1))
else
	fail "--version: '$(cat "$work/version.out")', AC_INIT says '$version'"
fi
run version-V 0 -V
same version-V version

echo "test_help: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
