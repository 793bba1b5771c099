#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_git_hook.sh: contrib/git-pre-commit installed as the
# pre-commit hook of a repository made here: a commit of a broken zone is
# refused with zonelint's findings, a good zone is committed; what is linted
# is the staged content (a broken file staged and repaired only in the work
# tree is refused, a good file staged and broken only in the work tree goes
# in), with the staged $INCLUDE file and .zonelint.yaml; zonelint's exit 2
# (a file it cannot parse) refuses too; zonelint.minSeverity and
# zonelint.all are honoured.
# Then .pre-commit-hooks.yaml with the pre-commit framework, when it is
# installed: the same refusal and acceptance.
# shellcheck disable=SC2016 # zone text: $ORIGIN is no shell variable
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools git
setup_work

# a repository of its own: no user configuration, no global hooks
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.net \
	GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.net
mkdir "$HOME"
export ZONELINT
repo=$work/repo
git init -q "$repo" || exit 1
cp "$top_srcdir/contrib/git-pre-commit" "$repo/.git/hooks/pre-commit"
chmod 755 "$repo/.git/hooks/pre-commit"
cd "$repo" || exit 1
mkdir zones
cp "$top_srcdir/zones/.zonelint.yaml" zones/.zonelint.yaml
chmod u+w zones/.zonelint.yaml
echo "zone repository" > README
git add README zones/.zonelint.yaml
git commit -q -m start > "$work/out" 2>&1 || fail "a commit without zone files goes in" "$work/out"

bad=$top_srcdir/zones/example.net.zone
good=$top_srcdir/zones/example.net.corrected.zone

# commit_refused NAME / commit_accepted NAME: git commit, and its outcome
commit_refused() {
	if git commit -q -m "$1" > "$work/out" 2>&1; then
		fail "$1: committed" "$work/out"
		git reset -q --soft HEAD~1
	elif ! grep -q zonelint "$work/out"; then
		fail "$1: refused, but not by zonelint" "$work/out"
	else
		ok "$1"
	fi
}
commit_accepted() {
	if git commit -q -m "$1" > "$work/out" 2>&1; then
		ok "$1"
	else
		fail "$1: refused" "$work/out"
	fi
}

cat "$bad" > zones/example.net.zone
git add zones/example.net.zone
commit_refused "a broken zone is refused"
if grep -q '^zones/example.net.zone:33:1: error: .*\[autodiscover-cert-mismatch\]$' "$work/out" &&
	grep -q 'pre-commit: zonelint found problems' "$work/out"; then
	ok "the refusal shows zonelint's findings with the repository's file names"
else
	fail "the refusal shows zonelint's findings with the repository's file names" "$work/out"
fi

cat "$good" > zones/example.net.zone
commit_refused "the broken zone staged, repaired only in the work tree, is refused"

git add zones/example.net.zone
commit_accepted "the repaired zone staged is committed"

{
	cat "$good"
	echo "; a comment, staged"
} > zones/example.net.zone
git add zones/example.net.zone
cat "$bad" > zones/example.net.zone
commit_accepted "a broken work tree does not stop a good staged zone"
git checkout -q -- zones/example.net.zone

# `git commit FILE` and `git commit -a` commit the work tree's file: that is
# what is linted (git hands the hook a temporary index, GIT_INDEX_FILE)
cat "$bad" > zones/example.net.zone
if git commit -q -m "commit FILE" zones/example.net.zone > "$work/out" 2>&1; then
	fail "git commit FILE: a broken file is refused" "$work/out"
	git reset -q --soft HEAD~1
elif grep -q autodiscover-cert-mismatch "$work/out"; then
	ok "git commit FILE: a broken file is refused"
else
	fail "git commit FILE: a broken file is refused (by zonelint)" "$work/out"
fi
if git commit -q -a -m "commit -a" > "$work/out" 2>&1; then
	fail "git commit -a: a broken file is refused" "$work/out"
	git reset -q --soft HEAD~1
elif grep -q autodiscover-cert-mismatch "$work/out"; then
	ok "git commit -a: a broken file is refused"
else
	fail "git commit -a: a broken file is refused (by zonelint)" "$work/out"
fi
git checkout -q -- zones/example.net.zone

# the staged .zonelint.yaml decides: switch the rule off in the index only
cat "$bad" > zones/example.net.zone
printf '%s\n' 'rules:' '  autodiscover-cert-mismatch: off' '  autodiscover-srv-missing: off' > zones/.zonelint.yaml
git add zones/example.net.zone zones/.zonelint.yaml
cp "$top_srcdir/zones/.zonelint.yaml" zones/.zonelint.yaml
commit_accepted "the staged configuration is the one used"
cp "$top_srcdir/zones/.zonelint.yaml" zones/.zonelint.yaml
git add zones/.zonelint.yaml
git commit -q -m "configuration back" || fail "the configuration is committed back"

