#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/server/test_serve_idle.sh: `zonelint serve` under connections that
# hold it up (RFC 7766 6.2.3, 6.2.4). 500 idle TCP connections to a server
# with --tcp-max 1000: UDP and new TCP queries are still answered, the idle
# ones too, and they cost the server little memory. Clients that send
# thousands of pipelined queries for 50 KB answers and never read: the
# server stops reading from them (its memory, VmRSS from /proc, grows by a
# bounded amount however much they send), answers everyone else, and
# closes them at the idle timeout. More connections than the server has
# descriptors for (ulimit -n 64): the least recently active make room, the
# log says so once, the server does not spin. Every wait is bounded; the
# server listens on 127.0.0.1 only and is always stopped.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
# shellcheck source-path=SCRIPTDIR source=serve.sh
. "$top_srcdir/tests/server/serve.sh"

need_tools python3 dig
compare="$top_builddir/tests/server/dnscompare"
setup_work serve_stop

# 500 connections here, as many there, and some to spare (dash, bash and
# busybox sh all have ulimit -n)
# shellcheck disable=SC3045
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -H -n)" 2>/dev/null
# shellcheck disable=SC3045
fds_limit=$(ulimit -n)
if [ "$fds_limit" != unlimited ] && [ "$fds_limit" -lt 1200 ]; then
	echo "test_serve_idle: ulimit -n is $fds_limit and cannot be raised to 1200" >&2
	exit 1
fi

# a zone with a small answer and a 50 KB one (200 TXT records of 255 octets)
zone="$work/idle.example.zone"
{
	echo "\$ORIGIN idle.example."
	echo "\$TTL 300"
	echo '@ SOA ns1 hostmaster 1 3600 600 86400 60'
	echo '@ NS ns1'
	echo 'ns1 A 192.0.2.1'
	echo 'www A 192.0.2.80'
	i=0
	while [ $i -lt 200 ]; do
		printf 'big TXT "%03d%s"\n' $i "$(head -c 252 /dev/zero | tr '\000' x)"
		i=$((i + 1))
	done
} > "$zone"

# start LOG OPTION...: on a free port (another one if it was taken meanwhile)
start() {
	log=$1
	shift
	tries=0
	while [ $tries -lt 5 ]; do
		port=$("$compare" --free-port) || return 1
		serve_start "$log" "$port" "$@" "$zone"
		case $? in
		0) return 0 ;;
		1) grep -q 'in use' "$log" || return 1 ;;
		*) return 1 ;;
		esac
		tries=$((tries + 1))
	done
	return 1
}

stopped() {
	if [ "$SERVE_STATUS" = 0 ]; then
		ok "SIGTERM: exit status 0"
	else
		fail "SIGTERM: exit status $SERVE_STATUS"
	fi
}

rss_kb() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVE_PID/status"
}
fds() {
	find "/proc/$SERVE_PID/fd" -mindepth 1 -maxdepth 1 | wc -l
}
fds_at_most() { # N: the server has N descriptors open or fewer
	[ "$(fds)" -le "$1" ]
}

# The client: python3, standard library only; prints "ok: ..." and
# "FAIL: ..." lines, and "rss-wait" when the server should be measured (it
# then reads a line from stdin).
cat > "$work/client.py" << 'EOF'
import os, select, socket, struct, sys, time

mode, port = sys.argv[1], int(sys.argv[2])
ADDR = ("127.0.0.1", port)

def query(name, qtype=1, qid=0x4242):
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack("!HH", qtype, 1)

def result(good, what):
    print(("ok: " if good else "FAIL: ") + what, flush=True)

def recv_exact(s, n, deadline):
    data = b""
    while len(data) < n:
        s.settimeout(max(0.01, deadline - time.time()))
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("closed")
        data += chunk
    return data

def tcp_ask(s, qid, name="www.idle.example"):
    q = query(name, 1, qid)
    s.sendall(struct.pack("!H", len(q)) + q)
    deadline = time.time() + 5
    n = struct.unpack("!H", recv_exact(s, 2, deadline))[0]
    r = recv_exact(s, n, deadline)
    return struct.unpack("!H", r[:2])[0] == qid and r[3] & 0x0f == 0 and struct.unpack("!H", r[6:8])[0] == 1

def udp_ask():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(3)
    try:
        u.sendto(query("www.idle.example", 1, 0x5151), ADDR)
        r, _ = u.recvfrom(4096)
        return r[:2] == b"\x51\x51" and r[3] & 0x0f == 0
    except OSError:
        return False
    finally:
        u.close()

def wait_rss():
    print("rss-wait", flush=True)
    sys.stdin.readline()

