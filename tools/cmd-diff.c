// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim diff: boot two machines that differ in kernel version, command
 * line, Kconfig or machine, and show what differs: the dmesg lines (as
 * hunks of a line diff), the CMA areas (base, size, node, side by side)
 * and the counters (/proc/meminfo and the pageblock table of
 * /proc/pagetypeinfo, side by side).  The options before --left/--right
 * apply to both runs; each side's string adds to them.  Without sides,
 * 6.1 is compared with 6.12.  Differences are a result, not a failure:
 * the exit status is 0 either way, and the last line says which.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* Past this many edits the dmesg diff stops refining (one big hunk). */
#define MAX_EDITS 4000

/* ---- A line diff (Myers' greedy O(ND) algorithm) ---- */

enum edit { KEEP, DEL, ADD };

/*
 * The shortest edit script turning @a into @b, as KEEP/DEL/ADD per
 * step, in order; NULL when it needs more than MAX_EDITS edits.
 */
static GArray *line_diff(const char *const *a, int n, const char *const *b,
			 int m)
{
	int max = n + m, off = max + 1;
	GPtrArray *trace = g_ptr_array_new_with_free_func(g_free);
	int *v = g_new0(int, 2 * (size_t)max + 3);
	GArray *script = NULL;
	int d, found = -1;

	for (d = 0; d <= max && d <= MAX_EDITS; d++) {
		g_ptr_array_add(trace, g_memdup2(v, (2 * (size_t)max + 3) * sizeof(int)));
		for (int k = -d; k <= d; k += 2) {
			int x, y;

			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < n && y < m && !strcmp(a[x], b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
		if (found >= 0)
			break;
	}
	if (found < 0)
		goto out;
	/* walk back from (n, m) through the saved frontiers */
	script = g_array_new(FALSE, FALSE, sizeof(enum edit));
	{
		int x = n, y = m;

		for (d = found; d >= 0; d--) {
			const int *vd = g_ptr_array_index(trace, d);
			int k = x - y, pk, px, py;

			if (d == 0) {
				while (x > 0 && y > 0) {
					enum edit e = KEEP;

					g_array_prepend_val(script, e);
					x--;
					y--;
				}
				break;
			}
			if (k == -d || (k != d && vd[off + k - 1] < vd[off + k + 1]))
				pk = k + 1;
			else
				pk = k - 1;
			px = vd[off + pk];
			py = px - pk;
			while (x > px && y > py) {
				enum edit e = KEEP;

				g_array_prepend_val(script, e);
				x--;
				y--;
			}
			{
				enum edit e = x == px ? ADD : DEL;

				g_array_prepend_val(script, e);
			}
			x = px;
			y = py;
		}
	}
out:
	g_ptr_array_free(trace, TRUE);
	g_free(v);
	return script;
}

/* ---- One side ---- */

struct side {
	const char *label;	/* "left", "right" */
	struct cli_opts opts;
	gchar *desc;
	struct cli_sim cs;
	int rc;
	GPtrArray *lines;	/* the dmesg, borrowed from the instance */
	GArray *areas;
	GPtrArray *meminfo;
	GPtrArray *blocks;
};

static void side_load(struct side *s)
{
	s->lines = g_ptr_array_new();
	if (!s->cs.sim)
		return;
	for (size_t i = 0; i < cmasim_dmesg_count(s->cs.sim); i++)
		g_ptr_array_add(s->lines,
				(gpointer)cmasim_dmesg_line(s->cs.sim, i, NULL));
	s->areas = cli_areas(s->cs.sim);
	s->meminfo = cli_meminfo(s->cs.sim);
	s->blocks = cli_pageblocks(s->cs.sim);
}

static void side_free(struct side *s)
{
	if (s->lines)
		g_ptr_array_free(s->lines, TRUE);
	if (s->areas)
		g_array_free(s->areas, TRUE);
	if (s->meminfo)
		g_ptr_array_free(s->meminfo, TRUE);
	if (s->blocks)
		g_ptr_array_free(s->blocks, TRUE);
	cli_sim_free(&s->cs);
	cli_opts_clear(&s->opts);
	g_free(s->desc);
}

/* ---- What differs ---- */

struct hunk {
	int l_start, l_count, r_start, r_count;
};

static GArray *hunks_of(GArray *script)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(struct hunk));
	int x = 0, y = 0;
	guint i = 0;

	while (script && i < script->len) {
		struct hunk cur;

		if (g_array_index(script, enum edit, i) == KEEP) {
			x++;
			y++;
			i++;
			continue;
		}
		cur = (struct hunk){ x, 0, y, 0 };
		for (; i < script->len &&
		       g_array_index(script, enum edit, i) != KEEP; i++) {
			if (g_array_index(script, enum edit, i) == DEL) {
				cur.l_count++;
				x++;
			} else {
				cur.r_count++;
				y++;
			}
		}
		g_array_append_val(h, cur);
	}
	return h;
}

