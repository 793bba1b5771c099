#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_git_hook.sh: contrib/git-pre-commit installed as the
# pre-commit hook of a repository made here: a commit of a broken zone is
# refused with zonelint's findings, a good zone is committed; what is linted
# is the staged content (a broken file staged and repaired only in the work
# tree is refused, a good file staged and broken only in the work tree goes
# in), with the staged $INCLUDE file and .zonelint.yaml; a staged file that
# a zone includes, to any depth, lints that zone (a bad record in it is
# refused, a deleted one too); a zone whose records changed since HEAD
# under the same serial is refused, with the serial raised it goes in;
# zonelint's exit 2 (a file it cannot parse) refuses too;
# zonelint.minSeverity, zonelint.includeDir and zonelint.all are honoured.
# Then .pre-commit-hooks.yaml with the pre-commit framework, when it is
# installed: the same refusals (a staged .inc file too) and acceptance.
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

# the staged .zonelint.yaml decides: switch the rules off in the index only
# (the broken zone has the serial of the one in HEAD: serial-not-increased
# too)
cat "$bad" > zones/example.net.zone
printf '%s\n' 'rules:' '  autodiscover-cert-mismatch: off' '  autodiscover-srv-missing: off' \
	'  serial-not-increased: off' > zones/.zonelint.yaml
git add zones/example.net.zone zones/.zonelint.yaml
cp "$top_srcdir/zones/.zonelint.yaml" zones/.zonelint.yaml
commit_accepted "the staged configuration is the one used"
cp "$top_srcdir/zones/.zonelint.yaml" zones/.zonelint.yaml
git add zones/.zonelint.yaml
git commit -q --no-verify -m "configuration back" || fail "the configuration is committed back"
cat "$good" > zones/example.net.zone
git add zones/example.net.zone
git commit -q --no-verify -m "the good zone back" || fail "the good zone is committed back"

# $INCLUDE: the included file as staged, even when the work tree lacks it;
# a relative name is read next to the including file (zones/inc/...), from
# the top of the repository
mkdir zones/inc
printf '%s\n' '$ORIGIN example.org.' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ NS ns1' '$INCLUDE inc/hosts.inc' > zones/db.example.org
printf '%s\n' 'ns1 A 192.0.2.53' 'www A 192.0.2.80' '$INCLUDE more.inc' > zones/inc/hosts.inc
printf '%s\n' 'ftp A 192.0.2.81' > zones/inc/more.inc
git add zones/db.example.org zones/inc/hosts.inc zones/inc/more.inc
rm zones/inc/hosts.inc
commit_accepted "an \$INCLUDE file is read as staged (db.NAME is a zone file)"
git checkout -q -- zones/inc/hosts.inc

# the case: only hosts.inc is staged, with a CNAME beside other
# data: the zone that includes it is linted, and refused
printf '%s\n' 'ns1 A 192.0.2.53' 'www A 192.0.2.80' 'www CNAME ns1' '$INCLUDE more.inc' \
	> zones/inc/hosts.inc
git add zones/inc/hosts.inc
commit_refused "a staged \$INCLUDE file with a bad record is refused"
if grep -q '^zones/inc/hosts.inc:3:1: error: .*\[cname-and-other-data\]$' "$work/out"; then
	ok "the refusal names the included file and its line"
else
	fail "the refusal names the included file and its line" "$work/out"
fi
git checkout -q HEAD -- zones/inc/hosts.inc

# an included file two levels down: its zone too
printf '%s\n' 'ftp A 192.0.2.81' 'ftp CNAME ns1' > zones/inc/more.inc
git add zones/inc/more.inc
commit_refused "a file included by an included file: the zone is linted and refused"
git checkout -q HEAD -- zones/inc/more.inc

# the records change, the serial does not: refused (serial-not-increased);
# the serial raised: committed
printf '%s\n' 'ftp A 192.0.2.82' > zones/inc/more.inc
git add zones/inc/more.inc
commit_refused "changed records under the same serial are refused"
if grep -q '^zones/db.example.org:3:1: error: the records changed since HEAD but the SOA serial is still 1: .*\[serial-not-increased\]$' \
	"$work/out"; then
	ok "the refusal says the serial did not increase"
else
	fail "the refusal says the serial did not increase" "$work/out"
