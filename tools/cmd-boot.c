// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim boot: build a machine (the default one, a qemu pc-like (x86) or
 * virt-like (arm64) one of --mem/--nodes, one read from a real boot log,
 * or an arm64 one from a device tree with --dtb), boot it, print the
 * simulated dmesg without timestamps, with --dtb the reserved-memory
 * regions and the devices bound to them ("@@@@@ BEGIN RESERVED_MEMORY
 * @@@@@"), then each --show view under
 * "@@@@@ BEGIN NAME @@@@@" / "@@@@@ END NAME @@@@@" lines, as the oracle
 * captures frame them, then the --do steps ("PATH: CONTENT" per read,
 * "PATH: error -ERRNO" per failed step).  Diagnostics go to stderr
 * prefixed "cmasim: ": the boot's after the views, each step's right
 * after the step.  --until memblock|zones|full stops the boot after
 * that stage (docs/boot.md); the /proc views and the --do steps need the
 * running allocator, so they go with the full boot only.  --explain puts
 * under each CMA outcome line why the area landed there, and the boot's
 * diagnostics next to the line they came with; --json prints one
 * document instead (docs/json.md).  Exit status: 0 booted, 1 the boot
 * failed, 2 bad usage.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static void out_stdout(const char *text, void *data)
{
	fputs(text, stdout);
}

static const struct {
	const char *name;
	const char *path;
	const char *section;
} views[] = {
	{ "meminfo", "/proc/meminfo", "PROC_MEMINFO" },
	{ "buddyinfo", "/proc/buddyinfo", "PROC_BUDDYINFO" },
	{ "pagetypeinfo", "/proc/pagetypeinfo", "PROC_PAGETYPEINFO" },
	{ "zoneinfo", "/proc/zoneinfo", "PROC_ZONEINFO" },
};

/*
 * A --do step: "write PATH VALUE" or "read PATH".  With @write/@path/
 * @value NULL it only checks the syntax.  *path and *value are
 * allocated (g_free them).
 */
static bool parse_step(const char *step, bool *write, char **path,
		       char **value)
{
	gchar **w = g_strsplit_set(step, " \t", -1);
	gchar *tok[4] = { NULL };
	int n = 0;
	bool ok;

	for (gchar **p = w; *p; p++)
		if (**p && n < 4)
			tok[n++] = *p;
	ok = (n == 3 && !strcmp(tok[0], "write") && tok[1][0] == '/') ||
	     (n == 2 && !strcmp(tok[0], "read") && tok[1][0] == '/');
	if (ok && write) {
		*write = !strcmp(tok[0], "write");
		*path = g_strdup(tok[1]);
		*value = *write ? g_strdup(tok[2]) : NULL;
	}
	g_strfreev(w);
	return ok;
}

/*
 * Run the --do steps in order after boot.  Kernel messages a step logs
 * are printed as they appear; then a read prints one line "PATH: CONTENT"
 * with every newline of the content turned into a space, and a failed
 * read or write prints "PATH: error -ERRNO"; the step's diagnostics go
 * to stderr right after it.  A failed step does not stop the others: it
 * is a result, not a usage error.  With @b, each step is a member of
 * "steps" instead, its error explained in words.
 */
static void run_steps(struct cli_sim *cs, char **steps, JsonBuilder *b)
{
	struct cmasim *sim = cs->sim;

	if (b) {
		json_builder_set_member_name(b, "steps");
		json_builder_begin_array(b);
	}
	for (char **d = steps; d && *d; d++) {
		size_t seen = cmasim_dmesg_count(sim);
		guint diags = cs->diags->len;
		GString *buf = g_string_new(NULL);
		char *path = NULL, *value = NULL;
		bool write = false;
		int r;

		parse_step(*d, &write, &path, &value);
		if (write)
			r = cmasim_file_write(sim, path, value);
		else
			r = cmasim_file_read(sim, path, cli_collect, buf);
		if (b) {
			json_builder_begin_object(b);
			cli_json_str(b, "step", *d);
			cli_json_str(b, "op", write ? "write" : "read");
			cli_json_str(b, "path", path);
			if (write)
				cli_json_str(b, "value", value);
			cli_json_bool(b, "ok", !r);
			if (r) {
				gchar *msg = cli_file_error(sim, path, r);

				cli_json_error(b, "error", r, msg);
				g_free(msg);
			} else if (!write) {
				cli_json_str(b, "content", buf->str);
			}
			json_builder_set_member_name(b, "dmesg");
			json_builder_begin_array(b);
			for (size_t i = seen; i < cmasim_dmesg_count(sim); i++)
				cli_json_str(b, NULL, cmasim_dmesg_line(sim, i, NULL));
			json_builder_end_array(b);
			json_builder_set_member_name(b, "diagnostics");
			json_builder_begin_array(b);
			for (guint i = diags; i < cs->diags->len; i++)
				cli_json_str(b, NULL,
					     g_array_index(cs->diags, struct cli_diag, i).text);
			json_builder_end_array(b);
			json_builder_end_object(b);
		} else {
			for (size_t i = seen; i < cmasim_dmesg_count(sim); i++)
				printf("%s\n", cmasim_dmesg_line(sim, i, NULL));
			if (r) {
				printf("%s: error %d\n", path, r);
			} else if (!write) {
				for (gsize i = 0; i < buf->len; i++)
					if (buf->str[i] == '\n')
						buf->str[i] = ' ';
				printf("%s: %s\n", path, buf->str);
			}
			cli_sim_flush_diags(cs);
		}
		g_string_free(buf, TRUE);
		g_free(path);
		g_free(value);
	}
	if (b)
		json_builder_end_array(b);
}

static int check_shows(struct cli_sim *cs, char **shows, int *which,
		       int max, int *n)
{
	*n = 0;
	for (char **s = shows; s && *s; s++) {
		gchar **parts = g_strsplit(*s, ",", -1);

		for (gchar **p = parts; *p; p++) {
			size_t i;

			if (!**p)
				continue;
			for (i = 0; i < G_N_ELEMENTS(views); i++)
				if (!strcmp(*p, views[i].name))
					break;
			if (i == G_N_ELEMENTS(views) || *n >= max) {
				cli_msg(cs, "--show %s: expected meminfo, pagetypeinfo, buddyinfo or zoneinfo (cmasim show has more views)",
					*p);
				g_strfreev(parts);
				return -EINVAL;
			}
			which[(*n)++] = (int)i;
		}
		g_strfreev(parts);
	}
	return 0;
}

/* A size as "64 MiB", "1008 KiB" or "4096 bytes". */
static void print_size(uint64_t bytes)
{
	if (bytes && !(bytes % (UINT64_C(1) << 20)))
		printf("%" PRIu64 " MiB", bytes >> 20);
	else if (bytes && !(bytes % 1024))
		printf("%" PRIu64 " KiB", bytes >> 10);
	else
		printf("%" PRIu64 " bytes", bytes);
}

static const char *const rmem_kinds[] = {
	[CMASIM_RMEM_RESERVED] = "reserved",
	[CMASIM_RMEM_NOMAP] = "no-map",
	[CMASIM_RMEM_CMA] = "cma",
	[CMASIM_RMEM_COHERENT] = "coherent",
	[CMASIM_RMEM_RESTRICTED] = "restricted-dma",
	[CMASIM_RMEM_FAILED] = "failed",
};

struct rmem_walk {
	const struct cmasim *sim;
	const char *region;	/* the devices of this region */
	bool bound;		/* ... that bound (else the others) */
	JsonBuilder *b;
};

static int print_device(const struct cmasim_dt_device_info *d, void *data)
{
	const struct rmem_walk *w = data;

	if (w->b) {
		if (!w->bound && d->err) {
			json_builder_begin_object(w->b);
			cli_json_str(w->b, "name", d->name);
			cli_json_str(w->b, "node", d->node);
			cli_json_str(w->b, "region", d->region);
			cli_json_int(w->b, "errno", d->err);
			json_builder_end_object(w->b);
		} else if (w->bound && !d->err && d->region &&
			   !strcmp(d->region, w->region)) {
			cli_json_str(w->b, NULL, d->name);
		}
		return 0;
	}
	if (w->bound) {
		if (d->err || !d->region || strcmp(d->region, w->region))
			return 0;
		printf("  device %s (%s)%s\n", d->name, d->node,
		       d->dma_coherent ? " dma-coherent" : "");
	} else if (d->err) {
		printf("unbound device %s (%s): memory-region %s: error %d%s\n",
		       d->name, d->node, d->region ? d->region : "(none)",
		       d->err, d->err == -EINVAL ?
		       " (nothing to bind: its driver maps the region itself)" :
		       "");
	}
	return 0;
}

static int print_rmem(const struct cmasim_rmem_info *r, void *data)
{
	struct rmem_walk w = *(const struct rmem_walk *)data;

	w.region = r->name;
	w.bound = true;
	if (w.b) {
		json_builder_begin_object(w.b);
		cli_json_str(w.b, "name", r->name);
		cli_json_str(w.b, "path", r->path);
		cli_json_int(w.b, "base", (int64_t)r->base);
		cli_json_int(w.b, "size", (int64_t)r->size);
		cli_json_str(w.b, "kind", rmem_kinds[r->kind]);
		cli_json_int(w.b, "init_errno", r->init_err);
		cli_json_bool(w.b, "reserve_failed", r->reserve_failed);
		cli_json_str(w.b, "cma_area",
			     r->kind == CMASIM_RMEM_CMA ?
			     cmasim_cma_get_name(r->cma) : NULL);
		json_builder_set_member_name(w.b, "devices");
		json_builder_begin_array(w.b);
		cmasim_for_each_dt_device(w.sim, print_device, &w);
		json_builder_end_array(w.b);
		json_builder_end_object(w.b);
		return 0;
	}
	printf("%s: 0x%016" PRIx64 " ", r->name, (uint64_t)r->base);
	print_size(r->size);
	printf(" %s", rmem_kinds[r->kind]);
	if (r->kind == CMASIM_RMEM_FAILED)
		printf(" (error %d, given back)", r->init_err);
	if (r->kind == CMASIM_RMEM_CMA)
		printf(" (area %s)", cmasim_cma_get_name(r->cma));
	if (r->kind == CMASIM_RMEM_COHERENT && r->pool_pages)
		printf(" (pool of %" PRIu64 " pages, %" PRIu64 " in use)",
		       r->pool_pages, r->pool_used_pages);
	if (r->reserve_failed)
		printf(" (reservation failed)");
	printf("\n");
	cmasim_for_each_dt_device(w.sim, print_device, &w);
	return 0;
}

/* The regions of the device tree and the devices bound to each. */
static void print_reserved_memory(const struct cmasim *sim, JsonBuilder *b)
{
	struct rmem_walk w = { .sim = sim, .b = b };

	if (b) {
		json_builder_set_member_name(b, "reserved_memory");
		json_builder_begin_array(b);
		cmasim_for_each_rmem(sim, print_rmem, &w);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "unbound_devices");
		json_builder_begin_array(b);
		cmasim_for_each_dt_device(sim, print_device, &w);
		json_builder_end_array(b);
		return;
	}
	printf("@@@@@ BEGIN RESERVED_MEMORY @@@@@\n");
	cmasim_for_each_rmem(sim, print_rmem, &w);
	w.bound = false;
	cmasim_for_each_dt_device(sim, print_device, &w);
	printf("@@@@@ END RESERVED_MEMORY @@@@@\n");
}

