// SPDX-License-Identifier: GPL-2.0-only
/* cmasim boot: build a machine, boot it as far as the library goes, print dmesg. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

void cli_print_diags(const struct cmasim *sim)
{
	for (size_t i = 0; i < cmasim_diag_count(sim); i++)
		fprintf(stderr, "cmasim: %s\n", cmasim_diag_line(sim, i, NULL));
}

int cli_boot(int argc, char **argv)
{
	gchar *arch = NULL, *kernel = NULL;
	gchar **sets = NULL;
	GOptionEntry entries[] = {
		{ "arch", 0, 0, G_OPTION_ARG_STRING, &arch, "arch profile", "ARCH" },
		{ "kernel", 0, 0, G_OPTION_ARG_STRING, &kernel, "kernel version", "V" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "set a Kconfig knob", "KNOB=VALUE" },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot a simulated machine");
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;
	GError *err = NULL;
	int rc = 1, ret;

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "cmasim boot: %s\n", err->message);
		g_error_free(err);
		rc = 2;
		goto out;
	}
	if ((arch && cmasim_config_set_arch(cfg, arch)) ||
	    (kernel && cmasim_config_set_kernel(cfg, kernel))) {
		fprintf(stderr, "cmasim boot: %s\n", cmasim_config_error(cfg));
		rc = 2;
		goto out;
	}
	for (gchar **s = sets; s && *s; s++) {
		char *eq = strchr(*s, '=');

		if (!eq) {
			fprintf(stderr, "cmasim boot: --set %s: expected KNOB=VALUE\n", *s);
			rc = 2;
			goto out;
		}
		*eq = '\0';
		if (cmasim_config_set(cfg, *s, eq + 1)) {
			fprintf(stderr, "cmasim boot: --set: %s\n", cmasim_config_error(cfg));
			rc = 2;
			goto out;
		}
	}
	ret = cmasim_create(cfg, &sim);
	if (ret) {
		fprintf(stderr, "cmasim boot: cannot create the machine: %s\n", g_strerror(-ret));
		goto out;
	}
	cmasim_dmesg_print(sim, stdout);
	cli_print_diags(sim);
	rc = 0;
out:
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
	g_option_context_free(ctx);
	g_free(arch);
	g_free(kernel);
	g_strfreev(sets);
	return rc;
}
