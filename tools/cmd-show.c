// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim show: boot a machine as `cmasim boot` does and print views of
 * it: any kernel file the simulator models (/proc, the CMA areas' debugfs
 * and sysfs files; a directory gives every file under it), plus a memory
 * map like /proc/iomem, the memblock tables as debugfs prints them, a
 * table of the CMA areas and the dmesg.  One view prints bare, as `cat`
 * would; several get "==> NAME <==" headers, as `tail` prints them.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cli.h"

#define MEMBLOCK_DIR "/sys/kernel/debug/memblock"

enum view_kind {
	VIEW_FILE,		/* a kernel file by path */
	VIEW_IOMEM,
	VIEW_MEMBLOCK_MEMORY,
	VIEW_MEMBLOCK_RESERVED,
	VIEW_CMA,
	VIEW_DMESG,
};

static const struct {
	const char *name;
	const char *help;	/* the /proc files: their path */
} named_views[] = {
	{ "meminfo", "/proc/meminfo" },
	{ "buddyinfo", "/proc/buddyinfo" },
	{ "pagetypeinfo", "/proc/pagetypeinfo" },
	{ "zoneinfo", "/proc/zoneinfo" },
	{ "vmstat", "/proc/vmstat" },
	{ "iomem", "the memory map: RAM, reserved-memory regions, CMA areas (like /proc/iomem)" },
	{ "memblock", "memblock/memory and memblock/reserved" },
	{ "memblock/memory", MEMBLOCK_DIR "/memory, in the kernel's format" },
	{ "memblock/reserved", MEMBLOCK_DIR "/reserved, in the kernel's format" },
	{ "cma", "the CMA areas: base, size, pages, used, zone, node" },
	{ "dmesg", "the kernel log of the boot" },
	{ "debugfs", "every file of /sys/kernel/debug/cma" },
	{ "sysfs", "every file of /sys/kernel/mm/cma" },
	{ "proc", "every file of /proc" },
	{ "all", "every view above, once" },
};

struct view {
	enum view_kind kind;
	gchar *name;		/* the header */
};

static void view_free(gpointer p)
{
	struct view *v = p;

	g_free(v->name);
	g_free(v);
}

static void add_view(GPtrArray *out, enum view_kind kind, const char *name)
{
	struct view *v;

	for (guint i = 0; i < out->len; i++) {
		v = g_ptr_array_index(out, i);
		if (v->kind == kind && !strcmp(v->name, name))
			return;
	}
	v = g_new0(struct view, 1);
	v->kind = kind;
	v->name = g_strdup(name);
	g_ptr_array_add(out, v);
}

struct walk {
	struct cmasim *sim;
	GPtrArray *out;
	const char *dir;
};

static void add_tree(struct cmasim *sim, const char *dir, GPtrArray *out);

static int walk_entry(const char *name, bool is_dir, void *data)
{
	struct walk *w = data;
	gchar *path = g_strdup_printf("%s%s%s", w->dir,
				      g_str_has_suffix(w->dir, "/") ? "" : "/",
				      name);

	if (is_dir) {
		add_tree(w->sim, path, w->out);
	} else {
		int err;
		gchar *text = cli_read_file(w->sim, path, &err);

		/* debugfs alloc and free are written, never read */
		if (err != -EACCES)
			add_view(w->out, VIEW_FILE, path);
		g_free(text);
	}
	g_free(path);
	return 0;
}

/* Every readable file under @dir, depth first in the kernel's order. */
static void add_tree(struct cmasim *sim, const char *dir, GPtrArray *out)
{
	struct walk w = { sim, out, dir };

	cmasim_file_readdir(sim, dir, walk_entry, &w);
}

static gchar *view_names(void)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(named_views); i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "",
				       named_views[i].name);
	return g_string_free(s, FALSE);
}

