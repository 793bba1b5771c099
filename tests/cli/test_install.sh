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
# shellcheck source-path=SCRIPTDIR source=../installed.sh
. "$top_srcdir/tests/installed.sh"
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

# the installed program, away from the build and source trees; its manual
# page, which is doc/zonelint.1; its completion
installed_works "$dest" "$zl_bindir" "$zl_mandir/man1/zonelint.1" "$bashcompdir" "$examples"
if cmp -s "$top_srcdir/LICENSE" "$dest$zl_docdir/LICENSE"; then
	ok "the installed LICENSE is the source tree's"
else
	fail "the installed LICENSE is the source tree's"
fi
if cmp -s "$top_srcdir/doc/zonelint.1" "$dest$zl_mandir/man1/zonelint.1"; then
	ok "the manual page is doc/zonelint.1"
else
	fail "the manual page is doc/zonelint.1"
fi

succeeds "make uninstall DESTDIR=... succeeds" "$work/uninstall.log" submake uninstall DESTDIR="$dest"
left=$(cd "$dest" && find . -type f -o -type l)
if [ -z "$left" ]; then
	ok "make uninstall leaves no file"
else
	fail "make uninstall leaves no file: $left"
fi

summary
