#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_fix_kill.sh: `zonelint fix --in-place` killed with SIGKILL
# at every point of its run leaves the zone file whole: byte for byte the
# old version or the new one, never a mix, never empty. strace stops the
# process at the entry of each system call in turn (the Nth call of each
# name, as a first run lists them) and delivers SIGKILL there, so every
# point between two calls -- before, inside and after the write, fsync,
# rename and directory fsync -- is tried once; then runs killed after a
# random delay add points inside calls. What a kill may leave besides is the
# temporary file, written beside the zone as .NAME.zonelint-XXXXXX: hidden,
# never taken for a zone by `zonelint lint DIR`, and no obstacle to the next
# `fix --in-place`, which writes the new version (zonelint does not delete
# temporaries it did not make: another fix may be writing one).
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools strace
setup_work

zone=example.net.zone
dir="$work/zones"
mkdir -p "$dir"
cp "$top_srcdir/zones/$zone" "$work/old"
chmod u+w "$work/old" # the source tree is read-only under make distcheck
cp "$top_srcdir/zones/.zonelint.yaml" "$dir/"

# The new version, from a run nobody interrupts (again at the end, in case
# the date, and with it the serial, changed in between).
reference() {
	cp "$work/old" "$dir/$zone"
	"$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1 || return 1
	cp "$dir/$zone" "$1"
}
reference "$work/new" || { echo "test_fix_kill: fix --in-place fails uninterrupted"; exit 1; }
if cmp -s "$work/old" "$work/new"; then
	echo "test_fix_kill: fix --in-place changed nothing: nothing to test"
	exit 1
fi

# check_zone WHAT: the zone is old or new, whole; what else is there is a
# hidden temporary of ours
check_zone() {
	if ! cmp -s "$dir/$zone" "$work/old" && ! cmp -s "$dir/$zone" "$work/new" &&
		! cmp -s "$dir/$zone" "$work/new2"; then
		fail "$1: the zone file is neither the old nor the new version"
		cp "$dir/$zone" "$work/broken.$passed.$failed"
		return
	fi
	for f in "$dir"/* "$dir"/.[!.]*; do
		[ -e "$f" ] || continue
		case ${f##*/} in
		"$zone" | .zonelint.yaml) ;;
		".$zone.zonelint-"??????) leftovers=$((leftovers + 1)) ;;
		*) fail "$1: ${f##*/} left beside the zone" ;;
		esac
	done
	pass
}

: > "$work/new2"
leftovers=0

# 1. every system call in turn
cp "$work/old" "$dir/$zone"
strace -f -qq -o "$work/trace" "$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1
# "PID name(" -> name; the Nth call of a name is its Nth line
calls=$(sed -n 's/^[0-9]*  *\([a-z_0-9]*\)(.*/\1/p' "$work/trace")
total=$(echo "$calls" | wc -l)
if [ "$total" -lt 20 ] || ! echo "$calls" | grep -qx rename; then
	echo "test_fix_kill: strace saw $total calls and no rename: cannot test" >&2
	exit 1
fi
seen=""
points=0
for call in $calls; do
	seen="$seen $call"
	n=$(echo "$seen" | tr ' ' '\n' | grep -cx "$call")
	cp "$work/old" "$dir/$zone"
	strace -f -qq -o /dev/null -e trace="$call" -e inject="$call:signal=KILL:when=$n" \
		"$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1
	check_zone "killed at $call #$n"
	points=$((points + 1))
done
echo "test_fix_kill: killed at each of $points system calls; $leftovers temporaries left"

# 2. random delays (the run takes some milliseconds)
i=0
while [ $i -lt 30 ]; do
	cp "$work/old" "$dir/$zone"
	"$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1 &
	pid=$!
	sleep "0.00$(awk -v s="$i" 'BEGIN { srand(s); printf "%d", rand() * 9 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	check_zone "killed after a random delay (run $i)"
	i=$((i + 1))
done

# 3. what a kill leaves does not disturb: lint DIR ignores temporaries,
# the next fix writes the new version
rm -f "$dir/.$zone.zonelint-"*
cp "$work/old" "$dir/$zone"
strace -f -qq -o /dev/null -e trace=rename -e inject=rename:signal=KILL:when=1 \
	"$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1
tmp=$(find "$dir" -name ".$zone.zonelint-*" | head -n 1)
if [ -n "$tmp" ] && cmp -s "$tmp" "$work/new"; then
	pass
else
	fail "killed just before rename: no temporary holding the new version"
fi
"$ZONELINT" lint "$dir" > "$work/lint.out" 2>&1
if grep -q "\.$zone\.zonelint-" "$work/lint.out" || ! grep -q "in 1 file" "$work/lint.out"; then
	fail "lint DIR took the temporary for a zone"
	sed 's/^/    /' "$work/lint.out" | head -5
else
	pass
fi
if "$ZONELINT" fix --in-place "$dir/$zone" > /dev/null 2>&1 && reference "$work/new2" &&
	{ cmp -s "$dir/$zone" "$work/new" || cmp -s "$dir/$zone" "$work/new2"; }; then
	pass
else
	fail "fix --in-place after a killed run did not write the new version"
fi

summary