/* Resolve one argument into views; false (and a message) if unknown. */
static bool resolve(struct cli_sim *cs, const char *arg, GPtrArray *out)
{
	struct cmasim *sim = cs->sim;
	bool all = !strcmp(arg, "all"), mb_dir, known = all;
	gchar *names;

	for (size_t i = 0; i < G_N_ELEMENTS(named_views); i++) {
		if (strcmp(arg, named_views[i].name))
			continue;
		known = true;
		/* the /proc files go by their short names */
		if (g_str_has_prefix(named_views[i].help, "/proc/"))
			add_view(out, VIEW_FILE, named_views[i].help);
	}
	mb_dir = !strcmp(arg, MEMBLOCK_DIR) || !strcmp(arg, MEMBLOCK_DIR "/");
	if (all || !strcmp(arg, "proc"))
		add_tree(sim, "/proc", out);
	if (all || !strcmp(arg, "iomem"))
		add_view(out, VIEW_IOMEM, "iomem");
	if (all || mb_dir || !strcmp(arg, "memblock") ||
	    !strcmp(arg, "memblock/memory") ||
	    !strcmp(arg, MEMBLOCK_DIR "/memory"))
		add_view(out, VIEW_MEMBLOCK_MEMORY, MEMBLOCK_DIR "/memory");
	if (all || mb_dir || !strcmp(arg, "memblock") ||
	    !strcmp(arg, "memblock/reserved") ||
	    !strcmp(arg, MEMBLOCK_DIR "/reserved"))
		add_view(out, VIEW_MEMBLOCK_RESERVED, MEMBLOCK_DIR "/reserved");
	if (all || !strcmp(arg, "cma"))
		add_view(out, VIEW_CMA, "cma");
	if (all || !strcmp(arg, "debugfs"))
		add_tree(sim, "/sys/kernel/debug/cma", out);
	if (all || !strcmp(arg, "sysfs"))
		add_tree(sim, "/sys/kernel/mm/cma", out);
	if (all || !strcmp(arg, "dmesg"))
		add_view(out, VIEW_DMESG, "dmesg");
	if (known || mb_dir || !strcmp(arg, MEMBLOCK_DIR "/memory") ||
	    !strcmp(arg, MEMBLOCK_DIR "/reserved"))
		return true;
	if (arg[0] == '/') {
		struct walk w = { sim, out, arg };
		int err = cmasim_file_readdir(sim, arg, walk_entry, &w);
		gchar *msg;

		if (!err)
			return true;
		/* a file: its read errors are reported when it is shown */
		if (err == -ENOTDIR) {
			add_view(out, VIEW_FILE, arg);
			return true;
		}
		msg = cli_file_error(sim, arg, err);
		cli_msg(cs, "%s", msg);
		g_free(msg);
		return false;
	}
	names = view_names();
	cli_msg(cs, "no view '%s': expected %s, or an absolute path (cmasim show --list)",
		arg, names);
	g_free(names);
	return false;
}

static void render(struct cli_sim *cs, const struct view *v, GString *out,
		   int *err)
{
	gchar *text;

	*err = 0;
	switch (v->kind) {
	case VIEW_FILE:
		text = cli_read_file(cs->sim, v->name, err);
		if (text)
			g_string_append(out, text);
		g_free(text);
		break;
	case VIEW_IOMEM:
		cli_view_iomem(cs->sim, cs->machine, out);
		break;
	case VIEW_MEMBLOCK_MEMORY:
		cli_view_memblock(cs->sim, CMASIM_MEMBLOCK_MEMORY, out);
		break;
	case VIEW_MEMBLOCK_RESERVED:
		cli_view_memblock(cs->sim, CMASIM_MEMBLOCK_RESERVED, out);
		break;
	case VIEW_CMA:
		cli_view_cma(cs->sim, out);
		break;
	case VIEW_DMESG:
		for (size_t i = 0; i < cmasim_dmesg_count(cs->sim); i++)
			g_string_append_printf(out, "%s\n",
					       cmasim_dmesg_line(cs->sim, i, NULL));
		break;
	}
}

static void list_views(struct cli_sim *cs)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(view_free);

	printf("Views:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(named_views); i++)
		printf("  %-18s %s\n", named_views[i].name, named_views[i].help);
	printf("Files of this machine (any of them, or a directory, is a view too):\n");
	add_tree(cs->sim, "/", files);
	for (guint i = 0; i < files->len; i++)
		printf("  %s\n", ((struct view *)g_ptr_array_index(files, i))->name);
	g_ptr_array_free(files, TRUE);
}

