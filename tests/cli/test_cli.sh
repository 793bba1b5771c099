#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/test_cli.sh: the zonelint command line, run on the shipped zones
# and on zones made here: exit statuses, FILE:LINE errors, golden output for
# lint and explain, and zonelint fix on real files (diff applied with patch,
# --in-place, serial, styles, $INCLUDE, read-only files).
# shellcheck disable=SC2016 # zone text: $ORIGIN and the like are no shell variables
set -u
: "${top_srcdir:?}" "${ZONELINT:?}"
# shellcheck source-path=SCRIPTDIR source=../testlib.sh
. "$top_srcdir/tests/testlib.sh"
expected="$top_srcdir/tests/cli/expected"
setup_work

cd "$top_srcdir" || exit 1

# ---- lint ----
run lint-story 1 "$ZONELINT" lint zones/example.net.zone
same lint-story "$expected/lint-story.txt"
has lint-story err "2 findings (1 error, 1 warning, 0 notes) in 1 file, 12 records"

run lint-corrected 0 "$ZONELINT" lint zones/example.net.corrected.zone
empty lint-corrected out
empty lint-corrected err

run lint-dir 1 "$ZONELINT" lint zones/
has lint-dir out "zones/example.net.zone:33:1: error:"

# many files are linted by a thread a CPU: the output is one thread's
mkdir "$work/many" "$work/many-bad"
for i in $(seq 1 40); do
	sed "s/example\.net\./z$i.example.net./g" zones/example.net.zone > "$work/many/z$i.example.net.zone"
	cp "$work/many/z$i.example.net.zone" "$work/many-bad/z$i.example.net.zone"