if mode == "idle":
    idle = []
    for i in range(500):
        s = socket.create_connection(ADDR, timeout=5)
        idle.append(s)
    result(len(idle) == 500, "500 idle TCP connections are open")
    wait_rss()
    result(udp_ask(), "a UDP query is answered while 500 connections are idle")
    try:
        s = socket.create_connection(ADDR, timeout=5)
        result(tcp_ask(s, 0x6001), "a new TCP connection is answered while 500 are idle")
        result(tcp_ask(s, 0x6002), "a second query on it is answered")
        s.close()
    except (OSError, EOFError) as e:
        result(False, "a new TCP connection is answered while 500 are idle (%s)" % e)
    # the first and the last of the idle ones were not closed to make room
    for which, s in (("first", idle[0]), ("250th", idle[249]), ("last", idle[-1])):
        try:
            result(tcp_ask(s, 0x7000), "the %s idle connection still answers" % which)
        except (OSError, EOFError) as e:
            result(False, "the %s idle connection still answers (%s)" % (which, e))
    for s in idle:
        s.close()

elif mode == "crowd":
    # more connections than the server has descriptors for
    crowd = []
    for i in range(100):
        try:
            crowd.append(socket.create_connection(ADDR, timeout=5))
        except OSError as e:
            result(False, "connection %d is accepted (%s)" % (i, e))
            break
    result(len(crowd) == 100, "100 connections to a server limited to 64 descriptors are accepted")
    try:
        s = socket.create_connection(ADDR, timeout=5)
        result(tcp_ask(s, 0x6201), "a new TCP connection is answered beyond the descriptors")
        s.close()
    except (OSError, EOFError) as e:
        result(False, "a new TCP connection is answered beyond the descriptors (%s)" % e)
    result(udp_ask(), "a UDP query is answered beyond the descriptors")
    # the least recently active made room: the server closed them
    closed = 0
    for s in crowd[:20]:
        try:
            s.settimeout(2)
            if s.recv(1) == b"":
                closed += 1
        except OSError:
            closed += 1
    result(closed == 20, "the 20 oldest connections were closed to make room (%d)" % closed)
    for s in crowd:
        s.close()

