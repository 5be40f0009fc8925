// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim: the command-line front end.  Each subcommand is thin: it parses
 * its options with GOptionContext and calls the public API.  Exit status
 * of every subcommand: 0 done, 1 the simulated operation failed, 2 bad
 * usage or input (docs/cmasim.1).
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static const struct cli_command commands[] = {
	{ "boot", "boot a simulated machine and print its dmesg", cli_boot },
	{ "show", "boot a machine and print views of it (/proc, debugfs, sysfs, memory map, memblock, CMA areas)", cli_show },
	{ "run", "run a scenario file: a machine, its boot and a workload, each step with its kernel lines", cli_run },
	{ "diff", "boot two machines and show what differs (dmesg, CMA placements, counters)", cli_diff },
	{ "sweep", "boot a grid of machines on every core, one JSON line per run", cli_sweep },
	{ "config", "list the Kconfig knobs and their values (--markdown for docs/config.md)", cli_config },
};

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: cmasim COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\nRun 'cmasim COMMAND --help' for a command's options; 'man cmasim' for more.\n"
		    "Every command takes --json.\n\n%s\n", CLI_EXIT_HELP);
}

int main(int argc, char **argv)
{
	/*
	 * GOptionContext converts string arguments from the locale's
	 * charset: without this a UTF-8 --cmdline is refused.
	 */
	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("cmasim %s\n", CMASIM_VERSION);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		gchar *prgname;

		if (strcmp(argv[1], commands[i].name))
			continue;
		/* "Usage: cmasim boot [OPTION...]" in each --help */
		prgname = g_strdup_printf("cmasim %s", commands[i].name);
		g_set_prgname(prgname);
		g_free(prgname);
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "cmasim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
