# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# tests/installed.sh: checks of an installed zonelint, sourced after
# tests/testlib.sh by the tests that install one: make install into a
# DESTDIR (tests/cli/test_install.sh) and the Debian package unpacked
# with dpkg -x (tests/package/test_deb.sh).
# shellcheck disable=SC2154 # work: set by testlib.sh's setup_work

# installed_works ROOT BINDIR MANPAGE COMPLETIONDIR EXAMPLESDIR: the
# program ROOT/BINDIR/zonelint, run away from the build and source trees,
# prints the version and the licence, has the rules' examples compiled in
# and lints the installed example zone with the installed example
# configuration (the story's finding; the corrected zone is clean);
# ROOT/MANPAGE (gzipped or not) formats without warnings; bash-completion
# loads the completion from ROOT/COMPLETIONDIR (empty: none installed).
installed_works() {
	i_zl=$1$2/zonelint
	i_man=$1$3
	i_bcdir=$4
	i_examples=$1$5
	i_cwd=$(pwd)
	cd "$work" || return 1
	"$i_zl" --version > "$work/version" 2>&1
	if [ "$(head -n 1 "$work/version")" = "zonelint $PACKAGE_VERSION" ]; then
		ok "--version prints AC_INIT's version ($PACKAGE_VERSION)"
	else
		fail "--version prints AC_INIT's version ($PACKAGE_VERSION)" "$work/version"
	fi
	check "--version names the licence" "$work/version" '^Licence: BSD-3-Clause '
	"$i_zl" help autodiscover-wildcard > "$work/help" 2>&1
	if grep -q '^Example' "$work/help" &&
		grep -q '^    _autodiscover._tcp  SRV    0 0 443 mail$' "$work/help"; then
		ok "help RULE-ID shows the example and fix (compiled in)"
	else
		fail "help RULE-ID shows the example and fix (compiled in)" "$work/help"
	fi
	"$i_zl" lint --config "$i_examples/zonelint.yaml" "$i_examples/example.net.zone" \
		> "$work/lint" 2>&1
	i_status=$?
	if [ $i_status -eq 1 ] && grep -q '\[autodiscover-cert-mismatch\]' "$work/lint"; then
		ok "the installed example configuration and zone: the story's finding"
	else
		fail "the installed example configuration and zone: exit $i_status, the story's finding" \
			"$work/lint"
	fi
	if "$i_zl" lint --config "$i_examples/zonelint.yaml" \
		"$i_examples/example.net.corrected.zone" > "$work/lint" 2>&1; then
		ok "the installed corrected zone lints clean with the example configuration"
	else
		fail "the installed corrected zone lints clean with the example configuration" "$work/lint"
	fi
	cd "$i_cwd" || return 1

	if command -v groff > /dev/null 2>&1; then
		case $i_man in
		*.gz) gzip -dc "$i_man" > "$work/zonelint.1" ;;
		*) cp "$i_man" "$work/zonelint.1" ;;
		esac
		if groff -man -Tutf8 -ww -z "$work/zonelint.1" > "$work/groff" 2>&1 && [ ! -s "$work/groff" ]; then
			ok "the installed manual page formats without warnings"
		else
			fail "the installed manual page formats without warnings" "$work/groff"
		fi
	fi

	# bash completion: where bash-completion looks
	# (XDG_DATA_DIRS/bash-completion/completions), else sourced as it is
	if [ -z "$i_bcdir" ] || ! command -v bash > /dev/null 2>&1; then
		return 0
	fi
	i_framework=/usr/share/bash-completion/bash_completion
	case $i_bcdir in
	*/bash-completion/completions) i_datadirs=$1${i_bcdir%/bash-completion/completions} ;;
	*) i_datadirs="" ;;
	esac
	if [ -f "$i_framework" ] && [ -n "$i_datadirs" ]; then
		XDG_DATA_DIRS=$i_datadirs BASH_COMPLETION_USER_DIR=$work/none bash -c \
			". '$i_framework'; __load_completion zonelint && complete -p zonelint" > "$work/bc" 2>&1
		i_what="bash-completion loads the installed completion"
	else
		bash -c ". '$1$i_bcdir/zonelint' && complete -p zonelint" > "$work/bc" 2>&1
		i_what="the installed completion defines the completion"
	fi
	if grep -q '^complete -F _zonelint zonelint$' "$work/bc"; then
		ok "$i_what"
	else
		fail "$i_what" "$work/bc"
	fi
}
