# SPDX-License-Identifier: BSD-3-Clause
# tests/cli/mandoc-rules.awk: the rule entries of doc/zonelint.1 for the
# tests, read independently of src/cmd/ruledoc.awk: for each entry
# ".B rule\-id \fR(severity)" in RULES, prints "rule ID SEVERITY" and writes
# the lines of its Example: and Fix: blocks (.EX ... .EE), roff escapes
# undone, to DIR/ID.example and DIR/ID.fix.
# Usage: awk -v dir=DIR -f tests/cli/mandoc-rules.awk doc/zonelint.1
function unroff(s) {
	gsub(/\\-/, "-", s)
	gsub(/\\\(dq/, "\"", s)
	gsub(/\\\(aq/, "'", s)
	gsub(/\\&/, "", s)
	gsub(/\\e/, "\\", s)
	return s
}
/^\.SH/ { in_rules = ($0 ~ /^\.SH RULES/); id = ""; next }
!in_rules { next }
out != "" && /^\.EE$/ { close(out); out = ""; next }
out != "" { print unroff($0) > out; next }
/^\.(TP|SS)/ { id = ""; next }
/^\.B [a-z0-9\\-]+ \\fR\((error|warning|note)\)$/ {
	id = $2
	gsub(/\\-/, "-", id)
	sev = $3
	gsub(/^\\fR\(|\)$/, "", sev)
	print "rule", id, sev
	want = ""
	next
}
id != "" && /^Example:$/ { want = dir "/" id ".example"; next }
id != "" && /^Fix:$/ { want = dir "/" id ".fix"; next }
id != "" && want != "" && /^\.EX$/ { out = want; want = ""; printf "" > out; next }
