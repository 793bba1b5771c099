#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_checkzone_parity.sh: every problem named-checkzone reports
# in zones/, tests/zones/ and tests/zones/integrity/, zonelint reports too,
# with the rule of the same meaning, on the same line or name. Messages
# that come from live DNS lookups (named-checkzone resolves name servers
# below a delegation through the system resolver) are not zone problems and
# are skipped, each named in the output.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ZONELINT:?}"

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools named-checkzone
setup_work
: > "$work/empty.yaml"

status=0
for zonefile in "$top_srcdir"/zones/*.zone "$top_srcdir"/tests/zones/*.zone \
	"$top_srcdir"/tests/zones/integrity/*.zone; do
	origin=$("$top_builddir/tests/server/dnscompare" --origin-of "$zonefile") || { status=1; continue; }
	dir=$(dirname "$zonefile")
	named-checkzone -w "$dir" "$origin" "$zonefile" > "$work/bind.out" 2>&1
	"$ZONELINT" lint --format json --config "$work/empty.yaml" "$zonefile" > "$work/lint.json" 2> "$work/lint.err"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAIL: $zonefile: zonelint lint exited $rc:"
		sed 's/^/    /' "$work/lint.err"
		status=1
		continue
	fi
	python3 - "$zonefile" "$origin" "$work/bind.out" "$work/lint.json" << 'EOF' || status=1
import json, re, sys

zonefile, origin, bind_out, lint_json = sys.argv[1:5]
findings = json.load(open(lint_json))["findings"]
srv_alias = {"srv-target-cname", "mail-srv-target-alias", "autodiscover-srv-target", "dav-srv-target"}
srv_noaddr = {"srv-target-no-address", "mail-srv-target-no-address", "autodiscover-srv-target",
              "dav-srv-target"}
# (pattern, rules that say the same, how to place it: "line" or the group naming the owner)
patterns = [
    (r"^(\S+?):(\d+): (?:warning: )?\S+: bad (?:owner )?name \(check-names\)", {"bad-hostname"}, "line"),
    (r"^(\S+?):(\d+): (?:warning: )?'[^']*': MX is an address", {"mx-target-is-address"}, "line"),
    (r"^(\S+?):(\d+): TTL set to prior TTL", {"ttl-mismatch"}, "line"),
    (r"^(\S+?):(\d+): warning: ownername '[^']*' contains an non-terminal wildcard",
     {"wildcard-not-leftmost"}, "line"),
    (r"^(\S+?):(\d+): ignoring out-of-zone data", {"out-of-zone"}, "line"),
    (r"^(?:dns_master_load: )?(\S+?):(\d+): \S+: invalid NS owner name \(wildcard\)",
     {"wildcard-special-type"}, "line"),
    (r"^(?:dns_master_load: )?\S+?:\d+: (\S+): CNAME and other data", {"cname-and-other-data"}, 1),
    (r"^(?:dns_master_load: )?\S+?:\d+: (\S+): multiple RRs of singleton type", {"singleton-type"}, 1),
    (r"^zone (\S+)/IN: has no NS records", {"ns-missing"}, 1),
    (r"^zone (\S+)/IN: has 0 SOA records", {"soa-missing"}, 1),
    (r"^zone (\S+)/IN: NS '[^']*' is a CNAME", {"ns-target-cname"}, 1),
    (r"^zone (\S+)/IN: NS '[^']*' has no address records", {"ns-missing-glue"}, 1),
    (r"^zone \S+/IN: (\S+)/MX '[^']*' is a CNAME", {"mx-target-cname"}, 1),
    (r"^zone \S+/IN: (\S+)/MX '[^']*' has no address records", {"mx-target-no-address"}, 1),
    (r"^zone \S+/IN: (\S+)/SRV '[^']*' is a CNAME", srv_alias, 1),
    (r"^zone \S+/IN: (\S+)/SRV '[^']*' has no address records", srv_noaddr, 1),
    (r"^zone \S+/IN: (\S+)/NS '[^']*' has no REQUIRED GLUE", {"ns-missing-glue"}, 1),
    (r"^zone \S+/IN: (\S+)/NS '[^']*' has no address records", {"ns-missing-glue"}, 1),
    (r"^zone \S+/IN: (\S+)/NS '[^']*' is a CNAME", {"ns-target-cname"}, 1),
    (r"^(\S+?):(\d+): SOA record not at top of zone", {"soa-not-at-apex"}, "line"),
    (r"^(\S+?):(\d+): NS record '[^']*' appears to be an address", {"ns-target-is-address"}, "line"),
    (r"^zone \S+/IN: '(\S+)' found type SPF record but no SPF TXT record found", {"spf-without-txt"}, 1),
    # a DNAME above the target makes it an alias: zonelint says so with the alias rules
    (r"^zone \S+/IN: (\S+)/NS '[^']*' is below a DNAME", {"ns-target-cname"}, 1),
    (r"^zone \S+/IN: (\S+)/MX '[^']*' is below a DNAME", {"mx-target-cname"}, 1),
    (r"^zone \S+/IN: (\S+)/SRV '[^']*' is below a DNAME", srv_alias, 1),
]
not_problems = [
    r"^zone \S+/IN: loaded serial",
    r"^OK$",
    r"^zone \S+/IN: not loaded due to errors",
    r"^zone \S+/IN: loading from master file .* failed",
]
live_dns = r"\(out of zone\) has no addresses records"

def norm(name):
    name = name.lower()
    return name if name.endswith(".") else name + "."

failed = False
checked = 0
for line in open(bind_out).read().splitlines():
    if any(re.search(p, line) for p in not_problems):
        continue
    if re.search(live_dns, line):
        print("  skipped (a live DNS lookup, not the zone): " + line)
        continue
    for pattern, rules, where in patterns:
        m = re.search(pattern, line)
        if not m:
            continue
        if where == "line":
            lineno = int(m.group(2))
            hit = [f for f in findings if f["rule"] in rules and f["line"] == lineno]
        else:
            owner = norm(m.group(where))
            hit = [f for f in findings if f["rule"] in rules and norm(f["owner"]) == owner]
        checked += 1
        if not hit:
            print("FAIL: %s: named-checkzone says\n    %s\n  zonelint has no %s there; it says:"
                  % (zonefile, line, " or ".join(sorted(rules))))
            for f in findings:
                print("    %s:%d: %s [%s]" % (f["file"], f["line"], f["message"], f["rule"]))
            failed = True
        break
    else:
        print("FAIL: %s: no mapping for the named-checkzone message:\n    %s" % (zonefile, line))
        failed = True
print("%s: %d named-checkzone problems, %s" % (zonefile, checked, "not all found" if failed else "all found"))
sys.exit(1 if failed else 0)
EOF
done
exit $status
