#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/report/test_report_schemas.sh: the JSON report validated against
# tests/report/zonelint-report.schema.json (draft-07) and the SARIF report
# against the official SARIF 2.1.0 schema (draft-04), with python3-jsonschema:
# for synthetic findings (tests/report/report_sample), for none, and for
# `zonelint lint` on zones/example.net.zone.
# Environment (set by make check): top_srcdir, top_builddir, ZONELINT.

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"

# reports may hold bytes that are not UTF-8: grep them as bytes
LC_ALL=C
export LC_ALL

sample=$top_builddir/tests/report/report_sample
report_schema=$top_srcdir/tests/report/zonelint-report.schema.json
# SARIF_SCHEMA (configure; make distcheck points it at the source tree's)
sarif_schema=${SARIF_SCHEMA:-$top_srcdir/tests/report/sarif-2.1.0-rtm.5.json}

if [ ! -f "$sarif_schema" ]; then
	echo "SARIF schema missing ($sarif_schema): run contrib/bootstrap-tests (tests/report/fetch-sarif-schema)" >&2
	exit 1
fi
need_python_module jsonschema python3-jsonschema
setup_work

# validate NAME KIND FILE: KIND json (our schema, and keys in the documented
# order) or sarif (the SARIF schema, and rule indices that point at the rule
# named by ruleId). The document must be strict UTF-8.
validate()
{
	checks=$((checks + 1))
	if ! python3 - "$2" "$3" "$report_schema" "$sarif_schema" >"$work/why" 2>&1 <<'PY'
import json, sys
import jsonschema

kind, path, report_schema, sarif_schema = sys.argv[1:5]
with open(path, "rb") as f:
    text = f.read().decode("utf-8", "strict")
doc = json.loads(text)
if kind == "json":
    with open(report_schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator
else:
    with open(sarif_schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator
validator.check_schema(schema)
errors = sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:20]:
    print("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message))
if errors:
    sys.exit(1)

if kind == "json":
    ordered = json.loads(text, object_pairs_hook=lambda pairs: [k for k, _ in pairs])
    if ordered != ["zonelint", "findings", "summary"]:
        sys.exit("top-level keys out of order: %s" % ordered)
    keys = ["rule", "severity", "file", "line", "column", "zone", "owner", "message", "fix"]
    pairs = json.loads(text, object_pairs_hook=list)
    for finding in dict(pairs)["findings"]:
        if [k for k, _ in finding] != keys:
            sys.exit("finding keys out of order: %s" % [k for k, _ in finding])
    counts = {s: sum(1 for f in doc["findings"] if f["severity"] == s)
              for s in ("error", "warning", "note")}
    summary = doc["summary"]
    if (summary["errors"], summary["warnings"], summary["notes"]) != \
            (counts["error"], counts["warning"], counts["note"]):
        sys.exit("summary does not count the findings: %s" % summary)
else:
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        sys.exit("rule ids repeat")
    for r in run["results"]:
        if ids[r["ruleIndex"]] != r["ruleId"]:
            sys.exit("ruleIndex %d is %s, not %s" % (r["ruleIndex"], ids[r["ruleIndex"]], r["ruleId"]))
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if any(c in uri for c in " \\,\"") or any(ord(c) > 126 for c in uri):
            sys.exit("not a URI: %r" % uri)
PY
	then
		fail "$1: $(cat "$work/why")"
	fi
}

# sample NAME FORMAT [--empty]: runs the helper into $work/NAME (when it
# fails, the check of its output fails too: said here, counted there)
sample()
{
	name=$1
	shift
	if ! "$sample" "$@" >"$work/$name" 2>"$work/$name.err"; then
		printf 'report_sample %s failed: %s\n' "$*" "$(cat "$work/$name.err")" >&2
	fi
}

sample findings.json json
validate "synthetic findings, json" json "$work/findings.json"
sample findings.sarif sarif
validate "synthetic findings, sarif" sarif "$work/findings.sarif"
sample empty.json json --empty
validate "no findings, json" json "$work/empty.json"
sample empty.sarif sarif --empty
validate "no findings, sarif" sarif "$work/empty.sarif"

# the real thing: zonelint lint on the shipped origin-story zone (exit 1:
# it has findings), both machine formats
if [ -n "${ZONELINT:-}" ]; then
	for format in json sarif; do
		checks=$((checks + 1))
		"$ZONELINT" lint --format "$format" "$top_srcdir/zones/example.net.zone" \
			--config "$top_srcdir/zones/.zonelint.yaml" >"$work/lint.$format" 2>"$work/lint.err"
		status=$?
		if [ "$status" -ne 1 ]; then
			fail "lint --format $format: exit $status, expected 1: $(cat "$work/lint.err")"
			continue
		elif [ -s "$work/lint.err" ]; then
			fail "lint --format $format: unexpected stderr: $(cat "$work/lint.err")"
		fi
		validate "lint --format $format" "$format" "$work/lint.$format"
	done
else
	checks=$((checks + 1))
	fail "ZONELINT is not set: the lint runs were not checked"
fi

# a directory with one zone that does not parse: both machine formats
# validate and hold the syntax finding and the other zone's findings
# (exit 2: an input could not be parsed)
if [ -n "${ZONELINT:-}" ]; then
	mkdir "$work/dir"
	cp "$top_srcdir/zones/example.net.zone" "$work/dir/"
	printf '%s\n' '$ORIGIN broken.example.' '$TTL 3600' 'www A 300.1.1.1' > "$work/dir/broken.example.zone"
	for format in json sarif; do
		checks=$((checks + 1))
		"$ZONELINT" lint --format "$format" --config "$top_srcdir/zones/.zonelint.yaml" "$work/dir" \
			>"$work/dir.$format" 2>"$work/dir.err"
		status=$?
		if [ "$status" -ne 2 ]; then
			fail "lint --format $format of a directory with a broken zone: exit $status, expected 2"
			continue
		fi
		validate "lint --format $format, a directory with a broken zone" "$format" "$work/dir.$format"
		checks=$((checks + 1))
		python3 - "$format" "$work/dir.$format" <<'PY' || fail "lint --format $format: not the findings of both zones"
import json, sys
doc = json.load(open(sys.argv[2]))
if sys.argv[1] == "json":
    rules = [f["rule"] for f in doc["findings"]]
else:
    rules = [r["ruleId"] for r in doc["runs"][0]["results"]]
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False
assert "syntax" in rules and "autodiscover-cert-mismatch" in rules, rules
PY
	done
fi

# the text and GitHub forms of the same findings: one line a finding or
# command (remedies are indented lines in text, %0A inside a command)
sample findings.text text
checks=$((checks + 1))
n=$(grep -c '^[^ ].*: \(error\|warning\|note\): .* \[[a-z0-9-]*\]$' "$work/findings.text")
[ "$n" -eq 5 ] || fail "text: $n finding lines, expected 5: $(cat "$work/findings.text")"
sample findings.github github
checks=$((checks + 1))
n=$(grep -c '^::\(error\|warning\|notice\) file=[^,:]*,line=[0-9]*,col=[0-9]*,title=[a-z0-9-]*::' \
	"$work/findings.github")
if [ "$n" -ne 5 ]; then
	fail "github: $n commands, expected 5: $(cat "$work/findings.github")"
elif [ "$(wc -l <"$work/findings.github")" -ne 5 ]; then
	fail "github: a command spans lines"
fi

echo "$((checks - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
