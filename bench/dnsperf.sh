#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/dnsperf.sh: queries per second and server CPU per query of
# `zonelint serve` against NSD (one worker each: NSD with server-count: 1)
# on the same zone, with the same dnsperf query file: every name and type of
# the zone plus names that do not exist (one in five). The servers run on
# CPU 0, dnsperf on CPU 1. CPU per query is the time the server's threads
# (all of NSD's processes) spent on a CPU over the run (schedstat, in
# nanoseconds) divided by the queries answered. The two servers take turns,
# RUNS times each; the table gives the median of each column.
#
# With -c PERCENT the servers' processes also share one CPU cgroup capped
# at PERCENT of a CPU (cgroup v1 "cpu" or v2 "cpu.max", as root): dnsperf
# alone can send about as many queries as either server answers with a
# whole CPU, so only a server that runs out of CPU shows how many queries
# it can answer; with the same CPU for both, queries/s compares that.
#
#   bench/dnsperf.sh [-c PERCENT] [-l SECONDS] [-q OUTSTANDING] [-r RUNS] [ZONEFILE]
#
# Run from a build directory (ZONELINT defaults to ./src/zonelint). Needs
# nsd, dnsperf, named-checkzone (bind9-utils) and taskset (util-linux), and
# two CPUs. Everything listens on 127.0.0.1 only and stops at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
ZONELINT=${ZONELINT:-$(pwd)/src/zonelint}
seconds=10
outstanding=100
runs=3
cap=""
usage="usage: bench/dnsperf.sh [-c PERCENT] [-l SECONDS] [-q OUTSTANDING] [-r RUNS] [ZONEFILE]"
while getopts c:l:q:r: opt; do
	case $opt in
	c) cap=$OPTARG ;;
	l) seconds=$OPTARG ;;
	q) outstanding=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || { echo "$usage" >&2; exit 2; }
for n in "$seconds" "$outstanding" "$runs" ${cap:+"$cap"}; do
	case $n in
	'' | *[!0-9]* | 0) echo "$usage (positive whole numbers)" >&2; exit 2 ;;
	esac
done
[ -z "$cap" ] || [ "$cap" -le 100 ] || { echo "$usage (-c: 1 to 100 percent)" >&2; exit 2; }
zonefile=${1:-$top_srcdir/zones/example.com.zone}
[ -r "$zonefile" ] || { echo "bench: cannot read $zonefile" >&2; exit 2; }
for tool in nsd dnsperf dig named-checkzone named-compilezone taskset; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is not installed" >&2; exit 2; }
done
[ -x "$ZONELINT" ] || { echo "bench: no $ZONELINT (run from a build directory or set ZONELINT)" >&2; exit 2; }
[ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] || { echo "bench: needs two CPUs (servers on 0, dnsperf on 1)" >&2; exit 2; }
. "$top_srcdir/tests/testlib.sh"
. "$top_srcdir/tests/server/nsd.sh"
. "$top_srcdir/tests/server/serve.sh"
setup_work 'serve_stop; nsd_stop; cap_remove'

# -c: the cgroup both servers run in, capped at $cap percent of a CPU (a
# short period, so that a server waits 5 ms at most, not 50)
cg=""
cap_make() {
	period=10000
	quota=$((period * cap / 100))
	if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
		mkdir /sys/fs/cgroup/cpu/zonelint-bench-$$ || return 1
		cg=/sys/fs/cgroup/cpu/zonelint-bench-$$
		echo "$period" > "$cg/cpu.cfs_period_us" && echo "$quota" > "$cg/cpu.cfs_quota_us"
	elif grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
		mkdir /sys/fs/cgroup/zonelint-bench-$$ || return 1
		cg=/sys/fs/cgroup/zonelint-bench-$$
		echo "$quota $period" > "$cg/cpu.max"
	else
		false
	fi
}
cap_join() {
	for pid in "$@"; do
		echo "$pid" > "$cg/cgroup.procs" || return 1
	done
}
# (run when the servers have stopped; NSD's children may take a moment to
# follow its main process, and a cgroup with processes in it stays)
cap_remove() {
	[ -n "$cg" ] || return 0
	i=0
	while [ -n "$(cat "$cg/cgroup.procs" 2>/dev/null)" ] && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rmdir "$cg" 2>/dev/null || echo "bench: could not remove $cg" >&2
	cg=""
}
if [ -n "$cap" ]; then
	cap_make || { echo "bench: -c needs a CPU cgroup this user can make (cgroup v1 cpu or v2 cpu.max, as root)" >&2; exit 2; }
