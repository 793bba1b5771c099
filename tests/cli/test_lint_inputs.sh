#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_lint_inputs.sh: zonelint lint over many inputs, as CI and
# hooks run it: a zone that does not parse (or a name that cannot be read)
# becomes findings of the rule syntax in every format while the other zones
# are linted and reported, exit 2; directories searched to any depth, a
# file another zone includes not linted alone; standard input; the notes
# (the origin taken from the file name; an $INCLUDE that named would read
# from another file, with -w DIR as named-checkzone does, compared with
# named-checkzone); the configuration named in the summary; a clean run on
# a terminal says so; --changed; --previous against a git repository made
# here (lint, and fix raising the serial).
# shellcheck disable=SC2016 # zone text: $ORIGIN and the like are no shell variables
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
need_tools git named-checkzone
setup_work
cd "$work" || exit 1

# a zone file: ORIGIN SERIAL [RECORD...]
zone() {
	printf '%s\n' "\$ORIGIN $1" '$TTL 3600' "@ SOA ns1 hostmaster $2 7200 3600 1209600 3600" '@ NS ns1' \
		'ns1 A 192.0.2.53'
	shift 2
	[ $# -eq 0 ] || printf '%s\n' "$@"
}

# ---- many zones, one of them broken ----
mkdir -p zones/sub/deeper zones/.hidden
zone a.example. 1 'www 300 A 192.0.2.80' 'www 3600 A 192.0.2.81' > zones/a.example.zone
zone b.example. 1 > zones/sub/b.example.zone
zone c.example. 1 'www A 300.1.1.1' > zones/sub/deeper/c.example.zone
zone d.example. 1 'www 300 A 192.0.2.80' 'www 3600 A 192.0.2.81' > zones/.hidden/d.example.zone
run many 2 "$ZONELINT" lint zones
has many err "zones/sub/deeper/c.example.zone:6: invalid IPv4 address in 'www A 300.1.1.1'"
has many out "zones/a.example.zone:7:1: warning: "
has many out "zones/sub/deeper/c.example.zone:6:1: error: invalid IPv4 address in 'www A 300.1.1.1' [syntax]"
lacks many out "d.example"
has many err "2 findings (1 error, 1 warning, 0 notes) in 3 files"
run many-json 2 "$ZONELINT" lint --format json zones
checks=$((checks + 1))
python3 - "$work/many-json.out" << 'PY' || fail "many-json: the findings are not the two expected"
import json, sys
d = json.load(open(sys.argv[1]))
rules = [(f["rule"], f["file"]) for f in d["findings"]]
assert rules == [("ttl-mismatch", "zones/a.example.zone"),
                 ("syntax", "zones/sub/deeper/c.example.zone")], rules
s = d["findings"][1]
assert s == {"rule": "syntax", "severity": "error", "file": "zones/sub/deeper/c.example.zone",
             "line": 6, "column": 1, "zone": None, "owner": "",
             "message": "invalid IPv4 address in 'www A 300.1.1.1'", "fix": []}, s
assert d["summary"]["errors"] == 1 and d["summary"]["files"] == 3, d["summary"]
PY
run many-github 2 "$ZONELINT" lint --format github zones
has many-github out "::error file=zones/sub/deeper/c.example.zone,line=6,col=1,title=syntax::invalid IPv4 address in 'www A 300.1.1.1'"
has many-github out "::warning file=zones/a.example.zone,line=7,col=1,title=ttl-mismatch::"
run many-sarif 2 "$ZONELINT" lint --format sarif zones
checks=$((checks + 1))
python3 - "$work/many-sarif.out" << 'PY' || fail "many-sarif: not the results of every zone"
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
assert [r["ruleId"] for r in run["results"]] == ["ttl-mismatch", "syntax"], run["results"]
assert run["invocations"] == [{"executionSuccessful": False}], run["invocations"]
PY
# a name that cannot be read, given with the others
run missing 2 "$ZONELINT" lint --format json zones/a.example.zone nothere.zone
has missing err "nothere.zone: cannot open: No such file or directory"
has missing out '"rule": "ttl-mismatch"'
has missing out '"file": "nothere.zone"'
# min-severity does not hide a zone that does not parse
run many-min 2 "$ZONELINT" lint --min-severity error zones

# ---- a file another zone includes is part of it ----
mkdir -p inc/hosts
printf '%s\n' '$ORIGIN e.example.' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' '@ NS ns1' \
	'$INCLUDE hosts/db.hosts' > inc/e.example.zone
# db.hosts has the name of a zone file and no SOA of its own
printf '%s\n' 'ns1 A 192.0.2.53' 'www A 192.0.2.80' > inc/hosts/db.hosts
run included 0 "$ZONELINT" lint inc
empty included out
# named on its own, it is read as a zone: no $TTL of its own (its errors
# would have stopped the run had the directory's search taken it alone)
run included-named 2 "$ZONELINT" lint inc/hosts/db.hosts
has included-named err "inc/hosts/db.hosts:1: no TTL specified"

# ---- standard input ----
zone a.example. 1 'www 300 A 192.0.2.80' 'www 3600 A 192.0.2.81' > stdin.zone
run stdin 1 sh -c "'$ZONELINT' lint - < stdin.zone"
has stdin out "-:7:1: warning: "
printf 'www A 300.1.1.1\n' > broken-stdin.zone
run stdin-broken 2 sh -c "'$ZONELINT' lint --origin f.example - < broken-stdin.zone"
has stdin-broken err "-:1: "
run stdin-twice 2 "$ZONELINT" lint - -
has stdin-twice err "'-' (standard input) given twice"

# ---- the origin taken from the file name ----
printf '%s\n' '$TTL 3600' '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600' '@ NS ns1' 'ns1 A 192.0.2.53' \
	> northwind.zone
run origin-note 0 "$ZONELINT" lint northwind.zone
has origin-note err "northwind.zone:2: note: the origin northwind. is taken from the file name"
checks=$((checks + 1))
[ "$(grep -c 'note: the origin' "$work/origin-note.err")" = 1 ] || fail "origin-note: said more than once"
run origin-given 0 "$ZONELINT" lint --origin northwind.example northwind.zone
lacks origin-given err "note:"
{
	echo '$ORIGIN northwind.'
	cat northwind.zone
} > origin-set.zone
cp origin-set.zone northwind.db
run origin-set 0 "$ZONELINT" lint northwind.db
lacks origin-set err "note:"
mkdir absolute
printf '%s\n' '$TTL 3600' 'northwind. SOA ns1.northwind. hostmaster.northwind. 1 7200 3600 1209600 3600' \
	'northwind. NS ns1.northwind.' 'ns1.northwind. A 192.0.2.53' > absolute/northwind.zone
run origin-absolute 0 "$ZONELINT" lint absolute/northwind.zone
lacks origin-absolute err "note:"

# ---- $INCLUDE: next to the including file, or from -w DIR as named ----
mkdir top
cd top || exit 1
mkdir zones
zone g.example. 1 '$INCLUDE hosts.inc' > zones/g.example.zone
printf '%s\n' 'www A 192.0.2.80' > zones/hosts.inc
# another hosts.inc where named-checkzone, run here, reads it: a CNAME
# beside other data
printf '%s\n' 'www A 192.0.2.80' 'www CNAME ns1' > hosts.inc
run include-here 0 "$ZONELINT" lint zones/g.example.zone
has include-here err "zones/g.example.zone:6: note: \$INCLUDE hosts.inc reads zones/hosts.inc (next to the including file); named-checkzone run from here would read hosts.inc"
run include-w 1 "$ZONELINT" lint -w . zones/g.example.zone
has include-w out "hosts.inc:2:1: error: www.g.example. has a CNAME and other records"
has include-w err "zones/g.example.zone:6: note: \$INCLUDE hosts.inc reads hosts.inc (relative to -w ., as named does); without -w, zonelint would read zones/hosts.inc"
# named-checkzone run here reads the same file as -w . (and refuses it)
run include-named 1 named-checkzone g.example zones/g.example.zone
has include-named out "CNAME and other data"
run include-named-w 0 named-checkzone -w zones g.example g.example.zone
run include-zonelint-w 0 "$ZONELINT" lint --include-dir zones zones/g.example.zone
lacks include-zonelint-w err "note:"
rm hosts.inc
run include-alone 0 "$ZONELINT" lint zones/g.example.zone
lacks include-alone err "note:"
cd "$work" || exit 1

# ---- the configuration read; a clean run on a terminal ----
mkdir cfg
zone h.example. 1 'www 300 A 192.0.2.80' 'www 3600 A 192.0.2.81' > cfg/h.example.zone
zone i.example. 1 > cfg/i.example.zone
printf '%s\n' 'rules:' '  duplicate-record: error' > cfg/.zonelint.yaml
run config-named 1 "$ZONELINT" lint cfg/h.example.zone
has config-named err "1 finding (0 errors, 1 warning, 0 notes) in 1 file, 5 records; configuration cfg/.zonelint.yaml"
run config-sarif 1 "$ZONELINT" lint --format sarif cfg/h.example.zone
has config-sarif out '"properties": {"configuration": "cfg/.zonelint.yaml"}'
run clean-pipe 0 "$ZONELINT" lint cfg/i.example.zone
empty clean-pipe out
empty clean-pipe err
if command -v script > /dev/null 2>&1; then
	run clean-terminal 0 script -qec "'$ZONELINT' lint cfg/i.example.zone" /dev/null
	has clean-terminal out "1 file, 3 records, no findings; configuration cfg/.zonelint.yaml"
fi
printf '%s\n' 'rules:' '  syntax: warning' > syntax.yaml
run config-syntax 2 "$ZONELINT" lint --config syntax.yaml cfg/i.example.zone
has config-syntax err "syntax.yaml:2: rule 'syntax' cannot be configured"

# ---- command-line errors name the command ----
run getopt 2 "$ZONELINT" lint --bogus cfg
has getopt err "zonelint lint: unrecognized option '--bogus'"
run getopt-fix 2 "$ZONELINT" fix --bogus cfg/i.example.zone
has getopt-fix err "zonelint fix: unrecognized option '--bogus'"

# ---- --changed: the zones that are a file or include it ----
run changed-inc 0 "$ZONELINT" lint --changed inc/hosts/db.hosts inc cfg zones/a.example.zone
empty changed-inc out
run changed-zone 1 "$ZONELINT" lint --changed ./cfg/../cfg/h.example.zone inc cfg zones/a.example.zone
has changed-zone out "cfg/h.example.zone:7:1: warning: "
lacks changed-zone out "zones/a.example.zone"
run changed-none 0 "$ZONELINT" lint --changed README inc cfg zones/a.example.zone
empty changed-none out
run changed-config 1 "$ZONELINT" lint --changed cfg/.zonelint.yaml inc cfg
has changed-config out "cfg/h.example.zone:7:1: warning: "
# a zone that does not parse is reported whatever changed
run changed-broken 2 "$ZONELINT" lint --changed README zones/sub/deeper cfg
has changed-broken out "[syntax]"

# ---- --previous: the zone's version in git ----
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.net \
	GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.net
mkdir "$HOME"
git init -q repo
cd repo || exit 1
mkdir zones
zone j.example. 2024010101 '$INCLUDE hosts.inc' > zones/j.example.zone
printf '%s\n' 'www A 192.0.2.80' > zones/hosts.inc
git add zones
git commit -q -m first
run previous-same 0 "$ZONELINT" lint --previous HEAD zones
printf '%s\n' 'www A 192.0.2.81' > zones/hosts.inc
run previous-changed 1 "$ZONELINT" lint --previous HEAD zones
has previous-changed out "zones/j.example.zone:3:1: error: the records changed since HEAD but the SOA serial is still 2024010101"
run previous-json 1 "$ZONELINT" lint --format json --previous HEAD zones
has previous-json out '"rule": "serial-not-increased"'
# from a subdirectory of the work tree: the same files
run previous-subdir 1 sh -c "cd zones && '$ZONELINT' lint --previous HEAD j.example.zone"
has previous-subdir out "j.example.zone:3:1: error: the records changed since HEAD"
# a zone HEAD does not have is new: nothing to compare
zone k.example. 1 > zones/k.example.zone
run previous-new 1 "$ZONELINT" lint --previous HEAD zones
lacks previous-new out "k.example"
run previous-bad-rev 2 "$ZONELINT" lint --previous nosuchbranch zones
has previous-bad-rev err "zonelint: lint: --previous nosuchbranch: no such revision in this repository"
# fix raises the serial, a date serial as a date, past HEAD's
cp zones/j.example.zone j.before
run previous-fix 0 "$ZONELINT" fix --previous HEAD --in-place zones/j.example.zone
has previous-fix err "serial 2024010101 -> $(date +%Y%m%d)00"
run previous-fixed 0 "$ZONELINT" lint --previous HEAD zones/j.example.zone
checks=$((checks + 1))
diff j.before zones/j.example.zone | grep -c '^[<>]' | grep -qx 2 || fail "previous-fix: more than the serial changed"
# a serial lowered by mistake: the new one is past HEAD's
sed -i "s/hostmaster [0-9]* /hostmaster 5 /" zones/j.example.zone
run previous-fix-low 0 "$ZONELINT" fix --previous HEAD --in-place zones/j.example.zone
has previous-fix-low err "serial 5 -> $(date +%Y%m%d)00"
# outside a work tree, --previous is a usage error
cd "$work" || exit 1
run previous-no-repo 2 env GIT_CEILING_DIRECTORIES="$work" "$ZONELINT" lint --previous HEAD cfg
has previous-no-repo err "the current directory is not in a git work tree"

summary
