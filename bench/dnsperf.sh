#!/bin/sh
# bench/dnsperf.sh: queries per second and server CPU per query of
# `zonelint serve` against NSD (one worker each, server-count: 1) on the same
# zone, with the same dnsperf query file: every name and type of the zone
# plus names that do not exist (one in five). Each server runs alone on CPU
# 0, dnsperf on CPU 1; CPU per query is the utime+stime of the server's
# processes (from /proc) over the run divided by the queries answered.
#
#   bench/dnsperf.sh [-l SECONDS] [-q OUTSTANDING] [ZONEFILE]
#
# Run from a build directory (ZONELINT defaults to ./src/zonelint). Needs
# nsd, dnsperf, named-checkzone (bind9-utils) and taskset (util-linux).
# Everything listens on 127.0.0.1 only and stops at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
ZONELINT=${ZONELINT:-$(pwd)/src/zonelint}
seconds=10
outstanding=100
while getopts l:q: opt; do
	case $opt in
	l) seconds=$OPTARG ;;
	q) outstanding=$OPTARG ;;
	*) echo "usage: bench/dnsperf.sh [-l SECONDS] [-q OUTSTANDING] [ZONEFILE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
zonefile=${1:-$top_srcdir/zones/example.com.zone}
for tool in nsd dnsperf named-checkzone named-compilezone taskset; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is not installed" >&2; exit 2; }
done
[ -x "$ZONELINT" ] || { echo "bench: no $ZONELINT (run from a build directory or set ZONELINT)" >&2; exit 2; }
. "$top_srcdir/tests/server/nsd.sh"
. "$top_srcdir/tests/server/serve.sh"
work=$(mktemp -d /tmp/zonelint-bench.XXXXXX)
trap 'serve_stop; nsd_stop; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# the zone's origin as named-checkzone sees it from the SOA (and as zonelint does)
origin=$(awk '/^\$ORIGIN/ {print $2; exit}' "$zonefile")
[ -n "$origin" ] || origin=$(basename "$zonefile" .zone).
# the query file: every record's name and type, and misses
named-checkzone -q -D -o "$work/flat.zone" "$origin" "$zonefile" >/dev/null 2>&1 ||
	named-compilezone -q -i none -k ignore -o "$work/flat.zone" "$origin" "$zonefile" >/dev/null 2>&1 ||
	{ echo "bench: named-checkzone cannot read $zonefile" >&2; exit 2; }
awk '!/^;/ && NF >= 4 {print $1, $4}' "$work/flat.zone" | sort -u > "$work/hits"
hits=$(wc -l < "$work/hits")
awk -v o="$origin" -v n="$hits" 'BEGIN {for (i = 0; i < n / 4; i++) printf "nx-%d.%s A\n", i, o}' > "$work/misses"
cat "$work/hits" "$work/misses" | awk 'BEGIN {srand(1)} {print rand() "\t" $0}' | sort -n |
	cut -f2- > "$work/queries"
echo "zone $origin ($zonefile): $(wc -l < "$work/queries") queries in the file ($hits names and types, the rest misses)"

# utime+stime in clock ticks of a process and its threads and children
ticks() {
	total=0
	for pid in "$@"; do
		if [ -r "/proc/$pid/stat" ]; then
			t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')
			total=$((total + t))
		fi
	done
	echo "$total"
}
hz=$(getconf CLK_TCK)

# run NAME PORT PID...: dnsperf against the server; prints one result line
run() {
	name=$1
	port=$2
	shift 2
	for pid in "$@"; do
		taskset -a -p -c 0 "$pid" >/dev/null 2>&1
	done
	# a short warm-up, not counted
	taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -l 1 -q "$outstanding" >/dev/null 2>&1
	before=$(ticks "$@")
	taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -l "$seconds" \
		-q "$outstanding" > "$work/$name.dnsperf" 2>&1
	after=$(ticks "$@")
	completed=$(awk '/Queries completed:/ {print $3}' "$work/$name.dnsperf")
	qps=$(awk '/Queries per second:/ {printf "%d", $4}' "$work/$name.dnsperf")
	lost=$(awk '/Queries lost:/ {print $3}' "$work/$name.dnsperf")
	if [ -z "$completed" ] || [ "$completed" = 0 ]; then
		echo "bench: dnsperf against $name answered nothing:" >&2
		cat "$work/$name.dnsperf" >&2
		exit 1
	fi
	us=$(awk -v t=$((after - before)) -v hz="$hz" -v q="$completed" 'BEGIN {printf "%.2f", t * 1e6 / hz / q}')
	printf '%-9s %8s queries/s  %6s us CPU/query  (%s answered, %s lost, %s s)\n' \
		"$name" "$qps" "$us" "$completed" "$lost" "$seconds"
	eval "${name}_qps=$qps ${name}_us=$us"
}

nsdfile=$(nsd_zone_copy "$origin" "$zonefile" "$work") || { echo "bench: cannot expand the zone for NSD" >&2; exit 2; }
compare=${DNSCOMPARE:-$(pwd)/tests/server/dnscompare}
port=53531
[ -x "$compare" ] && port=$("$compare" --free-port)
mkdir -p "$work/nsd"
nsd_start "$work/nsd" "$port" "$origin" "$nsdfile" || { echo "bench: NSD did not start" >&2; cat "$work/nsd/nsd.log" >&2; exit 1; }
nsd_pids=$(pgrep -f "nsd -d -c $work/nsd/nsd.conf" | tr '\n' ' ')
# shellcheck disable=SC2086 # one argument a pid
run nsd "$port" $nsd_pids
nsd_stop

serve_start "$work/serve.log" "$port" "$zonefile" || { echo "bench: zonelint serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
run zonelint "$port" "$SERVE_PID"
serve_stop

awk -v zq="$zonelint_qps" -v nq="$nsd_qps" -v zu="$zonelint_us" -v nu="$nsd_us" 'BEGIN {
	printf "zonelint/NSD: %.2f x the queries per second, %.2f x the CPU per query\n", zq / nq, zu / nu }'
