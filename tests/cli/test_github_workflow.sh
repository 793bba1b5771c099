#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_github_workflow.sh: contrib/github-actions/zonelint.yml is
# a workflow GitHub can run: valid YAML with the keys Actions needs, the
# permission code scanning uploads need, the build packages of
# contrib/bootstrap, and the SARIF file the lint step writes handed to the
# upload action. Its lint step, run here as Actions runs it (bash -e, with
# GITHUB_OUTPUT), writes a SARIF 2.1.0 report and the status that fails the
# job after the upload: findings for zones/example.net.zone, none for the
# corrected zone, a syntax finding for a zone that does not parse beside the
# other zone's, and on a pull request (BASE_SHA) serial-not-increased.
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
workflow=$top_srcdir/contrib/github-actions/zonelint.yml
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools python3 bash
need_python_module yaml python3-yaml
setup_work

# the structure, and the lint step's script into $work/lint.sh
if python3 - "$workflow" "$top_srcdir/contrib/bootstrap" "$work/lint.sh" > "$work/structure" 2>&1 << 'EOF'; then
import re, sys, yaml

path, bootstrap, lint_out = sys.argv[1:4]
with open(path, encoding="utf-8") as f:
    wf = yaml.safe_load(f)
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)

# YAML 1.1 reads the key "on" as true
triggers = wf.get("on", wf.get(True))
need(isinstance(triggers, dict) and "pull_request" in triggers and "push" in triggers,
     "runs on push and pull_request")