fi

# the zone's origin: $ORIGIN, else the file name (as zonelint and the tests do)
compare=${DNSCOMPARE:-$(pwd)/tests/server/dnscompare}
if [ -x "$compare" ]; then
	origin=$("$compare" --origin-of "$zonefile") || exit 2
else
	origin=$(awk '/^\$ORIGIN/ {print $2; exit}' "$zonefile")
	[ -n "$origin" ] || origin=$(basename "$zonefile" .zone).
fi
# the query file: every record's name and type, and misses, shuffled the
# same way every time
named-checkzone -q -D -o "$work/flat.zone" "$origin" "$zonefile" >/dev/null 2>&1 ||
	{ echo "bench: named-checkzone cannot read $zonefile" >&2; exit 2; }
awk '!/^;/ && NF >= 4 {print $1, $4}' "$work/flat.zone" | sort -u > "$work/hits"
hits=$(wc -l < "$work/hits")
awk -v o="$origin" -v n="$hits" 'BEGIN {for (i = 0; i < n / 4; i++) printf "nx-%d.%s A\n", i, o}' > "$work/misses"
cat "$work/hits" "$work/misses" | awk 'BEGIN {srand(1)} {print rand() "\t" $0}' | sort -n |
	cut -f2- > "$work/queries"

# nanoseconds on a CPU of every thread of the processes given
cpu_ns() {
	cat "$@" 2>/dev/null | awk '{t += $1} END {printf "%.0f\n", t}'
}
schedstats() {
	for pid in "$@"; do
		echo "/proc/$pid/task/*/schedstat"
	done
}

free_port() {
	if [ -x "$compare" ]; then
		"$compare" --free-port
	else
		echo "$1"
	fi
}

# the processes of a server now (NSD's main, xfrd and server processes;
# a reload of NSD replaces some of them)
pids_of() {
	case $1 in
	nsd) pgrep -f "nsd -d -c $work/nsd/nsd.conf" | sort | tr '\n' ' ' ;;
	*) echo "$SERVE_PID" ;;
	esac
}

# run NAME PORT: one dnsperf run against a server; appends "qps
# us_per_query answered lost dnsperf_busy%" to $work/NAME.results. A run
# during which the server's processes changed is run again (three tries).
run() {
	name=$1
	port=$2
	# a short warm-up, not counted
	taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -l 1 -q "$outstanding" >/dev/null 2>&1
	try=0
	while :; do
		pids=$(pids_of "$name")
		# shellcheck disable=SC2086 # one argument a pid
		files=$(schedstats $pids)
		# shellcheck disable=SC2086 # globs, one a thread
		before=$(cpu_ns $files)
		/usr/bin/time -f "%U %S %e" -o "$work/$name.time" \
			taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -l "$seconds" \
			-q "$outstanding" > "$work/$name.dnsperf" 2>&1
		# shellcheck disable=SC2086
		after=$(cpu_ns $files)
		[ "$(pids_of "$name")" = "$pids" ] && break
		try=$((try + 1))
		repeated=$((repeated + 1))
		[ "$try" -lt 3 ] || { echo "bench: $name keeps changing processes" >&2; exit 1; }
	done
	completed=$(awk '/Queries completed:/ {print $3}' "$work/$name.dnsperf")
	lost=$(awk '/Queries lost:/ {print $3}' "$work/$name.dnsperf")
	qps=$(awk '/Queries per second:/ {printf "%d", $4}' "$work/$name.dnsperf")
	if [ -z "$completed" ] || [ "$completed" = 0 ]; then
		echo "bench: dnsperf against $name answered nothing:" >&2
		cat "$work/$name.dnsperf" >&2
		exit 1
	fi
	# how busy dnsperf was: near 100%, it (not the server) was the limit
	busy=$(tail -n 1 "$work/$name.time" | awk '$3 > 0 {printf "%.0f", 100 * ($1 + $2) / $3}')
	awk -v q="$qps" -v ns=$((after - before)) -v n="$completed" -v lost="$lost" -v busy="${busy:-0}" \
		'BEGIN {printf "%d %.2f %d %d %d\n", q, ns / 1000 / n, n, lost, busy}' >> "$work/$name.results"
}

