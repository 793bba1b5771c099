# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# tests/server/serve.sh: start and stop `zonelint serve` for tests, sourced
# by test scripts after tests/testlib.sh (like nsd.sh). The server listens
# on the loopback only; every wait is bounded and serve_stop (also run at
# the caller's exit) always stops it.

SERVE_PID=""

# serve_start LOG PORT [OPTION]... FILE...: the server on 127.0.0.1:PORT.
# Returns 0 once the server logs that it listens, 1 when it exited (reason
# in LOG), 2 when it did not come up in 5 seconds.
serve_start() {
	serve_log=$1
	serve_port=$2
	shift 2
	serve_start_at "$serve_log" "127.0.0.1:$serve_port" "$@"
}

# serve_start_at LOG ADDRESS:PORT [OPTION]... FILE...: serve_start on
# another address of the loopback ([::1]:PORT)
serve_start_at() {
	serve_log=$1
	serve_listen=$2
	shift 2
	: > "$serve_log"
	"$ZONELINT" serve --listen "$serve_listen" "$@" 2>> "$serve_log" &
	SERVE_PID=$!
	await "$SERVE_PID" 5 log_has "$serve_log" 'listening on'
	case $? in
	0) return 0 ;;
	1)
		wait "$SERVE_PID" 2> /dev/null
		SERVE_PID=""
		return 1
		;;
	*) return 2 ;;
	esac
}

# serve_stop [SIGNAL]: stops the server (SIGTERM by default) and sets
# SERVE_STATUS to its exit status (137 when it had to be killed).
# shellcheck disable=SC2120 # the signal is optional
serve_stop() {
	stop_process "$SERVE_PID" "${1:-TERM}"
	# shellcheck disable=SC2034,SC2154 # for the caller; from stop_process
	SERVE_STATUS=$stop_status
	SERVE_PID=""
}
