#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/genzone.sh N FILE [KIND]: writes a zone of about N records for
# benchmarks, names in a shuffled order, no $GENERATE (every peer -
# kzonecheck, named-checkzone, nsd-checkzone, validns - must read it).
#
#   load   (default) an ISP-style zone (bench.example.) of customer hosts
#          with A, AAAA, TXT and SSHFP records and a www CNAME each, over
#          1000 customer sub-domains, each a mail domain with an MX record.
#   lint   what `zonelint lint` is for: one customer domain per 45 records
#          with A, AAAA, CNAME, MX, TXT and SRV records, and the hazards of
#          DESIGN.md's story: wildcards (at the domain and one level down),
#          autodiscover CNAMEs to a host whose certificate does not name
#          them, MX and SRV targets that are aliases or have no address,
#          TTL mismatches and duplicates - many findings.
#   rules  the worst case for rules that follow names: CNAME chains (N/10
#          CNAMEs, chains of 1 to 8), N/10 SRV records and wildcards at
#          many levels, the rest plain hosts.
# The names in the zone and the kinds are fixed: bench/run depends on them.
set -eu
n=${1:?records}
out=${2:?file}
kind=${3:-load}
case $kind in
load | lint | rules) ;;
*) echo "genzone.sh: unknown kind '$kind' (load, lint or rules)" >&2; exit 2 ;;
esac
awk -v n="$n" -v kind="$kind" '
function head() {
	print "$ORIGIN bench.example."
	print "$TTL 3600"
	print "@ IN SOA ns1.bench.example. hostmaster.bench.example. 2024010101 7200 3600 1209600 300"
	print "  IN NS ns1.bench.example."
	print "  IN NS ns2.bench.example."
	print "  IN MX 10 mail.bench.example."
	print "ns1 IN A 192.0.2.1"
	print "ns2 IN A 192.0.2.2"
	print "mail IN A 192.0.2.25"
	print "mail IN AAAA 2001:db8::25"
}
# a permutation of 0..m-1, so that names do not come sorted
function perm(k, m) { return (k * 1000003) % m }
function load_zone(   units, k, i, c) {
	units = int((n - 1010) / 5)
	for (k = 0; k < units; k++) {
		i = perm(k, units)
		c = i % 1000
		printf "host-%d.cust%d IN A 10.%d.%d.%d\n", i, c, int(i / 65536) % 256, int(i / 256) % 256, i % 256
		printf "host-%d.cust%d IN AAAA 2001:db8:%x:%x::%x\n", i, c, c, int(i / 65536), i % 65536
		printf "host-%d.cust%d IN TXT \"v=spf1 ip4:10.%d.%d.%d -all\"\n", i, c, int(i / 65536) % 256, int(i / 256) % 256, i % 256
		printf "host-%d.cust%d IN SSHFP 4 2 %064x\n", i, c, i
		printf "www-%d.cust%d IN CNAME host-%d.cust%d\n", i, c, i, c
	}
	for (c = 0; c < 1000; c++)
		printf "cust%d IN MX 10 mail.bench.example.\n", c
}
# one customer domain: about 50 records, hazards by the customer number
function customer(c,   d, h, k) {
	d = "cust" c
	printf "%s IN MX 10 mx.%s\n", d, d
	printf "%s IN TXT \"v=spf1 mx -all\"\n", d
	printf "%s IN A 192.0.2.80\n", d
	printf "mx.%s IN A 10.%d.%d.1\n", d, int(c / 256) % 256, c % 256
	printf "mx.%s IN AAAA 2001:db8:%x:%x::1\n", d, int(c / 65536), c % 65536
	if (c % 3 == 0)        # the story: a wildcard and no autodiscover record
		printf "*.%s IN A 192.0.2.80\n", d
	else if (c % 3 == 1)   # autodiscover CNAME to a host whose certificate does not name it
		printf "autodiscover.%s IN CNAME mail.bench.example.\n", d
	else {                 # done right: SRV and a node without address
		printf "_autodiscover._tcp.%s IN SRV 0 0 443 mail.bench.example.\n", d
		printf "autodiscover.%s IN TXT \"no address here\"\n", d
	}
	if (c % 7 == 0)        # wildcard one level down, a wildcard CNAME
		printf "*.dept.%s IN CNAME www.%s\n", d, d
	if (c % 11 == 0)       # MX target that is an alias
		printf "%s IN MX 20 www.%s\n", d, d
	if (c % 13 == 0)       # SRV target without address
		printf "_sip._tcp.%s IN SRV 10 0 5060 sip.%s\n_sip._tcp.%s IN SRV 20 0 5060 nowhere.%s\nsip.%s IN TXT \"moved\"\n", d, d, d, d, d
	if (c % 17 == 0)       # TTL mismatch in an RRset, a duplicate record
		printf "mx.%s 300 IN A 10.%d.%d.2\nmx.%s IN A 10.%d.%d.1\n", d, int(c / 256) % 256, c % 256, d, int(c / 256) % 256, c % 256
	printf "www.%s IN CNAME %s\n", d, d
	printf "_submission._tcp.%s IN SRV 0 1 587 mx.%s\n", d, d
	printf "_imaps._tcp.%s IN SRV 0 1 993 mx.%s\n", d, d
	for (k = 0; k < 7; k++) {
		h = "h" k "." d
		printf "%s IN A 10.%d.%d.%d\n", h, int(c / 256) % 256, c % 256, 10 + k
		printf "%s IN AAAA 2001:db8:%x:%x::%x\n", h, int(c / 65536), c % 65536, 10 + k
		printf "%s IN TXT \"host %d of %s\"\n", h, k, d
		printf "_http._tcp.%s IN SRV 0 0 80 %s\n", h, h
		printf "alias%d.%s IN CNAME %s\n", k, d, h
	}
}
function lint_zone(   m, k) {
	m = int((n - 10) / 45)
	if (m < 1)
		m = 1
	for (k = 0; k < m; k++)
		customer(perm(k, m))
}
function rules_zone(   chains, k, i, len, j, srv, wild, lvl, name) {
	# chains of 1..8 CNAMEs ending at a host: about n/10 CNAMEs
	chains = int(n / 10 / 4.5)
	for (k = 0; k < chains; k++) {
		i = perm(k, chains)
		len = 1 + i % 8
		for (j = 0; j < len; j++)
			printf "c%d-%d.chain IN CNAME c%d-%d.chain\n", i, j, i, j + 1
		printf "c%d-%d.chain IN A 10.1.%d.%d\n", i, len, int(i / 256) % 256, i % 256
	}
	# n/10 SRV records, targets in the zone, some aliases, some without address
	srv = int(n / 10)
	for (k = 0; k < srv; k++) {
		i = perm(k, srv)
		if (i % 5 == 0)
			printf "_svc%d._tcp.srv IN SRV 0 0 443 c%d-0.chain\n", i, i % chains
		else if (i % 5 == 1)
			printf "_svc%d._tcp.srv IN SRV 0 0 443 none%d.srv\n", i, i
		else
			printf "_svc%d._tcp.srv IN SRV 0 0 443 t%d.srv\nt%d.srv IN A 10.2.%d.%d\n", i, i, i, int(i / 256) % 256, i % 256
	}
	# wildcards at many levels: *.l1, *.x.l1, *.x.x.l1 ... under n/100 branches
	wild = int(n / 100)
	for (k = 0; k < wild; k++) {
		i = perm(k, wild)
		name = "w" i
		for (lvl = 0; lvl < 1 + i % 6; lvl++) {
			printf "*.%s IN A 10.3.%d.%d\n", name, int(i / 256) % 256, i % 256
			printf "x%d.%s IN MX 10 mail.bench.example.\n", lvl, name
			name = "x" lvl "." name
		}
	}
	for (k = 0; k * 2 < n * 0.6; k++) {
		i = perm(k, int(n * 0.3) + 1)
		printf "h%d.plain IN A 10.4.%d.%d\nh%d.plain IN TXT \"plain host\"\n", i, int(i / 256) % 256, i % 256, i
	}
}
BEGIN {
	head()
	if (kind == "load")
		load_zone()
	else if (kind == "lint")
		lint_zone()
	else
		rules_zone()
}' > "$out"