fi
sed -i 's/hostmaster 1 /hostmaster 2 /' zones/db.example.org
git add zones/db.example.org
commit_accepted "changed records with a greater serial are committed"
# a serial that goes down is refused as well
printf '%s\n' 'ftp A 192.0.2.83' > zones/inc/more.inc
sed -i 's/hostmaster 2 /hostmaster 1 /' zones/db.example.org
git add zones/inc/more.inc zones/db.example.org
commit_refused "a serial that went down is refused"
grep -q 'the SOA serial went from 2 to 1' "$work/out" || fail "the refusal says the serial went down" "$work/out"
git reset -q --hard
# only comments change: the records are the same, no serial to raise
printf '%s\n' 'ftp A 192.0.2.82 ; the file server' > zones/inc/more.inc
git add zones/inc/more.inc
commit_accepted "a change of comments only needs no new serial"
# a staged file no zone includes: nothing to lint
echo "notes" > zones/inc/notes.txt
git add zones/inc/notes.txt
commit_accepted "a file no zone includes goes in"

# the included file deleted: the zone does not load: refused
git rm -q zones/inc/more.inc
commit_refused "a deleted \$INCLUDE file refuses the zone that includes it"
grep -q 'zones/inc/hosts.inc:3: \$INCLUDE more.inc: cannot open' "$work/out" ||
	fail "the refusal names the \$INCLUDE line" "$work/out"
git reset -q --hard

# zonelint.includeDir: relative names from a directory of the repository,
# as named reads them from its directory (here the top): in a repository
# of its own, whose zones all name their $INCLUDEs so
repo2=$work/repo2
git init -q "$repo2"
cp "$top_srcdir/contrib/git-pre-commit" "$repo2/.git/hooks/pre-commit"
chmod 755 "$repo2/.git/hooks/pre-commit"
cd "$repo2" || exit 1
mkdir named
printf '%s\n' '$ORIGIN example.com.' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' \
	'@ NS ns1' '$INCLUDE named/hosts.inc' > named/example.com.zone
printf '%s\n' 'ns1 A 192.0.2.53' > named/hosts.inc
git add named
git config zonelint.includeDir .
commit_accepted "with zonelint.includeDir, \$INCLUDE names are read from that directory"
printf '%s\n' 'ns1 A 192.0.2.53' '; a comment' > named/hosts.inc
git add named/hosts.inc
git config --unset zonelint.includeDir
commit_refused "without it, the same names are read next to the including file (not found)"
grep -q 'named/example.com.zone:5: \$INCLUDE named/hosts.inc: cannot open' "$work/out" ||
	fail "the refusal names the \$INCLUDE line" "$work/out"
cd "$repo" || exit 1

# zonelint.all: every zone is linted, whatever is staged
printf '%s\n' 'ftp A 192.0.2.82' 'ftp CNAME ns1' > zones/inc/more.inc
git add zones/inc/more.inc
git commit -q --no-verify -m "a bad record slipped in" || fail "a commit with --no-verify"
echo "more notes" >> zones/inc/notes.txt
git add zones/inc/notes.txt
commit_accepted "a file no zone includes goes in (the bad zone is not linted)"
echo "even more notes" >> zones/inc/notes.txt
git add zones/inc/notes.txt
git config zonelint.all true
commit_refused "with zonelint.all, every zone is linted: the bad one is refused"
git config --unset zonelint.all
git reset -q --hard
printf '%s\n' 'ftp A 192.0.2.82' > zones/inc/more.inc
sed -i 's/hostmaster 2 /hostmaster 3 /' zones/db.example.org
git add zones/inc/more.inc zones/db.example.org
commit_accepted "the bad record repaired"

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
	mkdir "$hooks/contrib"
	cp "$top_srcdir/contrib/git-pre-commit" "$hooks/contrib/"
	chmod 755 "$hooks/contrib/git-pre-commit"
	git -C "$hooks" add .pre-commit-hooks.yaml contrib/git-pre-commit
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
		# a staged .inc file: the framework passes it, the zone that
		# includes it is linted
		printf '%s\n' 'ftp A 192.0.2.82' 'ftp MX 10 ftp' 'ftp CNAME ns1' > zones/inc/more.inc
		git add zones/inc/more.inc
		commit_refused "pre-commit framework: a staged \$INCLUDE file with a bad record is refused"
		grep -q 'zones/inc/more.inc:3:1: error: .*\[cname-and-other-data\]' "$work/out" ||
			fail "pre-commit framework: the finding in the included file is shown" "$work/out"
		git reset -q --hard
		# every zone, the one committed with a warning earlier too
		if pre-commit run --all-files > "$work/out" 2>&1; then
			fail "pre-commit framework: run --all-files lints every zone" "$work/out"
		elif grep -q '^zones/example.com.db:[0-9]*:1: warning: .*\[ttl-mismatch\]$' "$work/out"; then
			ok "pre-commit framework: run --all-files lints every zone"
		else
			fail "pre-commit framework: run --all-files lints every zone" "$work/out"
		fi
	else
		fail "pre-commit install" "$work/out"
	fi
else
	echo "skipped: the pre-commit framework is not installed (Debian package pre-commit)"
fi

summary
