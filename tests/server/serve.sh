# tests/server/serve.sh: start and stop `zonelint serve` for tests, sourced
# by test scripts (like nsd.sh). The server listens on 127.0.0.1 only; every
# wait is bounded and serve_stop (also run from the caller's EXIT trap)
# always stops it.

SERVE_PID=""

# serve_start LOG PORT [OPTION]... FILE...
# Returns 0 once the server logs that it listens, 1 when it exited (reason
# in LOG), 2 when it did not come up in 5 seconds.
serve_start() {
	serve_log=$1
	serve_port=$2
	shift 2
	: > "$serve_log"
	"$ZONELINT" serve --listen "127.0.0.1:$serve_port" "$@" 2>> "$serve_log" &
	SERVE_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		if grep -q 'listening on' "$serve_log" 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$SERVE_PID" 2>/dev/null; then
			wait "$SERVE_PID" 2>/dev/null
			SERVE_PID=""
			return 1
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 2
}

# serve_stop [SIGNAL]: stops the server (SIGTERM by default) and sets
# SERVE_STATUS to its exit status (137 when it had to be killed).
serve_stop() {
	SERVE_STATUS=""
	if [ -n "$SERVE_PID" ]; then
		kill "-${1:-TERM}" "$SERVE_PID" 2>/dev/null
		i=0
		while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -9 "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
		SERVE_STATUS=$?
		SERVE_PID=""
	fi
}
