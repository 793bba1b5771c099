#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_explain.sh: zonelint explain for what a plain lint run
# does not cover: a domain with no MX record (simulated, with its findings
# and fixes), a certificate host outside the loaded zones, and the JSON
# document, validated against tests/report/zonelint-explain.schema.json
# (whose findings are lint's, tests/report/zonelint-report.schema.json) and
# compared finding by finding with `zonelint lint --format json`.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
expected="$top_srcdir/tests/cli/expected"
setup_work

# valid NAME [LINT-JSON]: NAME's stdout is an explain document; with
# LINT-JSON, each of its findings is one of lint's, field for field
valid() {
	checks=$((checks + 1))
	if ! python3 - "$work/$1.out" "$top_srcdir/tests/report/zonelint-explain.schema.json" \
		"$top_srcdir/tests/report/zonelint-report.schema.json" "${2:-}" > "$work/why" 2>&1 << 'PY'
import json, sys
import jsonschema

doc_path, explain_path, report_path, lint_path = sys.argv[1:5]
text = open(doc_path, "rb").read().decode("utf-8", "strict")
doc = json.loads(text)
schema = json.load(open(explain_path, encoding="utf-8"))
report = json.load(open(report_path, encoding="utf-8"))
# the findings are lint's: take its definitions in (no name is in both)
for name, definition in report["definitions"].items():
    assert name not in schema["definitions"], name
    schema["definitions"][name] = definition
schema["properties"]["findings"]["items"] = {"$ref": "#/definitions/finding"}
jsonschema.Draft7Validator.check_schema(schema)
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:20]:
    print("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message))
if errors:
    sys.exit(1)
pairs = json.loads(text, object_pairs_hook=list)
top = [k for k, _ in pairs]
if top != list(schema["required"]):
    sys.exit("top-level keys out of order: %s" % top)
keys = ["rule", "severity", "file", "line", "column", "zone", "owner", "message", "fix"]
for finding in dict(pairs)["findings"]:
    if [k for k, _ in finding] != keys:
        sys.exit("finding keys out of order: %s" % [k for k, _ in finding])
if lint_path:
    lint = json.load(open(lint_path))["findings"]
    for f in doc["findings"]:
        if f not in lint:
            sys.exit("explain has a finding lint does not: %s" % f)
PY
	then
		fail "$1: $(cat "$work/why")"
	fi
}

cd "$top_srcdir" || exit 1

