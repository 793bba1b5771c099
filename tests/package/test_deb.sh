#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/package/test_deb.sh DIR: the Debian package. In DIR, a copy of the
# distribution (make check-deb makes it), contrib/debian is copied to
# debian/ and `dpkg-buildpackage -us -uc -b` builds zonelint_*.deb (with
# DEB_BUILD_OPTIONS=nocheck: this is a test, the package build does not
# run the tests again). lintian finds no error in it; it holds the
# program, the manual page, the bash completion, the documentation and
# the example configuration; it is unpacked with dpkg -x into a temporary
# directory (nothing is installed on the machine, so no installed copy can
# stand in for src/zonelint later) and run from there: --version, a lint
# of the example zone with the example configuration, the completion; its
# program is hardened as tests/cli/test_link.sh checks.
set -u
: "${top_srcdir:?}" "${PACKAGE_VERSION:?}"
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: tests/package/test_deb.sh DIR" >&2
	exit 2
fi
dir=$(cd "$1" && pwd)

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=../installed.sh
. "$top_srcdir/tests/installed.sh"
need_tools dpkg-buildpackage dpkg-deb dpkg-parsechangelog lintian readelf
setup_work

rm -rf "$dir/debian"
cp -R "$dir/contrib/debian" "$dir/debian"
version=$(dpkg-parsechangelog -l "$dir/debian/changelog" -SVersion)
if [ "${version%-*}" = "$PACKAGE_VERSION" ]; then
	ok "debian/changelog's version ($version) is AC_INIT's ($PACKAGE_VERSION)"
else
	fail "debian/changelog's version ($version) is AC_INIT's ($PACKAGE_VERSION)"
fi

# a build of its own, not jobs of the make that runs this test
log=$dir/../dpkg-buildpackage.log
if (
	unset MAKEFLAGS MFLAGS MAKELEVEL
	cd "$dir" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc 2> /dev/null || echo 1)" \
		DEB_BUILD_PROFILES=nocheck dpkg-buildpackage -us -uc -b
) > "$log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b builds the package"
else
	fail_tail "dpkg-buildpackage -us -uc -b builds the package (log: $log)" "$log"
	summary
	exit 1
fi
deb=$(find "$dir/.." -maxdepth 1 -name "zonelint_${version}_*.deb" | head -n 1)
if [ -n "$deb" ] && [ -f "$deb" ]; then
	ok "it wrote $(basename "$deb")"
else
	fail "dpkg-buildpackage wrote zonelint_${version}_*.deb" "$log"
	summary
	exit 1
fi
if grep -q 'warning:' "$log"; then
	grep 'warning:' "$log" > "$work/warnings"
	fail "the package build has no warning" "$work/warnings"
else
	ok "the package build has no warning"
fi

# lintian: no error (warnings and notes are printed for the reader)
lintian --fail-on error --display-info "$deb" > "$work/lintian" 2>&1
status=$?
sed 's/^/    lintian: /' "$work/lintian"
if [ $status -eq 0 ] && ! grep -q '^E: ' "$work/lintian"; then
	ok "lintian finds no error"
else
	fail "lintian finds no error (exit $status)" "$work/lintian"
fi

# what the package holds
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' > "$work/contents"
for f in /usr/bin/zonelint /usr/share/man/man1/zonelint.1.gz \
	/usr/share/bash-completion/completions/zonelint /usr/share/doc/zonelint/copyright \
	/usr/share/doc/zonelint/README.gz /usr/share/doc/zonelint/NEWS.gz \
	/usr/share/doc/zonelint/examples/zonelint.yaml \
	/usr/share/doc/zonelint/examples/example.net.zone \
	/usr/share/doc/zonelint/examples/example.net.corrected.zone \
	/usr/share/doc/zonelint/examples/git-pre-commit; do
	if grep -qx "$f" "$work/contents"; then pass; else fail "the package holds $f" "$work/contents"; fi
done
ok "the package holds the program, manual page, completion, documentation and examples"
dpkg-deb -f "$deb" Depends > "$work/depends"
check "it depends on the shared libraries it links (OpenSSL)" "$work/depends" 'libssl'
check "it depends on the shared libraries it links (ldns)" "$work/depends" 'libldns'

# unpacked, not installed, and run from there
root=$work/root
dpkg -x "$deb" "$root"
installed_works "$root" /usr/bin /usr/share/man/man1/zonelint.1.gz \
	/usr/share/bash-completion/completions /usr/share/doc/zonelint/examples
zl=$root/usr/bin/zonelint

# hardened as a Debian program is (dpkg-buildflags, hardening=+all)
if ZONELINT=$zl zl_static_binary=no sh "$top_srcdir/tests/cli/test_link.sh" > "$work/link" 2>&1; then
	ok "the packaged program is PIE with full RELRO, canaries and _FORTIFY_SOURCE"
else
	fail "the packaged program is PIE with full RELRO, canaries and _FORTIFY_SOURCE" "$work/link"
fi
sed 's/^/    test_link: /' "$work/link"

summary
