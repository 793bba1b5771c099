#!/bin/sh
# bench/genzone.sh N FILE: writes a zone of about N records for benchmarks:
# an ISP-style zone (bench.example.) of customer hosts with A, AAAA, TXT and
# SSHFP records and a www CNAME each, spread over 1000 customer sub-domains,
# each a mail domain with an MX record, in a shuffled order. No $GENERATE:
# every peer (kzonecheck, nsd-checkzone, validns) must read it.
set -eu
n=${1:?records}
out=${2:?file}
awk -v n="$n" 'BEGIN {
	units = int((n - 1007) / 5)
	print "$ORIGIN bench.example."
	print "$TTL 3600"
	print "@ IN SOA ns1.bench.example. hostmaster.bench.example. 2024010101 7200 3600 1209600 300"
	print "  IN NS ns1.bench.example."
	print "  IN NS ns2.bench.example."
	print "  IN MX 10 mail.bench.example."
	# a permutation of 0..units-1, so names do not come sorted
	p = 1000003
	for (k = 0; k < units; k++) {
		i = (k * p) % units
		c = i % 1000
		printf "host-%d.cust%d IN A 10.%d.%d.%d\n", i, c, int(i / 65536) % 256, int(i / 256) % 256, i % 256
		printf "host-%d.cust%d IN AAAA 2001:db8:%x:%x::%x\n", i, c, c, int(i / 65536), i % 65536
		printf "host-%d.cust%d IN TXT \"v=spf1 ip4:10.%d.%d.%d -all\"\n", i, c, int(i / 65536) % 256, int(i / 256) % 256, i % 256
		printf "host-%d.cust%d IN SSHFP 4 2 %064x\n", i, c, i
		printf "www-%d.cust%d IN CNAME host-%d.cust%d\n", i, c, i, c
	}
	for (c = 0; c < 1000; c++)
		printf "cust%d IN MX 10 mail.bench.example.\n", c
	print "ns1 IN A 192.0.2.1"
	print "ns2 IN A 192.0.2.2"
	print "mail IN A 192.0.2.25"
}' > "$out"
