#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_help.sh: zonelint --help, --version and `zonelint help`:
# the overview lists every command, `help COMMAND` is that command's
# --help, `help rules` the rule list, `help RULE-ID` every rule with its
# severity, description, references, example and fix; an unknown topic or
# command is exit 2 with the nearest name; the version is AC_INIT's, the licence LICENSE's.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
setup_work

run overview 0 "$ZONELINT" --help
empty overview err
for c in lint explain fix srv serve help; do
	has overview out "  $c "
done
has overview out "zonelint help RULE-ID"
run overview-h 0 "$ZONELINT" -h
same overview-h "$work/overview.out"
run help-alone 0 "$ZONELINT" help
same help-alone "$work/overview.out"
run help-help 0 "$ZONELINT" help help
same help-help "$work/overview.out"
run no-args 2 "$ZONELINT"
empty no-args out
has no-args err "Usage: zonelint COMMAND"

for c in lint explain fix srv serve; do
	run "help-$c" 0 "$ZONELINT" help "$c"
	run "$c-help" 0 "$ZONELINT" "$c" --help
	same "help-$c" "$work/$c-help.out"
done
run help-rules 0 "$ZONELINT" help rules
run list-rules 0 "$ZONELINT" lint --list-rules
same help-rules "$work/list-rules.out"

# every rule, with what the rule table says of it
"$ZONELINT" lint --list-rules > "$work/rules"
while read -r id severity summary; do
	run "rule-$id" 0 "$ZONELINT" help "$id"
	empty "rule-$id" err
	head -n 1 "$work/rule-$id.out" > "$work/first"
	case $(cat "$work/first") in
	"$id ($severity): "*) pass ;;
	*) fail "help $id: the first line is not '$id ($severity): ...'" "$work/first" ;;
	esac
	# the summary, wrapped: compare without line breaks
	if tr '\n' ' ' < "$work/rule-$id.out" | tr -s ' ' | grep -qF -- "$summary"; then
		pass
	else
		fail "help $id lacks the summary: $summary" "$work/rule-$id.out"
	fi
	tail="Severity: change it in .zonelint.yaml|    ; zonelint: ignore $id\$"
	# a zone that does not load is always an error: nothing to change or silence
	[ "$id" = syntax ] && tail="It cannot be configured or silenced"
	old_ifs=$IFS
	IFS='|'
	# shellcheck disable=SC2086 # the headings, split at |
	set -- "Example" "Fix:" "References: " $tail
	IFS=$old_ifs
	for heading in "$@"; do
		if grep -q "^$heading" "$work/rule-$id.out"; then
			pass
		else
			fail "help $id lacks '$heading'" "$work/rule-$id.out"
		fi
	done
	if [ "$(awk 'length($0) > 80' "$work/rule-$id.out" | wc -l)" -eq 0 ]; then
		pass
	else
		fail "help $id has lines over 80 columns" "$work/rule-$id.out"
	fi
done < "$work/rules"

# unknown topics: exit 2, nothing on stdout, the way out on stderr
run typo 2 "$ZONELINT" help autodiscover-wildcrd
empty typo out
has typo err "zonelint: help: no command or rule 'autodiscover-wildcrd' (did you mean 'autodiscover-wildcard'?)"
run typo-command 2 "$ZONELINT" help lnit
has typo-command err "(did you mean 'lint'?)"
run prefix 2 "$ZONELINT" help mail-srv
empty prefix out
has prefix err "no rule 'mail-srv'; the rules that begin with it:"
has prefix err "  mail-srv-target-alias"
has prefix err "  mail-srv-absent-mixed"
run nothing-near 2 "$ZONELINT" help zzzzzzzzzz
has nothing-near err "no command or rule 'zzzzzzzzzz'"
has nothing-near err "zonelint help rules"
run two-topics 2 "$ZONELINT" help lint fix
has two-topics err "one topic at a time"
run unknown-command 2 "$ZONELINT" lnit zones/
has unknown-command err "unknown command 'lnit' (did you mean 'lint'?)"
run unknown-option 2 "$ZONELINT" --frobnicate
has unknown-option err "unknown option '--frobnicate'"

# the version: AC_INIT's in configure.ac, then the licence (LICENSE)
version=$(sed -n 's/^AC_INIT(\[zonelint\], *\[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
run version 0 "$ZONELINT" --version
if [ -n "$version" ] && [ "$(head -n 1 "$work/version.out")" = "zonelint $version" ]; then
	pass
else
	fail "--version: '$(head -n 1 "$work/version.out")', AC_INIT says '$version'"
fi
if grep -qx 'BSD 3-Clause License' "$top_srcdir/LICENSE" &&
	grep -q '^Licence: BSD-3-Clause ' "$work/version.out"; then
	pass
else
	fail "--version names the licence of LICENSE (BSD-3-Clause)" "$work/version.out"
fi
run version-V 0 "$ZONELINT" -V
same version-V "$work/version.out"

summary
