# SPDX-License-Identifier: BSD-3-Clause
# src/cmd/ruledoc.awk: writes src/cmd/ruledoc.c, the example and the fix of
# every rule as doc/zonelint.1 gives them, so that `zonelint help RULE-ID`
# and the manual page print one text. Run by make:
#     awk -f src/cmd/ruledoc.awk doc/zonelint.1 > src/cmd/ruledoc.c
# The manual page's convention, in the RULES section:
#     .TP
#     .B rule\-id \fR(severity)
#     what triggers it ...
#     .IP
#     Example:
#     .EX
#     zone records, one a line (escapes: \- \e \& \(dq \(aq only)
#     .EE
#     .IP
#     Fix:
#     .EX
#     the same records, corrected
#     .EE
# Anything else inside .EX ... .EE of a rule entry stops the build with
# FILE:LINE: message, so that help never prints roff.

function fail(msg)
{
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

# roff (the escapes above) to plain text
function plain(s,    out, i, c, n)
{
	out = ""
	n = length(s)
	if (substr(s, 1, 1) == "." || substr(s, 1, 1) == "'")
		fail("a literal line that starts with '" substr(s, 1, 1) "' needs \\& in front")
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c != "\\") {
			out = out c
			continue
		}
		c = substr(s, i + 1, 1)
		if (c == "-") {
			out = out "-"
			i++
		} else if (c == "e") {
			out = out "\\"
			i++
		} else if (c == "&") {
			i++
		} else if (substr(s, i + 1, 3) == "(dq") {
			out = out "\""
			i += 3
		} else if (substr(s, i + 1, 3) == "(aq") {
			out = out "'"
			i += 3
		} else {
			fail("escape \\" c " is not allowed in a rule's example or fix")
		}
	}
	return out
}

# plain text to the body of a C string literal
function cstring(s,    out, i, c, n)
{
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"")
			out = out "\\" c
		else if (c == "?")
			out = out "\\?" # no trigraphs, whatever the compiler's mode
		else if (c == "\t")
			out = out "\\t"
		else
			out = out c
	}
	return out
}

function finish_entry()
{
	if (id == "")
		return
	if (block != "")
		fail("rule " id ": .EX without .EE")
	if (example != "" || fix != "") {
		count++
		ids[count] = id
		examples[count] = example
		fixes[count] = fix
	}
	id = ""
	example = ""
	fix = ""
	want = ""
}

BEGIN {
	count = 0
	in_rules = 0
	id = ""
	block = ""
	want = ""
}

/^\.SH/ {
	finish_entry()
	in_rules = ($0 ~ /^\.SH RULES/)
	next
}

!in_rules { next }

block != "" {
	if ($0 == ".EE") {
		block = ""
		next
	}
	line = "\"" cstring(plain($0)) "\\n\""
	if (block == "example")
		example = (example == "") ? line : example "\n\t " line
	else
		fix = (fix == "") ? line : fix "\n\t " line
	next
}

/^\.(TP|SS)/ {
	finish_entry()
	next
}

/^\.B [a-z0-9\\-]+ \\fR\((error|warning|note)\)$/ {
	finish_entry()
	id = $2
	gsub(/\\-/, "-", id)
	next
}

id != "" && /^(Example|Fix):$/ {
	want = ($0 == "Example:") ? "example" : "fix"
	if ((want == "example" && example != "") || (want == "fix" && fix != ""))
		fail("rule " id ": a second " $0)
	next
}

id != "" && /^\.EX$/ {
	if (want == "")
		fail("rule " id ": .EX without Example: or Fix: before it")
	block = want
	want = ""
	next
}

END {
	if (failed)
		exit 1
	finish_entry()
	print "/* src/cmd/ruledoc.c: the example and the fix of each rule, generated"
	print " * from doc/zonelint.1 by src/cmd/ruledoc.awk: edit the manual page. */"
	print "#include <string.h>"
	print ""
	print "#include \"cmd/cmd.h\""
	print ""
	print "static const struct cmd_rule_doc docs[] = {"
	for (i = 1; i <= count; i++) {
		printf "\t{\"%s\",\n", ids[i]
		printf "\t %s,\n", (examples[i] == "") ? "NULL" : examples[i]
		printf "\t %s},\n", (fixes[i] == "") ? "NULL" : fixes[i]
	}
	print "\t{NULL, NULL, NULL},"
	print "};"
	print ""
	print "const struct cmd_rule_doc *cmd_rule_doc_find(const char *id)"
	print "{"
	print "\tfor (size_t i = 0; docs[i].id != NULL; i++)"
	print "\t\tif (strcmp(docs[i].id, id) == 0)"
	print "\t\t\treturn &docs[i];"
	print "\treturn NULL;"
	print "}"
}