nsdfile=$(nsd_zone_copy "$origin" "$zonefile" "$work") || { echo "bench: cannot expand the zone for NSD" >&2; exit 2; }
mkdir -p "$work/nsd"
nsd_port=$(free_port 53531)
nsd_start "$work/nsd" "$nsd_port" "$origin" "$nsdfile" ||
	{ echo "bench: NSD did not start" >&2; cat "$work/nsd/nsd.log" >&2; exit 1; }
serve_port=$(free_port 53532)
serve_start "$work/serve.log" "$serve_port" "$zonefile" ||
	{ echo "bench: zonelint serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
# every thread of the servers on CPU 0 (processes NSD forks later inherit it)
for pid in $(pids_of nsd) $SERVE_PID; do
	taskset -a -p -c 0 "$pid" >/dev/null 2>&1
done
if [ -n "$cap" ]; then
	# shellcheck disable=SC2046 # one argument a pid
	cap_join $(pids_of nsd) "$SERVE_PID" || { echo "bench: cannot move the servers into $cg" >&2; exit 1; }
fi
repeated=0
: > "$work/nsd.results"
: > "$work/zonelint.results"
i=0
while [ "$i" -lt "$runs" ]; do
	run nsd "$nsd_port"
	run zonelint "$serve_port"
	i=$((i + 1))
done
serve_stop
nsd_stop
cap_remove

# the median of column COL of FILE
median() {
	sort -n -k "$1,$1" "$2" | awk -v c="$1" '{v[NR] = $c} END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
nsd_qps=$(median 1 "$work/nsd.results")
nsd_us=$(median 2 "$work/nsd.results")
zl_qps=$(median 1 "$work/zonelint.results")
zl_us=$(median 2 "$work/zonelint.results")
nsd_busy=$(median 5 "$work/nsd.results")
zl_busy=$(median 5 "$work/zonelint.results")
lost=$(awk '{l += $4} END {print l + 0}' "$work/nsd.results" "$work/zonelint.results")

echo "zone:    $origin ($zonefile), $(wc -l < "$work/queries") queries in the file ($hits names and types, the rest names that do not exist)"
echo "dnsperf: taskset -c 1 dnsperf -s 127.0.0.1 -p PORT -d QUERYFILE -l $seconds -q $outstanding" \
	"(after a 1 s warm-up); servers on CPU 0${cap:+, $cap% of it each (a CPU cgroup)}"
echo "runs:    $runs each, taking turns; medians; $lost queries lost in all; $repeated run(s) repeated" \
	"(the server's processes changed); load average$(uptime | sed 's/.*load average//')"
echo
printf '%-10s %12s %16s %12s %12s %14s\n' server "queries/s" "CPU us/query" "qps vs NSD" "CPU vs NSD" "dnsperf busy"
awk -v nq="$nsd_qps" -v nu="$nsd_us" -v zq="$zl_qps" -v zu="$zl_us" -v nb="$nsd_busy" -v zb="$zl_busy" 'BEGIN {
	printf "%-10s %12d %16.2f %12.2f %12.2f %13d%%\n", "NSD", nq, nu, 1, 1, nb
	printf "%-10s %12d %16.2f %12.2f %12.2f %13d%%\n", "zonelint", zq, zu, zq / nq, zu / nu, zb }'
echo "(dnsperf busy: its CPU time over the run's; near 100%, dnsperf, not the server, set the pace)"
