#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/load.sh [RECORDS]: time `zonelint lint` on a generated zone beside the
# zone checkers of the other DNS projects, in one run on this machine.
# (bench/run measures more, in one table; this is the quick load figure.)
# Prints, for each tool, the median wall time of 5 runs, the CPU time
# (user+sys) of the median run and the peak resident memory, and each
# figure as a ratio to zonelint's. Run it on an otherwise idle machine.
#
#   bench/load.sh            # 1,000,000 records
#   ZONELINT=path bench/load.sh 200000
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
n=${1:-1000000}
zonelint=${ZONELINT:-$top/src/zonelint}
[ -x "$zonelint" ] || { echo "bench/load.sh: build first ($zonelint missing)" >&2; exit 2; }
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"
zone="$out/zone-$n.zone"
[ -f "$zone" ] || "$here/genzone.sh" "$n" "$zone"
origin=bench.example
runs=5

# run NAME COMMAND...: 5 runs; prints "NAME wall cpu rss_kib" (median by wall)
run() {
	name=$1
	shift
	: > "$out/times"
	i=0
	while [ $i -lt $runs ]; do
		/usr/bin/time -f "%e %U %S %M" -o "$out/time.one" "$@" > /dev/null 2>&1 || true
		# a command that fails (zonelint lint exits 1 on findings) makes
		# /usr/bin/time write "Command exited with non-zero status 1"
		# first: the figures are its last line
		tail -n 1 "$out/time.one" >> "$out/times"
		i=$((i + 1))
	done
	sort -n "$out/times" | sed -n "$(((runs + 1) / 2))p" |
		awk -v name="$name" '{ printf "%s %.3f %.3f %d\n", name, $1, $2 + $3, $4 }'
}

{
	run zonelint "$zonelint" lint "$zone"
	command -v kzonecheck > /dev/null && run kzonecheck kzonecheck -o "$origin" "$zone"
	command -v named-checkzone > /dev/null && run named-checkzone named-checkzone -q "$origin" "$zone"
	command -v nsd-checkzone > /dev/null && run nsd-checkzone nsd-checkzone "$origin" "$zone"
	command -v validns > /dev/null && run validns validns -z "$origin" "$zone"
} > "$out/results"

records=$(grep -cv '^\$' "$zone")
echo "zone: $zone ($records records, $(($(wc -c < "$zone") / 1048576)) MiB)"
awk 'NR == 1 { w = $2; c = $3; m = $4 }
     { printf "%-16s %7.3f s wall (%5.2fx)  %7.3f s cpu (%5.2fx)  %8.1f MiB peak (%5.2fx)\n",
	       $1, $2, $2 / w, $3, $3 / c, $4 / 1024, $4 / m }' "$out/results"