# $INCLUDE: the included file as staged, even when the work tree lacks it
mkdir zones/inc
printf '%s\n' '$ORIGIN example.org.' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ NS ns1' '$INCLUDE inc/hosts.inc' > zones/db.example.org
printf '%s\n' 'ns1 A 192.0.2.53' > zones/inc/hosts.inc
git add zones/db.example.org zones/inc/hosts.inc
rm zones/inc/hosts.inc
commit_accepted "an \$INCLUDE file is read as staged (db.NAME is a zone file)"
git checkout -q -- zones/inc/hosts.inc

# a change to the included file alone: not a zone file name, so not linted,
# unless zonelint.all asks for every zone file of the index
printf '%s\n' 'ns1 A 192.0.2.53' '@ MX 10 mail' > zones/inc/hosts.inc
git add zones/inc/hosts.inc
commit_accepted "a staged \$INCLUDE file alone is not linted by default"
printf '%s\n' 'ns1 A 192.0.2.53' '@ MX 10 nomail' > zones/inc/hosts.inc
git add zones/inc/hosts.inc
git config zonelint.all true
commit_refused "with zonelint.all, every zone file is linted: the including zone is refused"
git config --unset zonelint.all
git reset -q --hard

# zonelint cannot parse the file: exit 2, refused
printf '%s\n' '$ORIGIN broken.example.' 'www IN A 999.1.1.1' > "zones/broken zone.zone"
git add "zones/broken zone.zone"
commit_refused "an unparsable zone (a name with a blank) is refused"
if grep -q 'zones/broken zone.zone:2' "$work/out" &&
	grep -q 'zonelint could not check' "$work/out"; then
	ok "the parse error names the file and line"
else
	fail "the parse error names the file and line" "$work/out"
fi
git rm -q --cached "zones/broken zone.zone"
rm "zones/broken zone.zone"

# zonelint.minSeverity: warnings alone do not stop the commit at error
printf '%s\n' '$ORIGIN example.com.' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ NS ns1' 'ns1 A 192.0.2.53' 'www 3600 A 192.0.2.80' 'www 300 A 192.0.2.81' > zones/example.com.db
git add zones/example.com.db
commit_refused "a warning (ttl-mismatch) is refused by default"
git config zonelint.minSeverity error
commit_accepted "with zonelint.minSeverity error, a warning goes in"
git config --unset zonelint.minSeverity

# zonelint missing: refused, with the reason
cat "$bad" > zones/example.net.zone
git add zones/example.net.zone
if ZONELINT=/nonexistent/zonelint git commit -q -m missing > "$work/out" 2>&1; then
	fail "a missing zonelint refuses the commit" "$work/out"
	git reset -q --soft HEAD~1
elif grep -q 'not found' "$work/out"; then
	ok "a missing zonelint refuses the commit, saying so"
else
	fail "a missing zonelint refuses the commit, saying so" "$work/out"
fi
git reset -q --hard

# ---- the pre-commit framework, with the repository's .pre-commit-hooks.yaml ----
if command -v pre-commit > /dev/null 2>&1; then
	hooks=$work/hooks
	git init -q "$hooks"
	cp "$top_srcdir/.pre-commit-hooks.yaml" "$hooks/"
	git -C "$hooks" add .pre-commit-hooks.yaml
	git -C "$hooks" commit -q -m hooks
	rev=$(git -C "$hooks" rev-parse HEAD)
	printf '%s\n' 'repos:' "  - repo: $hooks" "    rev: $rev" '    hooks:' '      - id: zonelint' \
		> .pre-commit-config.yaml
	mkdir "$work/bin"
	ln -s "$ZONELINT" "$work/bin/zonelint"
	export PRE_COMMIT_HOME="$work/pre-commit-cache"
	rm .git/hooks/pre-commit
	git add .pre-commit-config.yaml
	git commit -q --no-verify -m "pre-commit framework"
	if pre-commit install > "$work/out" 2>&1; then
		mkdir zones/framework
		cat "$bad" > zones/framework/example.net.zone
		git add zones/framework/example.net.zone
		PATH="$work/bin:$PATH"
		commit_refused "pre-commit framework: a broken zone is refused"
		if grep -q '\[autodiscover-cert-mismatch\]' "$work/out"; then
			ok "pre-commit framework: the findings are shown"
		else
			fail "pre-commit framework: the findings are shown" "$work/out"
		fi
		echo "not a zone" > notes.txt
		git add notes.txt
		cat "$good" > zones/framework/example.net.zone
		git add zones/framework/example.net.zone
		commit_accepted "pre-commit framework: a good zone is committed"
		if grep -q '^zonelint\.*Passed' "$work/out"; then
			ok "pre-commit framework: the hook ran and passed"
		else
			fail "pre-commit framework: the hook ran and passed" "$work/out"
		fi
	else
		fail "pre-commit install" "$work/out"
	fi
else
	echo "skipped: the pre-commit framework is not installed (Debian package pre-commit)"
fi

summary