/* One counter of either side, matched by name. */
struct row {
	gchar *name;
	bool has_l, has_r;
	int64_t l, r;
	const char *unit;
};

static void row_free(gpointer p)
{
	struct row *r = p;

	g_free(r->name);
	g_free(r);
}

static struct row *row_get(GPtrArray *rows, GHashTable *idx, const char *name)
{
	struct row *r = g_hash_table_lookup(idx, name);

	if (r)
		return r;
	r = g_new0(struct row, 1);
	r->name = g_strdup(name);
	g_ptr_array_add(rows, r);
	g_hash_table_insert(idx, r->name, r);
	return r;
}

static void add_counters(GPtrArray *rows, GHashTable *idx, GPtrArray *c,
			 const char *prefix, bool left)
{
	for (guint i = 0; c && i < c->len; i++) {
		const struct cli_counter *k = g_ptr_array_index(c, i);
		gchar *name = g_strdup_printf("%s%s", prefix, k->name);
		struct row *r = row_get(rows, idx, name);

		if (left) {
			r->has_l = true;
			r->l = k->value;
		} else {
			r->has_r = true;
			r->r = k->value;
		}
		r->unit = k->unit;
		g_free(name);
	}
}

static void add_blocks(GPtrArray *rows, GHashTable *idx, GPtrArray *z,
		       bool left)
{
	for (guint i = 0; z && i < z->len; i++) {
		const struct cli_zone_blocks *b = g_ptr_array_index(z, i);
		gchar *prefix = g_strdup_printf("Node %d %s ", b->node, b->zone);

		add_counters(rows, idx, b->blocks, prefix, left);
		g_free(prefix);
	}
}

static bool row_differs(const struct row *r)
{
	return r->has_l != r->has_r || r->l != r->r;
}

