#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_link.sh: the program is linked as configured, checked in
# its ELF headers as checksec does. By default: a position-independent
# executable (its code placed at random), full RELRO (relocations
# read-only, all resolved at the start: GNU_RELRO and BIND_NOW), a stack
# that is not executable, stack canaries and glibc's checked functions
# (__stack_chk_fail, __*_chk), and the libraries shared, so that their
# security updates reach it. With --enable-static-binary: one file without
# a program interpreter or shared library, and a WKS record still names its
# protocol and service, which the static C library reads from
# /etc/protocols and /etc/services itself.
# ZONELINT is the program to check (tests/package/test_deb.sh runs this on
# the packaged one); zl_static_binary is configure's yes or no;
# zl_hardening the flags of the build: the hardening flags configure found
# the compiler to take, then CPPFLAGS, CFLAGS and LDFLAGS (unset: all the
# hardening flags are expected).
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
static=${zl_static_binary:-no}
hardening=${zl_hardening--fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro -Wl,-z,now}

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools readelf
setup_work

# took PATTERN: the build used a flag that matches PATTERN (else the check
# it asks for is left out, with a note)
took() {
	for took_flag in $hardening; do
		# shellcheck disable=SC2254 # PATTERN is a pattern
		case $took_flag in
		$1) return 0 ;;
		esac
	done
	echo "note: the build did not use $1 (see config.log): its check is left out"
	return 1
}

readelf -hW "$ZONELINT" > "$work/header" 2>&1
readelf -lW "$ZONELINT" > "$work/segments" 2>&1
readelf -dW "$ZONELINT" > "$work/dynamic" 2>&1
readelf -sW "$ZONELINT" > "$work/symbols" 2>&1
check "a non-executable stack (GNU_STACK RW)" "$work/segments" 'GNU_STACK( +[0-9a-fx]+){5} +RW +'
if took -Wl,-z,relro; then
	check "RELRO: a GNU_RELRO segment" "$work/segments" '^ *GNU_RELRO '
fi

if [ "$static" = yes ]; then
	check "--enable-static-binary: an executable at a fixed address" "$work/header" 'Type: +EXEC '
	check_not "--enable-static-binary: no program interpreter" "$work/segments" 'INTERP'
	check "--enable-static-binary: no shared library" "$work/dynamic" 'no dynamic section'
else
	if took -pie; then
		check "PIE: the program is position-independent" "$work/header" 'Type: +DYN '
		check "PIE: the dynamic section says so" "$work/dynamic" '\(FLAGS_1\).*Flags:.* PIE'
	fi
	if took -Wl,-z,now; then
		check "full RELRO: every symbol bound at the start (BIND_NOW)" "$work/dynamic" \
			'\(BIND_NOW\)|\(FLAGS\) .*BIND_NOW|\(FLAGS_1\).*Flags:.* NOW'
	fi
	check "a program interpreter (the dynamic loader)" "$work/segments" 'INTERP'
	for lib in libssl libcrypto libldns libzscanner libyaml; do
		check "$lib is a shared library (its security updates reach the program)" \
			"$work/dynamic" "\\(NEEDED\\).*\\[${lib}[.-]"
	done
	if took -fstack-protector-strong; then
		check "stack canaries (__stack_chk_fail)" "$work/symbols" ' UND __stack_chk_fail'
	fi
	if took '-D_FORTIFY_SOURCE=[1-9]'; then
		check "glibc's checked functions (_FORTIFY_SOURCE)" "$work/symbols" ' UND __[a-z]+_chk'
	fi
fi

# the program runs, and reads /etc/services as the shared C library would:
# generic data of WKS (RFC 3597: libzscanner takes no mnemonics for it):
# 192.0.2.1, TCP (6), port 25 (smtp)
cat > "$work/wks.example.zone" << 'EOF'
$ORIGIN wks.example.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
ns1 IN TYPE11 \# 9 c0000201 06 00000040
ns1 IN TYPE11 \# 9 c0000201 06 00000040
EOF
"$ZONELINT" lint "$work/wks.example.zone" > "$work/wks.out" 2>&1
status=$?
if [ $status -eq 1 ]; then
	ok "the program lints a zone (exit 1: a finding)"
else
	fail "the program lints a zone: exit $status, wanted 1" "$work/wks.out"
fi
if grep -q '^smtp[[:space:]]*25/tcp' /etc/services 2> /dev/null &&
	grep -q '^tcp[[:space:]]' /etc/protocols 2> /dev/null; then
	check "a WKS record's text names its protocol and service" "$work/wks.out" \
		'IN WKS 192\.0\.2\.1 tcp smtp repeats'
fi

summary