perms = wf.get("permissions", {})
need(perms.get("security-events") == "write", "permissions: security-events: write")
jobs = wf.get("jobs", {})
need(len(jobs) == 1, "one job")
job = next(iter(jobs.values()))
need("runs-on" in job, "runs-on")
steps = job.get("steps", [])
uses = [s.get("uses", "") for s in steps]
need(sum(u.startswith("actions/checkout@") for u in uses) == 2, "two checkouts: the zones and zonelint")
build = next((s for s in steps if s.get("id") == "build"), {})
lint = next((s for s in steps if s.get("id") == "lint"), {})
upload = next((s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")), None)
need(upload is not None, "the upload-sarif step")

# the build: the packages contrib/bootstrap installs to build, then autotools
text = open(bootstrap, encoding="utf-8").read()
m = re.search(r'build_packages="([^"]*)"', text)
need(m is not None, "contrib/bootstrap has build_packages")
run = build.get("run", "")
if m:
    for pkg in m.group(1).split():
        need(re.search(r"(^|\s)" + re.escape(pkg) + r"(\s|$)", run), "the build installs " + pkg)
for cmd in ("autoreconf -fi", "./configure", "make", "make install", "GITHUB_PATH"):
    need(cmd in run, "the build runs " + cmd)

# the lint step writes the file the upload step reads
run = lint.get("run", "")
need("zonelint lint --format sarif" in run, "the lint step runs zonelint lint --format sarif")
sarif = re.search(r">\s*(\S+\.sarif)", run)
need(sarif is not None, "the lint step writes a .sarif file")
if sarif and upload is not None:
    need(upload.get("with", {}).get("sarif_file") == sarif.group(1),
         "the upload reads " + sarif.group(1))
if upload is not None and lint:
    need(steps.index(lint) < steps.index(upload), "lint before upload")
    fail_step = steps[-1]
    need("steps.lint.outputs.status" in str(fail_step.get("if", "")) and steps.index(upload) < len(steps) - 1,
         "a last step fails the job on the lint step's status, after the upload")
env = dict(wf.get("env", {}))
with open(lint_out, "w", encoding="utf-8") as f:
    for k, v in env.items():
        f.write("%s=%s\nexport %s\n" % (k, v, k))
    f.write(run)
for p in problems:
    print("missing:", p)
sys.exit(1 if problems else 0)
EOF
	ok "the workflow's structure"
else
	fail "the workflow's structure" "$work/structure"
fi

# the lint step as Actions runs it: bash -e, zonelint on PATH, GITHUB_OUTPUT
mkdir "$work/bin"
ln -s "$ZONELINT" "$work/bin/zonelint"
# lint_step NAME ZONEFILE...: a repository with these zones in zones/
lint_step() {
	name=$1
	shift
	rm -rf "$work/repo"
	mkdir -p "$work/repo/zones"
	cp "$top_srcdir/zones/.zonelint.yaml" "$@" "$work/repo/zones/"
	: > "$work/output"
	(cd "$work/repo" && PATH="$work/bin:$PATH" GITHUB_OUTPUT="$work/output" bash -e "$work/lint.sh") \
		> "$work/$name.log" 2>&1
}
sarif_ok() { # FILE COUNT: a SARIF 2.1.0 log with COUNT results, valid against the schema when present
	python3 - "$1" "$2" "${SARIF_SCHEMA:-}" << 'EOF'
import json, os, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["version"] == "2.1.0", doc.get("version")
results = doc["runs"][0]["results"]
assert len(results) == int(sys.argv[2]), len(results)
if results:
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("zones/"), uri  # relative to the repository, as code scanning wants
schema = sys.argv[3]
if schema and os.path.exists(schema):
    import jsonschema
    jsonschema.Draft4Validator(json.load(open(schema, encoding="utf-8"))).validate(doc)
EOF
}

if lint_step broken "$top_srcdir/zones/example.net.zone"; then
	if grep -qx 'status=1' "$work/output" && sarif_ok "$work/repo/zonelint.sarif" 2 > "$work/sarif" 2>&1; then
		ok "findings: a SARIF report with them, status=1 for the last step"
	else
		fail "findings: a SARIF report with them, status=1 for the last step" "$work/sarif"
		sed 's/^/    output: /' "$work/output"
	fi
	if grep -q '^zones/example.net.zone:33:1: error:' "$work/broken.log"; then
		ok "findings: the text report in the job's log"
	else
		fail "findings: the text report in the job's log" "$work/broken.log"
	fi
else
	fail "findings: the lint step itself succeeds (the upload follows)" "$work/broken.log"
fi

if lint_step clean "$top_srcdir/zones/example.net.corrected.zone" &&
	grep -qx 'status=0' "$work/output" && sarif_ok "$work/repo/zonelint.sarif" 0 > "$work/sarif" 2>&1; then
	ok "no findings: an empty SARIF report, status=0"
else
	fail "no findings: an empty SARIF report, status=0" "$work/clean.log"
	sed 's/^/    /' "$work/sarif" "$work/output"
fi

# a zone that does not parse, beside one with findings: its syntax finding
# is in the SARIF report with the other zone's (shown on the pull
# request's lines), status=2 fails the job after the upload
# shellcheck disable=SC2016 # $ORIGIN is zone text
printf '%s\n' '$ORIGIN example.org.' 'www IN A 192.0.2.300' > "$work/unparsable.zone"
if ! lint_step unparsable "$work/unparsable.zone" "$top_srcdir/zones/example.net.zone"; then
	fail "an unparsable zone: the lint step writes the report (the upload follows)" "$work/unparsable.log"
elif grep -qx 'status=2' "$work/output" && sarif_ok "$work/repo/zonelint.sarif" 3 > "$work/sarif" 2>&1 &&
	grep -q '"ruleId": "syntax"' "$work/repo/zonelint.sarif" &&
	grep -q 'unparsable.zone:2' "$work/unparsable.log"; then
	ok "an unparsable zone: a syntax finding among the others, status=2, FILE:LINE in the log"
else
	fail "an unparsable zone: a syntax finding among the others, status=2, FILE:LINE in the log" \
		"$work/unparsable.log"
	sed 's/^/    /' "$work/sarif" "$work/output"
fi

# a pull request: the zones' versions in the base commit (BASE_SHA), so
# that changed records under the same serial are reported
if command -v git > /dev/null 2>&1; then
	lint_step base "$top_srcdir/zones/example.net.corrected.zone"
	(
		cd "$work/repo" && git init -q && git add zones &&
			git -c user.name=t -c user.email=t@example.net commit -q -m base &&
			sed -i 's/192\.0\.2\.80/192.0.2.81/' zones/example.net.corrected.zone
	) > "$work/base.git" 2>&1
	base=$(git -C "$work/repo" rev-parse HEAD)
	: > "$work/output"
	(cd "$work/repo" && BASE_SHA=$base PATH="$work/bin:$PATH" GITHUB_OUTPUT="$work/output" bash -e "$work/lint.sh") \
		> "$work/pr.log" 2>&1
	if grep -qx 'status=1' "$work/output" && grep -q '"ruleId": "serial-not-increased"' "$work/repo/zonelint.sarif"; then
		ok "a pull request: changed records under the base's serial are reported"
	else
		fail "a pull request: changed records under the base's serial are reported" "$work/pr.log"
	fi
fi

if command -v shellcheck > /dev/null 2>&1; then
	succeeds "shellcheck: the lint step" "$work/sc" shellcheck -s bash -e SC2034 "$work/lint.sh"
fi

summary