static const struct cli_area *find_area(GArray *areas, const char *name)
{
	for (guint i = 0; areas && i < areas->len; i++) {
		const struct cli_area *a = &g_array_index(areas, struct cli_area, i);

		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

static bool area_differs(const struct cli_area *l, const struct cli_area *r)
{
	return !l || !r || l->base != r->base || l->size != r->size ||
	       l->node != r->node;
}

/* The names of the areas of both sides, left's order first. */
static GPtrArray *area_names(GArray *l, GArray *r)
{
	GPtrArray *names = g_ptr_array_new();

	for (guint i = 0; l && i < l->len; i++)
		g_ptr_array_add(names, (gpointer)g_array_index(l, struct cli_area, i).name);
	for (guint i = 0; r && i < r->len; i++) {
		const char *n = g_array_index(r, struct cli_area, i).name;

		if (!find_area(l, n))
			g_ptr_array_add(names, (gpointer)n);
	}
	return names;
}

static gchar *area_str(const struct cli_area *a)
{
	gchar *size, *s;

	if (!a)
		return g_strdup("(none)");
	size = cli_size_str(a->size);
	s = g_strdup_printf("0x%016" PRIx64 " %s node %d", a->base, size,
			    a->node);
	g_free(size);
	return s;
}

static void json_area(JsonBuilder *b, const char *member,
		      const struct cli_area *a)
{
	json_builder_set_member_name(b, member);
	if (!a) {
		json_builder_add_null_value(b);
		return;
	}
	json_builder_begin_object(b);
	cli_json_int(b, "base", (int64_t)a->base);
	cli_json_int(b, "size", (int64_t)a->size);
	cli_json_int(b, "node", a->node);
	json_builder_end_object(b);
}

static void json_side(JsonBuilder *b, struct side *s)
{
	json_builder_set_member_name(b, s->label);
	json_builder_begin_object(b);
	cli_json_int(b, "exit", s->rc);
	cli_json_machine(b, &s->cs, &s->opts);
	if (s->cs.sim)
		cli_json_boot(b, &s->cs);
	json_builder_end_object(b);
}

static void print_counter_rows(GPtrArray *rows, const char *title,
			       unsigned int *n)
{
	bool head = false;

	for (guint i = 0; i < rows->len; i++) {
		const struct row *r = g_ptr_array_index(rows, i);
		gchar *l, *rv;

		if (!row_differs(r))
			continue;
		if (!head) {
			printf("--- %s ---\n%-32s %14s %14s %14s\n", title,
			       "NAME", "LEFT", "RIGHT", "CHANGE");
			head = true;
		}
		l = r->has_l ? g_strdup_printf("%" PRId64, r->l) : g_strdup("-");
		rv = r->has_r ? g_strdup_printf("%" PRId64, r->r) : g_strdup("-");
		if (r->has_l && r->has_r)
			printf("%-32s %14s %14s %+14" PRId64 "%s%s\n", r->name,
			       l, rv, r->r - r->l, *r->unit ? " " : "",
			       r->unit);
		else
			printf("%-32s %14s %14s\n", r->name, l, rv);
		g_free(l);
		g_free(rv);
		(*n)++;
	}
}

static void json_counter_rows(JsonBuilder *b, GPtrArray *rows,
			      const char *section)
{
	for (guint i = 0; i < rows->len; i++) {
		const struct row *r = g_ptr_array_index(rows, i);

		if (!row_differs(r))
			continue;
		json_builder_begin_object(b);
		cli_json_str(b, "section", section);
		cli_json_str(b, "name", r->name);
		json_builder_set_member_name(b, "left");
		if (r->has_l)
			json_builder_add_int_value(b, r->l);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "right");
		if (r->has_r)
			json_builder_add_int_value(b, r->r);
		else
			json_builder_add_null_value(b);
		json_builder_end_object(b);
	}
}

int cli_diff(int argc, char **argv)
{
	struct cli_opts common = { 0 };
	gchar *left = NULL, *right = NULL;
	gboolean json = FALSE;
	GOptionEntry entries[] = {
		{ "left", 0, 0, G_OPTION_ARG_STRING, &left, "machine options of the left run, added to the common ones (default: --kernel 6.1 when no side is given)", "OPTS" },
		{ "right", 0, 0, G_OPTION_ARG_STRING, &right, "machine options of the right run (default: --kernel 6.12 when no side is given)", "OPTS" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "print one JSON document (docs/json.md)", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot two machines and show what differs");
	struct side sides[2] = { { .label = "left" }, { .label = "right" } };
	GPtrArray *mrows = g_ptr_array_new_with_free_func(row_free);
	GPtrArray *brows = g_ptr_array_new_with_free_func(row_free);
	GHashTable *midx = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *bidx = g_hash_table_new(g_str_hash, g_str_equal);
	unsigned int n_lines = 0, n_areas = 0, n_counters = 0;
	GArray *script = NULL, *hunks = NULL;
	GPtrArray *names = NULL;
	GString *msgs = g_string_new(NULL);
	JsonBuilder *b = NULL;
	GError *err = NULL;
	int rc = CLI_EXIT_USAGE;
	bool differ;

	cli_opts_add_entries(ctx, &common, true);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"The machine options apply to both runs; --left and --right each add a string of\n"
		"machine options for one side, e.g.\n"
		"  cmasim diff --mem 2G --left '--cmdline cma=64M' --right '--cmdline cma=256M'\n"
		"Without --left and --right, Linux 6.1 is compared with 6.12.");
	g_option_context_set_description(ctx,
		"Exit status: 0 both runs booted, whether or not they differ (the last line says "
		"which), 1 a run's boot failed (the diff is still printed), 2 bad usage or input.");
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		g_string_append_printf(msgs, "%s\n", err->message);
		fprintf(stderr, "cmasim diff: %s\n", err->message);
		g_error_free(err);
		goto usage;
	}
	if (argc > 1) {
		g_string_append_printf(msgs, "unexpected argument '%s' (a side's options go in --left/--right '...')\n",
				       argv[1]);
		fprintf(stderr, "cmasim diff: %s", msgs->str);
		goto usage;
	}
	if (!left && !right) {
		left = g_strdup("--kernel 6.1");
		right = g_strdup("--kernel 6.12");
	}
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];
		const char *text = i ? right : left;
		gchar *what = g_strdup_printf("--%s", s->label), *e = NULL;

		cli_opts_copy(&s->opts, &common);
		if (text && !cli_opts_parse_string(&s->opts, text, what, &e)) {
			g_string_append_printf(msgs, "%s\n", e);
			fprintf(stderr, "cmasim diff: %s\n", e);
			g_free(e);
			g_free(what);
			goto usage;
		}
		g_free(what);
		s->desc = cli_opts_describe(&s->opts);
		s->cs.cmd = i ? "diff, right run" : "diff, left run";
		s->cs.hold_diags = true;
		s->cs.msgs = msgs;
		s->rc = cli_sim_boot(&s->cs, &s->opts);
		if (s->rc == CLI_EXIT_USAGE)
			goto usage;
		side_load(s);
	}

	script = line_diff((const char *const *)sides[0].lines->pdata,
			   (int)sides[0].lines->len,
			   (const char *const *)sides[1].lines->pdata,
			   (int)sides[1].lines->len);
	hunks = hunks_of(script);
	if (!script && (sides[0].lines->len || sides[1].lines->len)) {
		/* too different to refine: one hunk of everything */
		struct hunk all = { 0, (int)sides[0].lines->len, 0,
				    (int)sides[1].lines->len };

		g_array_append_val(hunks, all);
	}
	for (guint i = 0; i < hunks->len; i++) {
		const struct hunk *h = &g_array_index(hunks, struct hunk, i);

		n_lines += (unsigned int)MAX(h->l_count, h->r_count);
	}
	names = area_names(sides[0].areas, sides[1].areas);
	for (guint i = 0; i < names->len; i++)
		n_areas += area_differs(find_area(sides[0].areas, names->pdata[i]),
					find_area(sides[1].areas, names->pdata[i]));
	add_counters(mrows, midx, sides[0].meminfo, "", true);
	add_counters(mrows, midx, sides[1].meminfo, "", false);
	add_blocks(brows, bidx, sides[0].blocks, true);
	add_blocks(brows, bidx, sides[1].blocks, false);
	for (guint i = 0; i < mrows->len; i++)
		n_counters += row_differs(g_ptr_array_index(mrows, i));
	for (guint i = 0; i < brows->len; i++)
		n_counters += row_differs(g_ptr_array_index(brows, i));
	differ = n_lines || n_areas || n_counters;
	rc = sides[0].rc || sides[1].rc ? CLI_EXIT_FAIL : CLI_EXIT_OK;

	if (json) {
		b = cli_json_begin("diff");
		cli_json_int(b, "exit", rc);
		json_side(b, &sides[0]);
		json_side(b, &sides[1]);
		cli_json_bool(b, "differ", differ);
		json_builder_set_member_name(b, "dmesg");
		json_builder_begin_object(b);
		cli_json_int(b, "differing_lines", n_lines);
		json_builder_set_member_name(b, "hunks");
		json_builder_begin_array(b);
		for (guint i = 0; i < hunks->len; i++) {
			const struct hunk *h = &g_array_index(hunks, struct hunk, i);

			json_builder_begin_object(b);
			cli_json_int(b, "left_start", h->l_start);
			cli_json_int(b, "right_start", h->r_start);
			json_builder_set_member_name(b, "left");
			json_builder_begin_array(b);
			for (int k = 0; k < h->l_count; k++)
				cli_json_str(b, NULL, sides[0].lines->pdata[h->l_start + k]);
			json_builder_end_array(b);
			json_builder_set_member_name(b, "right");
			json_builder_begin_array(b);
			for (int k = 0; k < h->r_count; k++)
				cli_json_str(b, NULL, sides[1].lines->pdata[h->r_start + k]);
			json_builder_end_array(b);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "cma_areas");
		json_builder_begin_array(b);
		for (guint i = 0; i < names->len; i++) {
			const struct cli_area *l = find_area(sides[0].areas, names->pdata[i]);
			const struct cli_area *r = find_area(sides[1].areas, names->pdata[i]);

			json_builder_begin_object(b);
			cli_json_str(b, "name", names->pdata[i]);
			json_area(b, "left", l);
			json_area(b, "right", r);
			cli_json_bool(b, "differ", area_differs(l, r));
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "counters");
		json_builder_begin_array(b);
		json_counter_rows(b, mrows, "meminfo");
		json_counter_rows(b, brows, "pageblocks");
		json_builder_end_array(b);
		cli_json_end(b, stdout, true);
		goto out;
	}

	for (int i = 0; i < 2; i++)
		printf("%-6s %s\n       command line: %s\n", i ? "right:" : "left:",
		       *sides[i].desc ? sides[i].desc : "(the defaults)",
		       sides[i].cs.cmdline && *sides[i].cs.cmdline ?
		       sides[i].cs.cmdline : "(empty)");
	for (int i = 0; i < 2; i++)
		if (sides[i].cs.boot_err)
			printf("%s: the boot failed: %s\n", sides[i].label,
			       g_strerror(-sides[i].cs.boot_err));
	if (n_lines)
		printf("--- dmesg: %u line%s differ ---\n", n_lines,
		       n_lines == 1 ? "" : "s");
	for (guint i = 0; i < hunks->len; i++) {
		const struct hunk *h = &g_array_index(hunks, struct hunk, i);

		printf("@@ left %d,%d right %d,%d @@\n", h->l_start + 1,
		       h->l_count, h->r_start + 1, h->r_count);
		for (int k = 0; k < h->l_count; k++)
			printf("- %s\n", (char *)sides[0].lines->pdata[h->l_start + k]);
		for (int k = 0; k < h->r_count; k++)
			printf("+ %s\n", (char *)sides[1].lines->pdata[h->r_start + k]);
	}
	if (n_areas) {
		printf("--- CMA areas ---\n%-16s %-40s %s\n", "NAME", "LEFT", "RIGHT");
		for (guint i = 0; i < names->len; i++) {
			const struct cli_area *l = find_area(sides[0].areas, names->pdata[i]);
			const struct cli_area *r = find_area(sides[1].areas, names->pdata[i]);
			gchar *ls, *rs;

			if (!area_differs(l, r))
				continue;
			ls = area_str(l);
			rs = area_str(r);
			printf("%-16s %-40s %s\n", (char *)names->pdata[i], ls, rs);
			g_free(ls);
			g_free(rs);
		}
	}
	{
		unsigned int dummy = 0;

		print_counter_rows(mrows, "meminfo", &dummy);
		print_counter_rows(brows, "pageblocks", &dummy);
	}
	if (differ)
		printf("The runs differ: %u dmesg line%s, %u CMA area%s, %u counter%s.\n",
		       n_lines, n_lines == 1 ? "" : "s", n_areas,
		       n_areas == 1 ? "" : "s", n_counters,
		       n_counters == 1 ? "" : "s");
	else
		printf("The runs do not differ: same dmesg, CMA areas and counters.\n");
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	if (json)
		cli_json_usage_error("diff", msgs->str);
out:
	for (int i = 0; i < 2; i++)
		side_free(&sides[i]);
	if (names)
		g_ptr_array_free(names, TRUE);
	if (script)
		g_array_free(script, TRUE);
	if (hunks)
		g_array_free(hunks, TRUE);
	g_ptr_array_free(mrows, TRUE);
	g_ptr_array_free(brows, TRUE);
	g_hash_table_destroy(midx);
	g_hash_table_destroy(bidx);
	g_string_free(msgs, TRUE);
	cli_opts_clear(&common);
	g_option_context_free(ctx);
	g_free(left);
	g_free(right);
	return rc;
}