done
cp zones/*.zone "$work/many/"
printf '$ORIGIN bad.example.\n@ 3600 IN SOA ns1 hostmaster 1 2 3 4 5\nwww 3600 IN A 300.1.1.1\n' > "$work/many-bad/z2.example.net.zone"
printf 'www 3600 IN AAAA x\n' > "$work/many-bad/z30.example.net.zone"
run lint-many 1 "$ZONELINT" lint --format json "$work/many"
run lint-many-bad 2 "$ZONELINT" lint "$work/many-bad"
has lint-many-bad err "z2.example.net.zone:3:"
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then
	run lint-many-1cpu 1 taskset -c 0 "$ZONELINT" lint --format json "$work/many"
	same lint-many-1cpu "$work/lint-many.out"
	run lint-many-bad-1cpu 2 taskset -c 0 "$ZONELINT" lint "$work/many-bad"
	cmp -s "$work/lint-many-bad.err" "$work/lint-many-bad-1cpu.err" ||
		fail "lint-many-bad: the errors of two threads differ from one thread's"
fi
run lint-min-error 1 "$ZONELINT" lint --min-severity error zones/example.net.zone
printf '%s\n' 'rules:' '  autodiscover-cert-mismatch: off' > "$work/only-warnings.yaml"
run lint-only-warnings 0 "$ZONELINT" lint --config "$work/only-warnings.yaml" --min-severity error zones/example.net.zone
has lint-only-warnings out "[autodiscover-srv-missing]"
run lint-note-threshold 1 "$ZONELINT" lint --config "$work/only-warnings.yaml" --min-severity note zones/example.net.zone

run lint-json 1 "$ZONELINT" lint --format json zones/example.net.zone
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [f["rule"] for f in d["findings"]] == ["autodiscover-srv-missing", "autodiscover-cert-mismatch"]; assert d["summary"] == {"files": 1, "records": 12, "errors": 1, "warnings": 1, "notes": 0}' "$work/lint-json.out" ||
	fail "lint-json: unexpected JSON"
run lint-github 1 "$ZONELINT" lint --format github zones/example.net.zone
has lint-github out "::error file=zones/example.net.zone,line=33,col=1,title=autodiscover-cert-mismatch::"

# a broken record: FILE:LINE on stderr, exit 2, and on stdout the finding
# of the rule syntax, as every format has it
printf '%s\n' '$ORIGIN example.net.' '$TTL 3600' '@ SOA ns1 h 1 2 3 4 5' '  NS ns1' 'ns1 A 192.0.2.1' \
	'mail IN A 192.0.2.999' > "$work/bad.zone"
run lint-bad 2 "$ZONELINT" lint "$work/bad.zone"
has lint-bad err "$work/bad.zone:6: invalid IPv4 address in 'mail IN A 192.0.2.999'"
has lint-bad out "$work/bad.zone:6:1: error: invalid IPv4 address in 'mail IN A 192.0.2.999' [syntax]"
run lint-missing 2 "$ZONELINT" lint "$work/nothere.zone"
has lint-missing err "$work/nothere.zone: cannot open: No such file or directory"
run lint-format 2 "$ZONELINT" lint --format xml zones/
has lint-format err "unknown format 'xml'"
run lint-noargs 2 "$ZONELINT" lint
run unknown-command 2 "$ZONELINT" frobnicate
printf '%s\n' 'rules:' '  autodiscover-srv-mising: error' > "$work/typo.yaml"
run lint-config-typo 2 "$ZONELINT" lint --config "$work/typo.yaml" zones/example.net.zone
has lint-config-typo err "$work/typo.yaml:2: unknown rule 'autodiscover-srv-mising' (did you mean 'autodiscover-srv-missing'?)"
printf '%s\n' 'certficates: []' > "$work/key.yaml"
run lint-config-key 2 "$ZONELINT" lint --config "$work/key.yaml" zones/example.net.zone
has lint-config-key err "$work/key.yaml:1:"
empty lint-config-key out

# the configuration is found next to the zone file (zones/.zonelint.yaml)
cp zones/example.net.zone "$work/story.zone"
run lint-no-config 1 "$ZONELINT" lint "$work/story.zone"
has lint-no-config out "no certificate is known for autodiscover.example.net"

# inline suppression
sed 's/^autodiscover    IN CNAME mail$/autodiscover    IN CNAME mail ; zonelint: ignore autodiscover-cert-mismatch/' \
	zones/example.net.zone > "$work/ignored.zone"
cp zones/.zonelint.yaml "$work/.zonelint.yaml"
run lint-ignored 1 "$ZONELINT" lint "$work/ignored.zone"
if grep -q autodiscover-cert-mismatch "$work/lint-ignored.out"; then fail "lint-ignored: not silenced"; fi
has lint-ignored out "[autodiscover-srv-missing]"
rm "$work/.zonelint.yaml"

run list-rules 0 "$ZONELINT" lint --list-rules
has list-rules out "autodiscover-wildcard        error    autodiscover.DOMAIN is answered by a wildcard"

# ---- explain ----
run explain-story 1 "$ZONELINT" explain example.net zones/example.net.zone
same explain-story "$expected/explain-story.txt"
run explain-corrected 0 "$ZONELINT" explain example.net zones/example.net.corrected.zone
same explain-corrected "$expected/explain-corrected.txt"
run explain-json 1 "$ZONELINT" explain --format json example.net zones/example.net.zone
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["decided_by"] == 2; assert d["steps"][1]["outcome"] == "certificate warning"; assert d["steps"][1]["dns"].startswith("autodiscover.example.net")' "$work/explain-json.out" ||
	fail "explain-json: unexpected JSON"
run explain-outside 2 "$ZONELINT" explain example.com zones/example.net.zone
has explain-outside err "example.com is in none of the zones given"

# ---- fix ----
mkdir "$work/fix"
cp zones/example.net.zone zones/.zonelint.yaml "$work/fix/"
cp zones/example.net.zone "$work/fix/patched.zone"
chmod -R u+w "$work/fix" # copies of a read-only source tree (make distcheck)
(
	cd "$work/fix" || exit 1
	"$ZONELINT" fix --diff example.net.zone > d.patch 2> d.err
) || fail "fix --diff failed: $(cat "$work/fix/d.err")"
checks=$((checks + 1))
# the diff applies with patch, and --in-place gives the same bytes
(cd "$work/fix" && sed 's/^\(---\|+++\) example.net.zone/\1 patched.zone/' d.patch | patch -s -p0) ||
	fail "fix: patch does not apply the diff"
run fix-in-place 0 sh -c "cd '$work/fix' && '$ZONELINT' fix --in-place example.net.zone"
has fix-in-place err "wrote example.net.zone: 1 record commented out, 2 added, serial 2024051501 -> $(date +%Y%m%d)00"
cmp -s "$work/fix/example.net.zone" "$work/fix/patched.zone" || fail "fix: --in-place differs from the patched file"
# only the serial, the commented-out record and the two new records changed;
# the SRV record joins the block of example.net (its NS, MX, A and TXT lines)
diff zones/example.net.zone "$work/fix/example.net.zone" | grep '^[<>]' > "$work/changed" 
cat > "$work/changed.want" << WANT
<                         2024051501 ; serial
<                         $(date +%Y%m%d)00 ; serial
> _autodiscover._tcp IN SRV  0 0 443 mail.example.net.
< autodiscover    IN CNAME mail
> ; zonelint: was: autodiscover    IN CNAME mail
> autodiscover    IN TXT  "autodiscover via SRV"
WANT
sed -i '2s/^</>/' "$work/changed.want"
cmp -s "$work/changed" "$work/changed.want" || { fail "fix: unexpected changes:"; diff "$work/changed.want" "$work/changed"; }
run fix-checkzone 0 named-checkzone example.net "$work/fix/example.net.zone"
run fix-relint 0 "$ZONELINT" lint "$work/fix/example.net.zone"
empty fix-relint out
run fix-again 0 "$ZONELINT" fix "$work/fix/example.net.zone"
has fix-again err "nothing to fix"

# without --diff/--in-place: the plan, and the file untouched
cp zones/example.net.zone "$work/plan.zone"
cp zones/.zonelint.yaml "$work/.zonelint.yaml"
run fix-plan 0 "$ZONELINT" fix "$work/plan.zone"
has fix-plan out "remove line 33: autodiscover    IN CNAME mail"
has fix-plan out "serial: 2024051501 -> $(date +%Y%m%d)00"
cmp -s zones/example.net.zone "$work/plan.zone" || fail "fix-plan: the file changed"

# absolute owners and explicit TTLs: new records follow that style
cat > "$work/abs.zone" << 'ZONE'
example.net. 7200 IN SOA ns1.example.net. hostmaster.example.net. 7 3600 600 86400 300
example.net. 7200 IN NS ns1.example.net.
example.net. 7200 IN MX 10 mail.example.net.
ns1.example.net. 7200 IN A 192.0.2.53
mail.example.net. 7200 IN A 192.0.2.25
*.example.net. 7200 IN A 192.0.2.80
ZONE
run fix-abs 0 "$ZONELINT" fix --in-place "$work/abs.zone"
has fix-abs err "serial 7 -> 8"
grep -q '^_autodiscover\._tcp\.example\.net\. *7200 *IN *SRV *0 0 443 mail\.example\.net\.$' "$work/abs.zone" ||
	{ fail "fix-abs: no absolute SRV line with its TTL:"; cat "$work/abs.zone"; }
grep -q '^autodiscover\.example\.net\. *7200 *IN *TXT *"autodiscover via SRV"$' "$work/abs.zone" ||
	{ fail "fix-abs: no absolute TXT line:"; cat "$work/abs.zone"; }

# a record in an $INCLUDEd file: the file given is fixed (the SRV record,
# the serial), the included file is not touched, and what to do there is
# said: the action, the place, the record, the comment that silences it
mkdir "$work/inc"
grep -v '^autodiscover' zones/example.net.zone > "$work/inc/example.net.zone"
echo '$INCLUDE mailhosts.inc' >> "$work/inc/example.net.zone"
echo 'autodiscover IN CNAME mail' > "$work/inc/mailhosts.inc"
cp zones/.zonelint.yaml "$work/inc/"
cp "$work/inc/mailhosts.inc" "$work/inc/before.inc"
run fix-include 1 "$ZONELINT" fix --in-place "$work/inc/example.net.zone"
has fix-include err "wrote $work/inc/example.net.zone: 0 records commented out, 1 added"
has fix-include err "  $work/inc/mailhosts.inc:1:1: error: autodiscover.example.net"
has fix-include err "      by hand: delete line 1 of $work/inc/mailhosts.inc: autodiscover.example.net. 3600 IN CNAME mail.example.net."
has fix-include err "      by hand: add autodiscover.example.net. 3600 IN TXT \"autodiscover via SRV\""
has fix-include err "      or silence it: \"; zonelint: ignore autodiscover-cert-mismatch\" on line 1 of $work/inc/mailhosts.inc or the line before"
lacks fix-include err "by hand: add _autodiscover._tcp"
grep -q '^_autodiscover\._tcp' "$work/inc/example.net.zone" || fail "fix-include: no SRV record in the file given"
cmp -s "$work/inc/mailhosts.inc" "$work/inc/before.inc" || fail "fix-include: the included file changed"
# doing what it says makes the zone clean
sed -i 's/^autodiscover IN CNAME mail$/autodiscover IN TXT "autodiscover via SRV"/' "$work/inc/mailhosts.inc"
run fix-include-done 0 "$ZONELINT" lint "$work/inc/example.net.zone"

# a read-only file: clear error, original untouched
cp zones/example.net.zone "$work/ro.zone"
chmod 444 "$work/ro.zone"
run fix-readonly 2 "$ZONELINT" fix --in-place "$work/ro.zone"
has fix-readonly err "cannot write $work/ro.zone"
cmp -s zones/example.net.zone "$work/ro.zone" || fail "fix-readonly: the file changed"
chmod 644 "$work/ro.zone"
rm "$work/.zonelint.yaml"

run fix-both 2 "$ZONELINT" fix --diff --in-place zones/example.net.zone
run fix-dir 2 "$ZONELINT" fix zones/

# ---- help and version ----
for cmd in lint explain fix srv serve; do
	run "help-$cmd" 0 "$ZONELINT" "$cmd" --help
	has "help-$cmd" out "Usage: zonelint $cmd"
done
run version 0 "$ZONELINT" --version
has version out "zonelint "

echo "test_cli: $checks commands, $failed failures"
[ "$failed" -eq 0 ]