int cli_show(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	gboolean json = FALSE, list = FALSE;
	GOptionEntry entries[] = {
		{ "list", 0, 0, G_OPTION_ARG_NONE, &list, "list the views and the files of this machine", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "print one JSON document (docs/json.md)", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("VIEW... - boot a machine and print views of it");
	struct cli_sim cs = { .cmd = "show", .hold_diags = true };
	GPtrArray *views = g_ptr_array_new_with_free_func(view_free);
	GPtrArray *texts = NULL;
	GError *err = NULL;
	JsonBuilder *b = NULL;
	int rc = CLI_EXIT_USAGE;
	gchar *names = view_names();
	gchar *summary = g_strdup_printf("Views: %s; or an absolute path of a kernel file or directory (--list shows them).",
					 names);

	cli_opts_add_entries(ctx, &o, true);
	cli_trace_add_entries(ctx, &o);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, summary);
	g_option_context_set_description(ctx, CLI_EXIT_HELP);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		fprintf(stderr, "cmasim show: %s\n", err->message);
		if (json)
			cli_json_usage_error("show", err->message);
		g_error_free(err);
		goto out;
	}
	if (json)
		cs.msgs = g_string_new(NULL);
	if (argc < 2 && !list) {
		cli_msg(&cs, "which views? expected %s, or a path (cmasim show --list)",
			names);
		goto usage;
	}
	rc = cli_sim_boot(&cs, &o);
	if (rc == CLI_EXIT_USAGE)
		goto usage;
	if (!cs.sim) {
		/* no instance to report on: the machine could not be made */
		if (json) {
			b = cli_json_begin("show");
			cli_json_int(b, "exit", rc);
			g_strchomp(cs.msgs->str);
			cli_json_error(b, "error", 0, cs.msgs->str);
			cli_json_end(b, stdout, true);
		}
		goto out;
	}
	if (cs.boot_err) {
		cli_sim_flush_diags(&cs);
		if (json) {
			b = cli_json_begin("show");
			cli_json_int(b, "exit", CLI_EXIT_FAIL);
			cli_json_machine(b, &cs, &o);
			cli_json_boot(b, &cs);
			cli_json_end(b, stdout, true);
		}
		fprintf(stderr, "cmasim: boot failed: %s\n",
			g_strerror(-cs.boot_err));
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (list) {
		list_views(&cs);
		rc = CLI_EXIT_OK;
		goto out;
	}
	for (int i = 1; i < argc; i++)
		if (!resolve(&cs, argv[i], views))
			goto usage;

	/* render first: a view that fails makes the exit status 2 */
	rc = CLI_EXIT_OK;
	texts = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < views->len; i++) {
		const struct view *v = g_ptr_array_index(views, i);
		GString *text = g_string_new(NULL);
		int r;

		render(&cs, v, text, &r);
		if (r) {
			gchar *msg = cli_file_error(cs.sim, v->name, r);

			cli_msg(&cs, "%s", msg);
			g_free(msg);
			rc = CLI_EXIT_USAGE;
		}
		g_ptr_array_add(texts, r ? NULL : g_string_free(text, FALSE));
		if (r)
			g_string_free(text, TRUE);
	}
	if (json) {
		b = cli_json_begin("show");
		cli_json_int(b, "exit", rc);
		cli_json_machine(b, &cs, &o);
		cli_json_boot(b, &cs);
		json_builder_set_member_name(b, "views");
		json_builder_begin_array(b);
	}
	for (guint i = 0; i < views->len; i++) {
		const struct view *v = g_ptr_array_index(views, i);
		const char *text = g_ptr_array_index(texts, i);

		if (json) {
			json_builder_begin_object(b);
			cli_json_str(b, "name", v->name);
			cli_json_str(b, "path", v->kind == VIEW_FILE ||
					  v->kind == VIEW_MEMBLOCK_MEMORY ||
					  v->kind == VIEW_MEMBLOCK_RESERVED ?
					  v->name : NULL);
			cli_json_str(b, "text", text);
			json_builder_end_object(b);
		} else {
			if (views->len > 1)
				printf("%s==> %s <==\n", i ? "\n" : "", v->name);
			fputs(text ? text : "", stdout);
		}
	}
	if (json) {
		json_builder_end_array(b);
		cli_json_areas(b, cs.sim);
		json_builder_set_member_name(b, "diagnostics");
		json_builder_begin_array(b);
		for (guint i = 0; i < cs.diags->len; i++)
			cli_json_str(b, NULL, g_array_index(cs.diags, struct cli_diag, i).text);
		json_builder_end_array(b);
		cli_json_end(b, stdout, true);
	} else {
		fflush(stdout);
		cli_sim_flush_diags(&cs);
	}
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	if (json)
		cli_json_usage_error("show", cs.msgs->str);
out:
	if (cs.msgs)
		g_string_free(cs.msgs, TRUE);
	cli_sim_free(&cs);
	cli_opts_clear(&o);
	g_ptr_array_free(views, TRUE);
	if (texts)
		g_ptr_array_free(texts, TRUE);
	g_option_context_free(ctx);
	g_free(names);
	g_free(summary);
	return rc;
}