/*
 * The dmesg with, under each CMA outcome line, why the area landed
 * there ("  why: "), and each diagnostic ("  note: ") after the line it
 * came with.  What explains a line that dropped out of the ring comes
 * first.
 */
static void print_explained(struct cli_sim *cs)
{
	struct cmasim *sim = cs->sim;
	uint64_t first = cli_sim_first_seq(cs);
	size_t n = cmasim_dmesg_count(sim);
	guint d = 0, p = 0;

	for (size_t i = 0; i <= n; i++) {
		uint64_t seq = first + i;

		/* diagnostics made before this line */
		for (; d < cs->diags->len; d++) {
			const struct cli_diag *dg = &g_array_index(cs->diags,
							struct cli_diag, d);

			if (dg->seq > seq)
				break;
			printf("  note: %s\n", dg->text);
		}
		if (i < n)
			printf("%s\n", cmasim_dmesg_line(sim, i, NULL));
		/* the records this line reports (or made before it) */
		for (; p < cs->placement_seq->len; p++) {
			struct cmasim_cma_placement pl;
			GPtrArray *why;

			if (g_array_index(cs->placement_seq, uint64_t, p) > seq)
				break;
			if (cmasim_cma_placement(sim, p, &pl))
				break;
			why = cli_explain_placement(sim, &pl);
			for (guint k = 0; k < why->len; k++)
				printf("  why: %s\n", (char *)g_ptr_array_index(why, k));
			g_ptr_array_free(why, TRUE);
		}
	}
	/* the diagnostics are shown: do not print them again on stderr */
	cs->diags_printed = cs->diags->len;
}

