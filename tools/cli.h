/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef CMASIM_CLI_H
#define CMASIM_CLI_H

#include <cmasim/cmasim.h>

struct cli_command {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);
};

int cli_boot(int argc, char **argv);
int cli_config(int argc, char **argv);

/* Print the instance's diagnostics to stderr, prefixed "cmasim: ". */
void cli_print_diags(const struct cmasim *sim);

#endif /* CMASIM_CLI_H */
