/* main.c: subcommand dispatch only. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const char usage[] =
	"Usage: zonelint COMMAND [OPTION]... ARGUMENT...\n"
	"Lint, explain, fix and serve BIND zone files, with the mail-discovery\n"
	"faults (Autodiscover, RFC 6186 SRV) no other checker reports.\n"
	"\n"
	"Commands:\n"
	"  lint     check zone files and report findings\n"
	"  explain  show what a mail client does for a domain, step by step\n"
	"  fix      apply the remedies of the findings to a zone file\n"
	"  srv      print SRV records for mail discovery\n"
	"  serve    answer DNS queries for zone files (UDP and TCP)\n"
	"\n"
	"  zonelint COMMAND --help   options of one command\n"
	"  zonelint --version        print the version\n"
	"\n"
	"Exit status: 0 no finding at or above the threshold, 1 findings,\n"
	"2 usage error or input that cannot be read or parsed.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_ERROR;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("zonelint %s\n", PACKAGE_VERSION);
		return EXIT_CLEAN;
	}
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} commands[] = {
		{"lint", cmd_lint},   {"explain", cmd_explain}, {"fix", cmd_fix},
		{"srv", cmd_srv},     {"serve", cmd_serve},
	};
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "zonelint: unknown command '%s'\n", cmd);
	fputs("Try 'zonelint --help'.\n", stderr);
	return EXIT_ERROR;
}
