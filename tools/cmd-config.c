// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim config: the Kconfig knobs.  --markdown prints docs/config.md
 * (the library renders its knob table); otherwise the effective value of
 * every knob for --arch/--kernel/--set, as NAME=VALUE lines, or with
 * --json one document.  The knob names and their columns come from the
 * library's own rendering of its table, the one place that lists them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static void out_stdout(const char *text, void *data)
{
	fputs(text, stdout);
}

/* The rows of the Markdown table: name, type, x86_64, arm64, arm,
 * kernels, Kconfig default, what it does. */
#define NR_COLS 8

static GPtrArray *knob_rows(void)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	GString *md = g_string_new(NULL);
	gchar **lines;
	bool table = false;

	cmasim_config_write_docs(cli_collect, md);
	lines = g_strsplit(md->str, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		gchar **cols;

		if (g_str_has_prefix(*l, "|---")) {
			table = true;
			continue;
		}
		if (!table || !g_str_has_prefix(*l, "| "))
			continue;
		cols = g_strsplit(*l + 1, "|", NR_COLS + 1);
		if (g_strv_length(cols) < NR_COLS) {
			g_strfreev(cols);
			continue;
		}
		for (int i = 0; i < NR_COLS; i++)
			g_strstrip(cols[i]);
		g_ptr_array_add(rows, cols);
	}
	g_strfreev(lines);
	g_string_free(md, TRUE);
	return rows;
}

int cli_config(int argc, char **argv)
{
	gboolean markdown = FALSE, json = FALSE;
	gchar *arch = NULL, *kernel = NULL;
	gchar **sets = NULL;
	GOptionEntry entries[] = {
		{ "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "print docs/config.md", NULL },
		{ "arch", 0, 0, G_OPTION_ARG_STRING, &arch, "arch profile (x86_64, arm64, ...)", "ARCH" },
		{ "kernel", 0, 0, G_OPTION_ARG_STRING, &kernel, "kernel version (6.1, 6.12)", "V" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "set a Kconfig knob first", "KNOB=VALUE" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "print one JSON document (docs/json.md)", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- list the Kconfig knobs and their values");
	struct cmasim_config *cfg = cmasim_config_new();
	GError *err = NULL;
	GPtrArray *rows = NULL;
	JsonBuilder *b = NULL;
	gchar *msg = NULL;
	int rc = CLI_EXIT_USAGE;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, CLI_EXIT_HELP);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		msg = g_strdup(err->message);
		g_error_free(err);
		goto usage;
	}
	if (argc > 1) {
		msg = g_strdup_printf("unexpected argument '%s'", argv[1]);
		goto usage;
	}
	if (markdown) {
		cmasim_config_write_docs(out_stdout, NULL);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (!cfg) {
		msg = g_strdup("out of memory");
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if ((arch && cmasim_config_set_arch(cfg, arch)) ||
	    (kernel && cmasim_config_set_kernel(cfg, kernel))) {
		msg = g_strdup(cmasim_config_error(cfg));
		goto usage;
	}
	for (gchar **s = sets; s && *s; s++) {
		gchar **kv = g_strsplit(*s, "=", 2);

		if (!kv[0] || !kv[1]) {
			msg = g_strdup_printf("--set %s: expected KNOB=VALUE", *s);
			g_strfreev(kv);
			goto usage;
		}
		if (cmasim_config_set(cfg, kv[0], kv[1])) {
			msg = g_strdup_printf("--set: %s", cmasim_config_error(cfg));
			g_strfreev(kv);
			goto usage;
		}
		g_strfreev(kv);
	}
	rows = knob_rows();
	if (json) {
		b = cli_json_begin("config");
		cli_json_int(b, "exit", CLI_EXIT_OK);
		json_builder_set_member_name(b, "knobs");
		json_builder_begin_array(b);
	}
	for (guint i = 0; i < rows->len; i++) {
		gchar **c = g_ptr_array_index(rows, i);
		char value[64];
		int r = cmasim_config_get(cfg, c[0], value, sizeof(value));

		if (!json) {
			if (!r)
				printf("%s=%s\n", c[0], value);
			continue;
		}
		json_builder_begin_object(b);
		cli_json_str(b, "name", c[0]);
		cli_json_str(b, "type", c[1]);
		/* a knob of another arch or kernel has no value here */
		cli_json_str(b, "value", r ? NULL : value);
		cli_json_str(b, "kernels", c[5]);
		cli_json_str(b, "kconfig_default", c[6]);
		cli_json_str(b, "doc", c[7]);
		json_builder_end_object(b);
	}
	if (json) {
		json_builder_end_array(b);
		cli_json_end(b, stdout, true);
	}
	rc = CLI_EXIT_OK;
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	fprintf(stderr, "cmasim config: %s\n", msg);
	if (json)
		cli_json_usage_error("config", msg);
out:
	if (rows)
		g_ptr_array_free(rows, TRUE);
	cmasim_config_destroy(cfg);
	g_option_context_free(ctx);
	g_free(msg);
	g_free(arch);
	g_free(kernel);
	g_strfreev(sets);
	return rc;
}