int cli_boot(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	gchar **shows = NULL, **dos = NULL;
	gboolean explain = FALSE, json = FALSE;
	GOptionEntry entries[] = {
		{ "show", 0, 0, G_OPTION_ARG_STRING_ARRAY, &shows, "views to print after dmesg: meminfo,pagetypeinfo,buddyinfo,zoneinfo", "LIST" },
		{ "do", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dos, "a runtime step after boot ('write PATH VALUE', 'read PATH')", "STEP" },
		{ "explain", 0, 0, G_OPTION_ARG_NONE, &explain, "under each CMA line, why the area landed there; the diagnostics next to their line", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "print one JSON document (docs/json.md)", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot a simulated machine and print its dmesg");
	struct cli_sim cs = { .cmd = "boot", .hold_diags = true };
	GError *err = NULL;
	int which[16], nshow = 0;
	JsonBuilder *b = NULL;
	int rc = CLI_EXIT_USAGE;

	cli_opts_add_entries(ctx, &o, true);
	cli_trace_add_entries(ctx, &o);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, CLI_EXIT_HELP);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		fprintf(stderr, "cmasim boot: %s\n", err->message);
		if (json)
			cli_json_usage_error("boot", err->message);
		g_error_free(err);
		goto out;
	}
	if (json)
		cs.msgs = g_string_new(NULL);
	if (argc > 1) {
		cli_msg(&cs, "unexpected argument '%s'", argv[1]);
		goto usage;
	}
	if (check_shows(&cs, shows, which, (int)G_N_ELEMENTS(which), &nshow))
		goto usage;
	if (o.until && strcmp(o.until, "full") && (nshow || dos) &&
	    (!strcmp(o.until, "memblock") || !strcmp(o.until, "zones"))) {
		cli_msg(&cs, "--until %s: --show and --do need the full boot",
			o.until);
		goto usage;
	}
	for (gchar **d = dos; d && *d; d++) {
		if (!parse_step(*d, NULL, NULL, NULL)) {
			cli_msg(&cs, "--do '%s': expected 'write PATH VALUE' or 'read PATH'",
				*d);
			goto usage;
		}
	}
	rc = cli_sim_boot(&cs, &o);
	if (rc == CLI_EXIT_USAGE)
		goto usage;
	if (!cs.sim) {
		/* no instance to report on: the machine could not be made */
		if (json) {
			b = cli_json_begin("boot");
			cli_json_int(b, "exit", rc);
			g_strchomp(cs.msgs->str);
			cli_json_error(b, "error", 0, cs.msgs->str);
			cli_json_end(b, stdout, true);
		}
		goto out;
	}

	if (json) {
		b = cli_json_begin("boot");
		cli_json_int(b, "exit", rc);
		cli_json_machine(b, &cs, &o);
		cli_json_boot(b, &cs);
		if (!cs.boot_err && o.dtb)
			print_reserved_memory(cs.sim, b);
		json_builder_set_member_name(b, "views");
		json_builder_begin_array(b);
		for (int i = 0; !cs.boot_err && i < nshow; i++) {
			const char *path = views[which[i]].path;
			int r;
			gchar *text = cli_read_file(cs.sim, path, &r);

			json_builder_begin_object(b);
			cli_json_str(b, "name", views[which[i]].name);
			cli_json_str(b, "path", path);
			cli_json_str(b, "text", text);
			json_builder_end_object(b);
			g_free(text);
		}
		json_builder_end_array(b);
		if (!cs.boot_err)
			run_steps(&cs, dos, b);
		cli_json_log(b, &cs);
		cli_json_areas(b, cs.sim);
		cli_json_counters(b, cs.sim);
		cli_json_end(b, stdout, true);
		goto out;
	}

	if (explain)
		print_explained(&cs);
	else
		cmasim_dmesg_print(cs.sim, stdout);
	if (!cs.boot_err && o.dtb)
		print_reserved_memory(cs.sim, NULL);
	for (int i = 0; !cs.boot_err && i < nshow; i++) {
		const char *sec = views[which[i]].section;
		int r;

		printf("@@@@@ BEGIN %s @@@@@\n", sec);
		fflush(stdout);
		r = cmasim_file_read(cs.sim, views[which[i]].path, out_stdout,
				     NULL);
		if (r) {
			fprintf(stderr, "cmasim: %s: %s\n",
				views[which[i]].path, g_strerror(-r));
			cs.boot_err = r;
		}
		printf("@@@@@ END %s @@@@@\n", sec);
	}
	if (!cs.boot_err)
		run_steps(&cs, dos, NULL);
	fflush(stdout);
	cli_sim_flush_diags(&cs);
	if (cs.boot_err) {
		fprintf(stderr, "cmasim: boot failed: %s\n",
			g_strerror(-cs.boot_err));
		rc = CLI_EXIT_FAIL;
	}
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	if (json)
		cli_json_usage_error("boot", cs.msgs->str);
out:
	if (cs.msgs)
		g_string_free(cs.msgs, TRUE);
	cli_sim_free(&cs);
	cli_opts_clear(&o);
	g_option_context_free(ctx);
	g_strfreev(shows);
	g_strfreev(dos);
	return rc;
}
