# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# tests/testlib.sh: what the test scripts share, sourced by each of them
# (". "$top_srcdir/tests/testlib.sh""): counting and reporting checks,
# checks of what a command printed, the temporary directory and its removal,
# the tools a test needs, and bounded waits for processes and servers.
# Servers started here listen on the loopback only; every wait is bounded.

# the test's name for its messages: test_cli for tests/cli/test_cli.sh
test_name=${0##*/}
test_name=${test_name%.sh}

# ---- counting and reporting ----
# passed and failed count the checks that held and those that failed;
# checks counts what some scripts report instead (`run` adds one for each
# command it runs). Each check below is true when it held, false when not.
passed=0
failed=0
checks=0

# pass: a check held, silently
pass() {
	passed=$((passed + 1))
}

# ok MESSAGE: a check held, said as "ok: MESSAGE"
ok() {
	passed=$((passed + 1))
	echo "ok: $1"
}

# fail MESSAGE [FILE]: a check failed, said as "FAIL: MESSAGE", followed by
# the first 20 lines of FILE (what the program said), indented
fail() {
	testlib_fail head "$@"
}

# fail_tail MESSAGE [FILE]: fail, with the last 20 lines of FILE (a server's
# log, whose end says why)
fail_tail() {
	testlib_fail tail "$@"
}

testlib_fail() { # head|tail MESSAGE [FILE]
	failed=$((failed + 1))
	echo "FAIL: $2"
	if [ $# -gt 2 ] && [ -f "$3" ]; then
		sed 's/^/    /' "$3" | "$1" -n 20
	fi
	return 1
}

# summary: "NAME: N passed, M failed"; true when nothing failed (a script
# ends with it, so that it is the script's exit status)
summary() {
	echo "$test_name: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# check MESSAGE FILE ERE: FILE has a line that matches the extended regular
# expression ERE (ok or fail, with FILE)
check() {
	if grep -Eq -- "$3" "$2"; then
		ok "$1"
	else
		fail "$1 (no /$3/)" "$2"
	fi
}

# check_not MESSAGE FILE ERE: no line of FILE matches ERE
check_not() {
	if grep -Eq -- "$3" "$2"; then
		fail "$1 (/$3/ is there)" "$2"
	else
		ok "$1"
	fi
}

# succeeds MESSAGE OUT COMMAND...: COMMAND exits 0 (ok); else fail, with
# what it printed (its stdout and stderr, in OUT)
succeeds() {
	testlib_message=$1
	testlib_out=$2
	shift 2
	if "$@" > "$testlib_out" 2>&1; then
		ok "$testlib_message"
	else
		fail "$testlib_message" "$testlib_out"
	fi
}

# ---- a command's output: $work/NAME.out (stdout) and $work/NAME.err ----
# These say nothing when the check holds.

# run NAME EXIT COMMAND...: runs COMMAND, its stdout in $work/NAME.out and
# its stderr in $work/NAME.err; its exit status must be EXIT. Counts a check.
run() {
	run_name=$1
	run_want=$2
	shift 2
	checks=$((checks + 1))
	"$@" > "$work/$run_name.out" 2> "$work/$run_name.err"
	run_got=$?
	if [ "$run_got" = "$run_want" ]; then
		pass
	else
		fail "$run_name: exit $run_got, expected $run_want"
		sed 's/^/    err: /' "$work/$run_name.err" | head -5
		return 1
	fi
}

# has NAME STREAM TEXT: $work/NAME.STREAM (STREAM out or err) has TEXT, a
# fixed string
has() {
	if grep -qF -- "$3" "$work/$1.$2"; then
		pass
	else
		fail "$1: $2 lacks: $3" "$work/$1.$2"
	fi
}

# lacks NAME STREAM TEXT: $work/NAME.STREAM does not have TEXT
lacks() {
	if grep -qF -- "$3" "$work/$1.$2"; then
		fail "$1: $2 has: $3"
	else
		pass
	fi
}

# empty NAME STREAM: $work/NAME.STREAM is empty
empty() {
	if [ -s "$work/$1.$2" ]; then
		fail "$1: $2 is not empty:" "$work/$1.$2"
	else
		pass
	fi
}

# same NAME FILE [STREAM]: $work/NAME.STREAM (STREAM out by default) is
# byte for byte FILE
same() {
	if cmp -s "$work/$1.${3:-out}" "$2"; then
		pass
	else
		if [ "${3:-out}" = out ]; then
			fail "$1: output differs from $2:"
		else
			fail "$1: stderr differs from $2:"
		fi
		diff -u "$2" "$work/$1.${3:-out}" | head -30
		return 1
	fi
}

# ---- set-up ----

# setup_work [COMMAND]: $work, a new temporary directory. When the script
# exits (HUP, INT and TERM make it exit 1), COMMAND runs (to stop what the
# script started), then $work is removed, made writable first (tests copy
# read-only source trees: make distcheck).
# shellcheck disable=SC2120 # COMMAND is optional
setup_work() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/zonelint-$test_name.XXXXXX") || exit 99
	testlib_at_exit=${1:-}
	trap testlib_exit EXIT
	trap 'exit 1' HUP INT TERM
}

testlib_exit() {
	eval "$testlib_at_exit"
	chmod -R u+w "$work" 2> /dev/null
	rm -rf "$work"
}

# need_tools TOOL...: each is installed, or the script fails (exit 1): a
# missing tool is the machine's fault, not a reason to skip
need_tools() {
	for testlib_tool in "$@"; do
		if ! command -v "$testlib_tool" > /dev/null 2>&1; then
			echo "$test_name: $testlib_tool is not installed: run contrib/bootstrap-tests" >&2
			exit 1
		fi
	done
}

# need_python_module MODULE PACKAGE: python3 imports MODULE (from the
# Debian package PACKAGE), or the script fails
need_python_module() {
	if ! python3 -c "import $1" 2> /dev/null; then
		echo "$test_name: $2 is not installed: run contrib/bootstrap-tests" >&2
		exit 1
	fi
}

# ---- processes and servers ----

# alive PID / gone PID: process PID runs / has exited
alive() {
	kill -0 "$1" 2> /dev/null
}
gone() {
	! kill -0 "$1" 2> /dev/null
}

# log_has FILE BRE: FILE has a line that matches BRE; quietly false while
# FILE does not exist
log_has() {
	grep -q -- "$2" "$1" 2> /dev/null
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.05 s until it
# succeeds, for SECONDS at most; false when it never did
wait_until() {
	testlib_tries=$(($1 * 20))
	shift
	while [ "$testlib_tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		testlib_tries=$((testlib_tries - 1))
	done
	return 1
}

# await PID SECONDS COMMAND...: waits until COMMAND succeeds while process
# PID runs (a server coming up), for SECONDS at most. Returns 0 when COMMAND
# succeeded, 1 when PID exited first, 2 when the time ran out.
await() {
	testlib_await_pid=$1
	testlib_await_seconds=$2
	shift 2
	testlib_await=2
	wait_until "$testlib_await_seconds" testlib_await_step "$@"
	return $testlib_await
}

testlib_await_step() { # COMMAND...
	if "$@"; then
		testlib_await=0
		return 0
	fi
	alive "$testlib_await_pid" && return 1
	testlib_await=1
}

# stop_process PID [SIGNAL]: sends SIGNAL (TERM by default) to PID, a child
# of this shell, gives it 5 s to exit, then kills it (SIGKILL); its exit
# status in stop_status (137 when it had to be killed). Nothing for no PID.
stop_process() {
	stop_status=""
	[ -n "$1" ] || return 0
	kill "-${2:-TERM}" "$1" 2> /dev/null
	wait_until 5 gone "$1"
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
	# shellcheck disable=SC2034 # for the caller
	stop_status=$?
}

# dns_answers PORT NAME STATUS...: a server on 127.0.0.1:PORT answers the
# question NAME SOA (recursion not asked) with one of the STATUSes (NOERROR,
# SERVFAIL...); the status it gave, if any, in dns_status
dns_answers() {
	dns_status=$(dig +norec +time=1 +tries=1 -p "$1" @127.0.0.1 "$2" SOA 2> /dev/null |
		sed -n 's/.*status: \([A-Z]*\).*/\1/p')
	shift 2
	for testlib_status in "$@"; do
		[ "$dns_status" = "$testlib_status" ] && return 0
	done
	return 1
}

# make_cert NAME CN SAN: a self-signed P-256 certificate for CN with the
# subjectAltName SAN, valid for a day: $work/NAME.pem, its key
# $work/NAME.key; what openssl said in $work/NAME.log
make_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-keyout "$work/$1.key" -out "$work/$1.pem" -subj "/CN=$2" \
		-addext "subjectAltName=$3" > "$work/$1.log" 2>&1
}

# tls_server_start CERT KEY [OPTION]...: openssl s_server -www on 127.0.0.1
# with the certificate CERT and its KEY (and s_server's OPTIONs), on a port
# found by trying (20 at most, each given 5 s to come up): the port in
# tls_port, the process in tls_pid, its output in $work/server.log. It
# ends by itself after 120 s, should the script be killed before it stops it.
tls_server_start() {
	testlib_cert=$1
	testlib_key=$2
	shift 2
	tls_port=""
	tls_pid=""
	testlib_try=0
	while [ $testlib_try -lt 20 ]; do
		testlib_try=$((testlib_try + 1))
		testlib_port=$((20000 + ($$ * 13 + testlib_try * 157) % 40000))
		timeout 120 openssl s_server -accept "127.0.0.1:$testlib_port" -www \
			-cert "$testlib_cert" -key "$testlib_key" "$@" > "$work/server.log" 2>&1 &
		tls_pid=$!
		if await "$tls_pid" 5 log_has "$work/server.log" '^ACCEPT'; then
			# shellcheck disable=SC2034 # for the caller
			tls_port=$testlib_port
			return 0
		fi
		stop_process "$tls_pid"
		tls_pid=""
	done
	return 1
}

# tls_server_stop: stops the server tls_server_start started, if it runs
tls_server_stop() {
	stop_process "${tls_pid:-}"
	tls_pid=""
}
