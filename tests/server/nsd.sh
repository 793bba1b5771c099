# tests/server/nsd.sh: start and stop NSD for tests, sourced by test scripts.
# NSD listens on 127.0.0.1 only, in a temporary directory; nsd_stop (also
# run from the caller's EXIT trap) always stops it.

NSD_PID=""

# nsd_start DIR PORT ORIGIN ZONEFILE [ORIGIN ZONEFILE]...
# Returns 0 when NSD answers for the first zone, 1 when NSD refused to load
# it (reason in DIR/nsd.log), 2 when NSD did not start.
nsd_start() {
	nsd_dir=$1
	nsd_port=$2
	shift 2
	nsd_first_origin=$1
	{
		echo "server:"
		echo "  ip-address: 127.0.0.1"
		echo "  port: $nsd_port"
		echo "  username: \"\""
		echo "  chroot: \"\""
		echo "  zonesdir: \"$nsd_dir\""
		echo "  database: \"\""
		echo "  pidfile: \"$nsd_dir/nsd.pid\""
		echo "  xfrdfile: \"$nsd_dir/xfrd.state\""
		echo "  zonelistfile: \"$nsd_dir/zone.list\""
		echo "  logfile: \"$nsd_dir/nsd.log\""
		echo "  server-count: 1"
		echo "  verbosity: 1"
		echo "  hide-version: yes"
		echo "  refuse-any: no"
		# no response rate limiting: its TC slips would differ from run to run
		echo "  rrl-ratelimit: 0"
		echo "  rrl-whitelist-ratelimit: 0"
		echo "remote-control:"
		echo "  control-enable: no"
		while [ $# -ge 2 ]; do
			echo "zone:"
			echo "  name: \"$1\""
			echo "  zonefile: \"$2\""
			echo "  provide-xfr: 127.0.0.1 NOKEY"
			shift 2
		done
	} > "$nsd_dir/nsd.conf"
	: > "$nsd_dir/nsd.log"
	nsd -d -c "$nsd_dir/nsd.conf" >> "$nsd_dir/nsd.log" 2>&1 &
	NSD_PID=$!
	# bounded wait: 100 tries of 0.05 s
	i=0
	while [ $i -lt 100 ]; do
		if ! kill -0 "$NSD_PID" 2>/dev/null; then
			NSD_PID=""
			return 2
		fi
		status=$(dig +norec +time=1 +tries=1 -p "$nsd_port" @127.0.0.1 "$nsd_first_origin" SOA 2>/dev/null |
			sed -n 's/.*status: \([A-Z]*\).*/\1/p')
		case $status in
		NOERROR) return 0 ;;
		SERVFAIL | REFUSED) return 1 ;;
		esac
		sleep 0.05
		i=$((i + 1))
	done
	return 2
}

nsd_stop() {
	if [ -n "$NSD_PID" ]; then
		kill "$NSD_PID" 2>/dev/null
		# bounded: NSD exits within a second of SIGTERM
		i=0
		while kill -0 "$NSD_PID" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -9 "$NSD_PID" 2>/dev/null
		wait "$NSD_PID" 2>/dev/null
		NSD_PID=""
	fi
}

# nsd_zone_copy ORIGIN FILE DIR: prints the path of a copy of FILE that NSD
# can read: NSD 4.6 has no $GENERATE, so such zones are expanded by BIND's
# named-compilezone first (which also checks zonelint's own expansion).
nsd_zone_copy() {
	if grep -qi '^\$GENERATE' "$2"; then
		named-compilezone -q -i none -k ignore -s relative -o "$3/expanded.zone" "$1" "$2" >/dev/null 2>&1 ||
			return 1
		echo "$3/expanded.zone"
	else
		echo "$2"
	fi
}
