// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim: the command-line front end.  Each subcommand is thin: it parses
 * its options with GOptionContext and calls the public API.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static const struct cli_command commands[] = {
	{ "boot", "boot a simulated machine and print its dmesg", cli_boot },
	{ "config", "list the Kconfig knobs (--markdown for docs/config.md)", cli_config },
};

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: cmasim COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\nRun 'cmasim COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("cmasim %s\n", CMASIM_VERSION);
		return 0;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "cmasim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
