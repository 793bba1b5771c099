#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_install.sh: `make install DESTDIR=...` of this build tree
# installs exactly the program, the manual page, README, NEWS and LICENSE, the
# examples (configuration, zones, git hook, NSD and Knot snippets, GitHub
# workflow) and the bash completion, each where configure put it; the
# installed program works without the source tree (version, help with the
# rules' examples, lint with the installed example configuration); the
# completion is found by bash-completion; `make uninstall` removes it all.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${MAKE:?}" "${PACKAGE_VERSION:?}"
: "${zl_bindir:?}" "${zl_mandir:?}" "${zl_docdir:?}"
bashcompdir=${zl_bashcompletiondir:-}

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
setup_work

# a make of its own, not a job of the make that runs the tests
submake() {
	(
		unset MAKEFLAGS MFLAGS MAKELEVEL
		$MAKE -C "$top_builddir" "$@"
	)
}

dest=$work/dest
succeeds "make install DESTDIR=... succeeds" "$work/install.log" submake install DESTDIR="$dest" || exit 1

examples=$zl_docdir/examples
{
	echo "$zl_bindir/zonelint"
	echo "$zl_mandir/man1/zonelint.1"
	echo "$zl_docdir/README"
	echo "$zl_docdir/NEWS"
	echo "$zl_docdir/LICENSE"
	echo "$examples/zonelint.yaml"
	echo "$examples/example.net.zone"
	echo "$examples/example.net.corrected.zone"
	echo "$examples/git-pre-commit"
	echo "$examples/nsd/example.net.conf"
	echo "$examples/knot/example.net.conf"
	echo "$examples/github-actions/zonelint.yml"
	[ -z "$bashcompdir" ] || echo "$bashcompdir/zonelint"
} | sort > "$work/want"
(cd "$dest" && find . -type f -o -type l) | sed 's|^\.||' | sort > "$work/got"
if cmp -s "$work/want" "$work/got"; then
	ok "the installed files are exactly the expected ones"
else
	diff "$work/want" "$work/got" > "$work/files.diff"
	fail "the installed files are exactly the expected ones (< missing, > extra)" "$work/files.diff"
fi

for f in "$zl_bindir/zonelint" "$examples/git-pre-commit"; do
	if [ -x "$dest$f" ]; then ok "$f is executable"; else fail "$f is executable"; fi
done
for f in "$zl_mandir/man1/zonelint.1" "$examples/zonelint.yaml" "$examples/nsd/example.net.conf"; do
	if [ -f "$dest$f" ] && [ ! -x "$dest$f" ]; then ok "$f is not executable"; else fail "$f is not executable"; fi
done

# the installed program, away from the build and source trees
zl=$dest$zl_bindir/zonelint
cd "$work" || exit 1
"$zl" --version > "$work/version" 2>&1
if [ "$(head -n 1 "$work/version")" = "zonelint $PACKAGE_VERSION" ]; then
	ok "--version prints AC_INIT's version ($PACKAGE_VERSION)"
else
	fail "--version prints AC_INIT's version ($PACKAGE_VERSION)" "$work/version"
fi
check "--version names the licence, installed beside README" "$work/version" '^Licence: BSD-3-Clause '
if cmp -s "$top_srcdir/LICENSE" "$dest$zl_docdir/LICENSE"; then
	ok "the installed LICENSE is the source tree's"
else
	fail "the installed LICENSE is the source tree's"
fi
"$zl" help autodiscover-wildcard > "$work/help" 2>&1
if grep -q '^Example' "$work/help" && grep -q '^    _autodiscover._tcp  SRV    0 0 443 mail$' "$work/help"; then
	ok "help RULE-ID shows the example and fix (compiled in)"
else
	fail "help RULE-ID shows the example and fix (compiled in)" "$work/help"
fi
"$zl" lint --config "$dest$examples/zonelint.yaml" "$dest$examples/example.net.zone" > "$work/lint" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q '\[autodiscover-cert-mismatch\]' "$work/lint"; then
	ok "the installed example configuration and zone: the story's finding"
else
	fail "the installed example configuration and zone: exit $rc, the story's finding" "$work/lint"
fi
if "$zl" lint --config "$dest$examples/zonelint.yaml" "$dest$examples/example.net.corrected.zone" > "$work/lint" 2>&1; then
	ok "the installed corrected zone lints clean with the example configuration"
else
	fail "the installed corrected zone lints clean with the example configuration" "$work/lint"
fi

# the manual page: the one in the source tree, and groff formats it cleanly
if cmp -s "$top_srcdir/doc/zonelint.1" "$dest$zl_mandir/man1/zonelint.1"; then
	ok "the manual page is doc/zonelint.1"
else
	fail "the manual page is doc/zonelint.1"
fi
if command -v groff > /dev/null 2>&1; then
	if groff -man -Tutf8 -ww -z "$dest$zl_mandir/man1/zonelint.1" > "$work/groff" 2>&1 && [ ! -s "$work/groff" ]; then
		ok "the installed manual page formats without warnings"
	else
		fail "the installed manual page formats without warnings" "$work/groff"
	fi
fi

# bash completion: where bash-completion looks (XDG_DATA_DIRS/bash-completion/completions)
if [ -n "$bashcompdir" ]; then
	framework=/usr/share/bash-completion/bash_completion
	case $bashcompdir in
	*/bash-completion/completions) datadirs=$dest${bashcompdir%/bash-completion/completions} ;;
	*) datadirs="" ;;
	esac
	if [ -f "$framework" ] && [ -n "$datadirs" ] && command -v bash > /dev/null 2>&1; then
		XDG_DATA_DIRS=$datadirs BASH_COMPLETION_USER_DIR=$work/none bash -c \
			". '$framework'; __load_completion zonelint && complete -p zonelint" > "$work/bc" 2>&1
		if grep -q '^complete -F _zonelint zonelint$' "$work/bc"; then
			ok "bash-completion loads the installed completion"
		else
			fail "bash-completion loads the installed completion" "$work/bc"
		fi
	elif command -v bash > /dev/null 2>&1; then
		bash -c ". '$dest$bashcompdir/zonelint' && complete -p zonelint" > "$work/bc" 2>&1
		if grep -q '^complete -F _zonelint zonelint$' "$work/bc"; then
			ok "the installed completion defines the completion"
		else
			fail "the installed completion defines the completion" "$work/bc"
		fi
	fi
fi

succeeds "make uninstall DESTDIR=... succeeds" "$work/uninstall.log" submake uninstall DESTDIR="$dest"
left=$(cd "$dest" && find . -type f -o -type l)
if [ -z "$left" ]; then
	ok "make uninstall leaves no file"
else
	fail "make uninstall leaves no file: $left"
fi

summary