# ---- a domain without MX: simulated all the same, findings and fixes shown ----
run no-mx 1 "$ZONELINT" explain sub.example.net zones/example.net.zone
checks=$((checks + 1))
same no-mx "$expected/explain-no-mx.txt"
run no-mx-json 1 "$ZONELINT" explain --format json sub.example.net zones/example.net.zone
valid no-mx-json
checks=$((checks + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["domain"] == "sub.example.net" and d["mail_domain"] is False, d["mail_domain"]
rules = sorted(f["rule"] for f in d["findings"])
assert "autodiscover-wildcard" in rules and "autodiscover-srv-missing" in rules, rules
wc = [f for f in d["findings"] if f["rule"] == "autodiscover-wildcard"][0]
assert wc["owner"] == "*.example.net." and wc["zone"] == "example.net." and wc["column"] == 1, wc
assert {"action": "add", "record": "autodiscover.sub.example.net. 3600 IN TXT \"autodiscover via SRV\""} in wc["fix"], wc["fix"]
' "$work/no-mx-json.out" || fail "no-mx-json: unexpected findings: $(cat "$work/no-mx-json.out")"

# ---- the origin story and its correction: findings as lint reports them ----
run story-lint 1 "$ZONELINT" lint --format json zones/example.net.zone
run story-json 1 "$ZONELINT" explain --format json example.net zones/example.net.zone
valid story-json "$work/story-lint.out"
checks=$((checks + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mail_domain"] is True
delete = [r for f in d["findings"] for r in f["fix"] if r["action"] == "delete"]
assert delete == [{"action": "delete", "file": "zones/example.net.zone", "line": 33,
                   "record": "autodiscover.example.net. 3600 IN CNAME mail.example.net."}], delete
' "$work/story-json.out" || fail "story-json: the delete remedy lacks file and line"
run corrected-json 0 "$ZONELINT" explain --format json example.net zones/example.net.corrected.zone
valid corrected-json

# ---- a certificate host outside the loaded zones ----
mkdir "$work/hoster"
cat > "$work/hoster/d.test.zone" << 'EOF'
$ORIGIN d.test.
$TTL 3600
@             SOA   ns1 hostmaster 1 7200 3600 1209600 3600
              NS    ns1
              MX    10 mail
ns1           A     192.0.2.1
mail          A     192.0.2.25
autodiscover  CNAME exch.hoster.example.
EOF
cat > "$work/hoster/.zonelint.yaml" << 'EOF'
certificates:
  - names: [exch.hoster.example]
    hosts: [exch.hoster.example]
  - names: [mail.d.test]
    hosts: [mail.d.test]
EOF
cat > "$work/hoster/good.yaml" << 'EOF'
certificates:
  - names: [exch.hoster.example, autodiscover.d.test]
    hosts: [exch.hoster.example]
EOF
cd "$work/hoster" || exit 1
run hoster 1 "$ZONELINT" explain d.test d.test.zone
checks=$((checks + 1))
same hoster "$expected/explain-cert-host.txt"
run hoster-json 1 "$ZONELINT" explain --format json d.test d.test.zone
valid hoster-json
checks=$((checks + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = d["steps"][1]["addresses"]
assert a == [{"address": "exch.hoster.example", "by_name": True,
              "certificate": {"names": ["exch.hoster.example"], "source": ".zonelint.yaml:2"},
              "covers": False}], a
assert d["steps"][1]["outcome"] == "certificate warning"
' "$work/hoster-json.out" || fail "hoster-json: the certificate host is not where step 2 lands"
run hoster-good 0 "$ZONELINT" explain --config good.yaml d.test d.test.zone
checks=$((checks + 1))
grep -qF "exch.hoster.example (a host under certificates:, no address in the zones) presents exch.hoster.example, autodiscover.d.test (good.yaml:2): covers autodiscover.d.test" \
	"$work/hoster-good.out" || fail "hoster-good: $(cat "$work/hoster-good.out")"

# the zones loaded are listed, with their files (two zones here)
cat > "$work/hoster/hoster.example.zone" << 'EOF'
$ORIGIN hoster.example.
$TTL 3600
@     SOA ns1 hostmaster 1 7200 3600 1209600 3600
      NS  ns1
ns1   A   192.0.2.53
exch  A   192.0.2.80
EOF
run two-zones 1 "$ZONELINT" explain d.test d.test.zone hoster.example.zone
checks=$((checks + 1))
head -n 1 "$work/two-zones.out" | grep -qxF "Zones loaded: d.test. (d.test.zone), hoster.example. (hoster.example.zone)" ||
	fail "two-zones: the zones loaded are not listed first" "$work/two-zones.out"
run two-zones-json 1 "$ZONELINT" explain --format json d.test d.test.zone hoster.example.zone
valid two-zones-json
checks=$((checks + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["zones"] == [{"origin": "d.test.", "file": "d.test.zone"},
                      {"origin": "hoster.example.", "file": "hoster.example.zone"}], d["zones"]
' "$work/two-zones-json.out" || fail "two-zones-json: zones is not the list of zones loaded"

# the domain after the files: a usage error that says the order
run swapped 2 "$ZONELINT" explain d.test.zone d.test
checks=$((checks + 1))
grep -qF "the domain comes first: zonelint explain d.test d.test.zone" "$work/swapped.err" ||
	fail "swapped: the message does not give the order" "$work/swapped.err"
# a zone file named as its domain is no swap
cp d.test.zone d.test
run file-named-as-domain 1 "$ZONELINT" explain d.test d.test

echo "$((checks - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