elif mode == "slow":
    # clients that send without reading
    conns = 50
    q = query("big.idle.example", 16)
    frame = struct.pack("!H", len(q)) + q
    burst = frame * 1000
    slow = [socket.create_connection(ADDR, timeout=5) for _ in range(conns)]
    for s in slow:
        s.setblocking(False)
    sent = [0] * conns
    closed = 0
    deadline = time.time() + 30
    # send until the server stops reading and the socket buffers are full:
    # a second in which no connection takes more
    live = list(range(conns))
    while live and time.time() < deadline:
        _, writable, _ = select.select([], [slow[i] for i in live], [], 1.0)
        if not writable:
            break
        for s in writable:
            i = slow.index(s)
            try:
                sent[i] += s.send(burst)
            except BlockingIOError:
                pass
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
                live.remove(i)
    stalled = bool(live) and time.time() < deadline
    result(stalled and closed == 0, "50 clients that never read fill their connections and stall "
           "(%d queries sent, %d closed)" % (sum(sent) // len(frame), closed))
    total = sum(sent)
    wait_rss()
    result(udp_ask(), "a UDP query is answered while 50 clients do not read")
    try:
        s = socket.create_connection(ADDR, timeout=5)
        result(tcp_ask(s, 0x6101), "a new TCP connection is answered while 50 clients do not read")
        s.close()
    except (OSError, EOFError) as e:
        result(False, "a new TCP connection is answered while 50 clients do not read (%s)" % e)
    print("sent %d" % total, flush=True)
    for s in slow:
        s.close()
EOF

# client_step OUT: true once the client has exited; until then, answers
# each "rss-wait" it printed in OUT
client_step() {
	gone "$client_pid" && return 0
	if [ "$(grep -c rss-wait "$1")" -gt "$waits" ]; then
		waits=$((waits + 1))
		[ "$waits" -eq 1 ] && rss_at_1=$(rss_kb)
		echo go >&3
	fi
	return 1
}

# client MODE OUT: runs the client (90 s at most); at its first "rss-wait"
# the server's VmRSS goes into rss_at_1, and the client goes on
client() {
	rm -f "$work/go"
	mkfifo "$work/go"
	python3 "$work/client.py" "$1" "$port" < "$work/go" > "$2" 2>&1 &
	client_pid=$!
	exec 3> "$work/go"
	waits=0
	rss_at_1=""
	wait_until 90 client_step "$2"
	exec 3>&-
	kill $client_pid 2>/dev/null
	wait $client_pid
	grep -E '^(ok|FAIL): ' "$2"
	passed=$((passed + $(grep -c '^ok: ' "$2")))
	failed=$((failed + $(grep -c '^FAIL: ' "$2")))
}

# ---- 500 idle connections ----
if start "$work/idle.log" --tcp-max 1000 --tcp-timeout 120; then
	rss0=$(rss_kb)
	client idle "$work/idle.out"
	rss1=${rss_at_1:-0}
	if ! grep -q '^ok: 500 idle' "$work/idle.out"; then
		fail_tail "the idle client ran" "$work/idle.out"
	fi
	# a connection costs its record and no buffer until it sends
	growth=$((rss1 - rss0))
	if [ "$growth" -lt 4096 ]; then
		ok "500 idle connections cost the server ${growth} KB (VmRSS ${rss0} -> ${rss1} KB)"
	else
		fail "500 idle connections cost the server ${growth} KB (VmRSS ${rss0} -> ${rss1} KB)"
	fi
	if grep -q 'listening on' "$work/idle.log" && kill -0 "$SERVE_PID" 2>/dev/null; then
		ok "the server is still running"
	else
		fail_tail "the server is still running" "$work/idle.log"
	fi
	serve_stop
	stopped
else
	fail_tail "zonelint serve --tcp-max 1000 starts" "$work/idle.log"
fi

# ---- more connections than descriptors (ulimit -n 64) ----
cat > "$work/limited" << EOF
#!/bin/sh
ulimit -n 64
exec "$ZONELINT" "\$@"
EOF
chmod +x "$work/limited"
real_zonelint=$ZONELINT
ZONELINT="$work/limited"
if start "$work/crowd.log" --tcp-max 1000 --tcp-timeout 120; then
	ZONELINT=$real_zonelint
	client crowd "$work/crowd.out"
	n=$(grep -c 'accept: Too many open files' "$work/crowd.log")
	if grep -q 'only 64 descriptors (ulimit -n)' "$work/crowd.log" && [ "$n" -eq 1 ]; then
		ok "the log says so at the start and at the first accept that failed, once each"
	else
		fail_tail "the log says so at the start and at the first accept that failed ($n)" \
			"$work/crowd.log"
	fi
	serve_stop
	stopped
else
	ZONELINT=$real_zonelint
	fail_tail "zonelint serve under ulimit -n 64 starts" "$work/crowd.log"
fi

# ---- clients that send and never read ----
if start "$work/slow.log" --tcp-max 1000 --tcp-timeout 5; then
	rss0=$(rss_kb)
	fds0=$(fds)
	client slow "$work/slow.out"
	rss1=$rss_at_1
	sent=$(sed -n 's/^sent //p' "$work/slow.out")
	if [ -z "$sent" ]; then
		fail_tail "the slow client ran" "$work/slow.out"
	fi
	# a stalled connection holds at most a frame of input (64 KB) and 64 KB
	# of answers plus the one that crossed the mark (64 KB), in buffers
	# that grow by doubling: 320 KB; AddressSanitizer's allocator (make
	# check-sanitizers) keeps about as much again in redzones and quarantine
	growth=$((${rss1:-0} - rss0))
	bound=$((50 * 320))
	if grep -q __asan_init "$ZONELINT" 2>/dev/null; then
		bound=$((bound * 2))
	fi
	if [ -n "${rss1:-}" ] && [ "$growth" -lt "$bound" ]; then
		ok "50 stalled clients that sent ${sent} octets of queries cost ${growth} KB (under ${bound} KB; VmRSS ${rss0} -> ${rss1} KB)"
	else
		fail "50 stalled clients that sent ${sent:-?} octets of queries cost ${growth} KB (bound ${bound} KB; VmRSS ${rss0} -> ${rss1:-?} KB)"
	fi
	# the idle timeout (5 s) closes what the clients left
	wait_until 15 fds_at_most "$fds0"
	if [ "$(fds)" -le "$fds0" ]; then
		ok "the stalled connections are closed (open descriptors back to $fds0)"
	else
		fail "the stalled connections are closed ($(fds) descriptors open, $fds0 before)"
	fi
	if dig +tcp +time=3 +tries=1 -p "$port" @127.0.0.1 www.idle.example A > "$work/dig.out" 2>&1 &&
		grep -q 'status: NOERROR' "$work/dig.out"; then
		ok "dig over TCP is answered afterwards"
	else
		fail_tail "dig over TCP is answered afterwards" "$work/dig.out"
	fi
	serve_stop
	stopped
else
	fail_tail "zonelint serve --tcp-timeout 5 starts" "$work/slow.log"
fi

summary && [ $passed -gt 10 ]
