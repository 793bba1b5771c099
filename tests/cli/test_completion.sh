#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_completion.sh: contrib/bash-completion/zonelint, sourced in
# bash and called as bash calls it (COMP_WORDS, COMP_CWORD): the commands,
# every option of every command (as its --help lists them), rule ids after
# `help`, option values that zonelint then accepts, and file names.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=../../contrib/bash-completion/zonelint
. "$top_srcdir/contrib/bash-completion/zonelint"
setup_work

# complete WORD...: COMPREPLY for the command line "zonelint WORD...", the
# cursor in the last word; prints the candidates sorted, one a line
complete_line() {
	COMP_WORDS=("$ZONELINT" "$@")
	COMP_CWORD=$#
	COMP_LINE="zonelint $*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_zonelint
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect NAME WANT WORD...: the candidates are exactly WANT (lines)
expect() {
	local name=$1 want=$2 got
	shift 2
	got=$(complete_line "$@")
	want=$(printf '%s\n' "$want" | sed '/^$/d' | sort)
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$name: zonelint $*<TAB>"
		diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
	fi
}

# accepted NAME COMMAND...: zonelint accepts it (exit 0 or 1, not 2)
accepted() {
	local name=$1 rc
	shift
	"$ZONELINT" "$@" > /dev/null 2> "$work/err"
	rc=$?
	if [ $rc -le 1 ]; then
		pass
	else
		fail "$name: zonelint $* exited $rc: $(head -2 "$work/err")"
	fi
}

commands="lint
explain
fix
srv
serve
help"
expect "commands" "$commands
--help
--version" ""
expect "a command's prefix" "serve
srv" s
expect "--version" "--version" --v

# every option of every command, as its --help names them
for c in lint explain fix srv serve; do
	options=$("$ZONELINT" "$c" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	expect "$c options" "$options" "$c" --
done
expect "lint options by prefix" "--probe
--probe-port" lint --pro

# help: the commands, "rules", and every rule id
rules=$("$ZONELINT" lint --list-rules | cut -d ' ' -f 1)
expect "help topics" "$commands
rules
$rules" help ""
expect "help rule ids by prefix" "$(echo "$rules" | grep '^autodiscover-srv-')" help autodiscover-srv-
expect "help takes one topic" "" help lint ""

# option values, each one zonelint accepts
zone=$top_srcdir/zones/example.net.corrected.zone
expect "lint --format" "text
json
sarif
github" lint --format ""
for f in $(complete_line lint --format ""); do
	accepted "lint --format $f" lint --format "$f" "$zone"
done
expect "explain --format" "text
json" explain --format ""
for f in $(complete_line explain --format ""); do
	accepted "explain --format $f" explain --format "$f" example.net "$zone"
done
expect "--min-severity" "error
warning
note" lint --min-severity ""
for l in $(complete_line lint --min-severity ""); do
	accepted "--min-severity $l" lint --min-severity "$l" "$zone"
done
expect "--services, the last of a comma list" "autodiscover,imap
autodiscover,imaps" srv example.net --services autodiscover,im
expect "--services leaves out what the list has" "imaps,autodiscover" srv example.net --services imaps,a
for s in $(complete_line srv example.net --services ""); do
	accepted "--services $s" srv example.net --target mail.example.net --services "$s"
done
expect "--absent" "pop3
pop3s" srv example.net --absent po
expect "--origin takes a name: no files" "" lint --origin ""

# file names: zone files and directories; --config: YAML files and directories
mkdir "$work/dir" "$work/dir/sub"
: > "$work/dir/example.net.zone"
: > "$work/dir/db.example.org"
: > "$work/dir/site.yaml"
cd "$work/dir" || exit 1
expect "lint files" "db.example.org
example.net.zone
site.yaml
sub" lint ""
expect "lint files after a flag" "example.net.zone" lint --probe e
expect "fix files" "db.example.org" fix --diff d
expect "--config files" "site.yaml
sub" lint --config ""
expect "srv takes no file" "" srv ""
cd "$top_srcdir" || exit 1

# the script itself is clean for shellcheck, when it is installed
if command -v shellcheck > /dev/null 2>&1; then
	if shellcheck -s bash "$top_srcdir/contrib/bash-completion/zonelint" > "$work/sc" 2>&1; then
		pass
	else
		fail "shellcheck contrib/bash-completion/zonelint:"
		sed 's/^/    /' "$work/sc"
	fi
fi

summary
