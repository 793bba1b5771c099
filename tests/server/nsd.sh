# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# tests/server/nsd.sh: start and stop NSD for tests, sourced by test scripts
# after tests/testlib.sh. NSD listens on 127.0.0.1 only, in a temporary
# directory; nsd_stop (also run at the caller's exit) always stops it.

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
	await "$NSD_PID" 5 dns_answers "$nsd_port" "$nsd_first_origin" NOERROR SERVFAIL REFUSED
	case $? in
	0)
		# shellcheck disable=SC2154 # set by dns_answers
		[ "$dns_status" = NOERROR ] && return 0
		return 1
		;;
	1)
		NSD_PID=""
		return 2
		;;
	*) return 2 ;;
	esac
}

nsd_stop() {
	stop_process "$NSD_PID"
	NSD_PID=""
}

# nsd_serve ORIGIN ZONEFILE DIR PORT: NSD serves ZONEFILE (a copy it can
# read: nsd_zone_copy) from DIR on 127.0.0.1:PORT. Returns 0 when it does,
# 1 when NSD does not load the zone, 2 when the copy or NSD failed; what
# went wrong is said (SKIP: or FAIL:) and NSD stopped.
nsd_serve() {
	nsd_file=$(nsd_zone_copy "$1" "$2" "$3") || {
		echo "FAIL: $2: named-compilezone could not expand it"
		return 2
	}
	nsd_start "$3" "$4" "$1" "$nsd_file"
	case $? in
	0) return 0 ;;
	1)
		echo "SKIP: $2: NSD does not load it:"
		grep -i 'error' "$3/nsd.log" | sed 's/^/    /' | head -5
		nsd_stop
		return 1
		;;
	*)
		echo "FAIL: $2: NSD did not start"
		sed 's/^/    /' "$3/nsd.log" | tail -5
		nsd_stop
		return 2
		;;
	esac
}

# nsd_zone_copy ORIGIN FILE DIR: prints the path of a copy of FILE that NSD
# can read: NSD 4.6 has no $GENERATE, so such zones are expanded by BIND's
# named-compilezone first (which also checks zonelint's own expansion).
nsd_zone_copy() {
	# shellcheck disable=SC2016 # $GENERATE is zone text
	if grep -qi '^\$GENERATE' "$2"; then
		named-compilezone -q -i none -k ignore -s relative -o "$3/expanded.zone" "$1" "$2" >/dev/null 2>&1 ||
			return 1
		echo "$3/expanded.zone"
	else
		echo "$2"
	fi
}
