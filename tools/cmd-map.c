// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim map: a picture of physical memory, one cell per pageblock
 * (grouped on large machines), coloured by migratetype and filled by
 * what is in use; CMA areas, reserved regions, no-map ranges and DMA
 * pools outlined and named; zones and nodes labelled.  SVG by default,
 * --text for a terminal, --json for programs.  The machine is the one
 * `cmasim boot` would boot with the same options, or a scenario's after
 * its run or after one of its steps (--scenario FILE --step N).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "view.h"

struct map_args {
	gchar *scenario;
	gint step;			/* -1: after the last step */
	gint line;			/* 0: none */
	gchar *range;
	gint cells;
	gboolean text, json;
	gchar *output;
};

/*
 * Stop the run once the result numbered @step is in, or the first one of
 * the file's line @line.
 */
struct stop {
	int step;
	unsigned int line;
	int seen;
	bool hit;
};

static int count_step(struct cmasim *sim,
		      const struct cmasim_scenario_result *res, void *data)
{
	struct stop *s = data;

	(void)sim;
	s->hit = (s->step >= 0 && s->seen == s->step) ||
		 (s->line && res->line == s->line);
	s->seen++;
	return s->hit ? 1 : 0;
}

/*
 * Run the scenario up to its result @step (all of it for -1) and keep
 * the instance.  CLI_EXIT_OK, CLI_EXIT_FAIL (no machine: the boot
 * failed, or the run has fewer results) or CLI_EXIT_USAGE.
 */
static int run_scenario(struct cli_sim *cs, const struct map_args *a,
			const struct cli_opts *o)
{
	struct cmasim_scenario *sc = NULL;
	struct stop stop = { .step = a->step, .line = (unsigned int)a->line };
	GString *msgs = g_string_new(NULL);
	int ret, rc = CLI_EXIT_USAGE;

	if (cmasim_scenario_load_file(a->scenario, &sc, cli_collect, msgs) ||
	    !cli_scenario_apply(sc, o, msgs)) {
		g_strchomp(msgs->str);
		cli_msg(cs, "%s", msgs->str);
		goto out;
	}
	ret = cmasim_scenario_run(sc, count_step, &stop, &cs->sim);
	rc = CLI_EXIT_OK;
	if (a->step >= 0 && !stop.hit) {
		cli_msg(cs, "%s: --step %d: the run has %d steps (0 is the boot)",
			a->scenario, a->step, stop.seen);
		rc = CLI_EXIT_FAIL;
	} else if (a->line && !stop.hit) {
		cli_msg(cs, "%s: --line %d: no step of that line ran", a->scenario,
			a->line);
		rc = CLI_EXIT_FAIL;
	} else if (!cs->sim || !cmasim_zone_count(cs->sim)) {
		cli_msg(cs, "%s: the machine did not come up: %s",
			a->scenario, g_strerror(ret < 0 ? -ret : EINVAL));
		rc = CLI_EXIT_FAIL;
	}
out:
	cmasim_scenario_destroy(sc);
	g_string_free(msgs, TRUE);
	return rc;
}

static void json_cell(JsonBuilder *b, const struct view_map *m,
		      unsigned int i)
{
	const struct view_cell *c = &m->cells[i];

	json_builder_begin_object(b);
	cli_json_int(b, "pfn", (int64_t)view_cell_pfn(m, i));
	cli_json_str(b, "type", c->online ? view_type_name(view_cell_type(c)) : NULL);
	cli_json_int(b, "online_pages", (int64_t)c->online);
	cli_json_int(b, "free_pages", (int64_t)(c->free + c->pcp));
	cli_json_int(b, "movable_pages", (int64_t)c->movable);
	cli_json_int(b, "unmovable_pages", (int64_t)c->unmovable);
	cli_json_int(b, "pinned_pages", (int64_t)c->pinned);
	cli_json_int(b, "reserved_pages", (int64_t)c->reserved);
	cli_json_int(b, "absent_pages", (int64_t)c->absent);
	cli_json_int(b, "cma_blocked_pages",
		     (int64_t)(c->cma_pinned + c->cma_unmovable));
	cli_json_int(b, "max_free_order", c->max_free_order);
	json_builder_set_member_name(b, "pageblocks");
	json_builder_begin_array(b);
	for (int k = 0; k < VIEW_CELL_ZONES && c->zones[k].zone >= 0; k++) {
		json_builder_begin_object(b);
		cli_json_int(b, "zone", c->zones[k].zone);
		for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
			cli_json_int(b, view_type_name(t), c->zones[k].blocks[t]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static void json_map(JsonBuilder *b, const struct view_map *m)
{
	json_builder_set_member_name(b, "map");
	json_builder_begin_object(b);
	cli_json_str(b, "title", m->title);
	cli_json_int(b, "start", (int64_t)(m->start_pfn * m->page_size));
	cli_json_int(b, "end", (int64_t)(m->end_pfn * m->page_size));
	cli_json_int(b, "pageblock_pages", INT64_C(1) << m->pageblock_order);
	cli_json_int(b, "pageblocks_per_cell", m->pb_per_cell);
	cli_json_int(b, "columns", m->cols);
	json_builder_set_member_name(b, "zones");
	json_builder_begin_array(b);
	for (guint k = 0; k < m->zones->len; k++) {
		const struct view_zone *z = &g_array_index(m->zones,
						struct view_zone, k);

		json_builder_begin_object(b);
		cli_json_int(b, "zone", z->slot);
		cli_json_int(b, "node", z->nid);
		cli_json_str(b, "name", z->name);
		cli_json_int(b, "start", (int64_t)(z->start_pfn * m->page_size));
		cli_json_int(b, "end", (int64_t)(z->end_pfn * m->page_size));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "regions");
	json_builder_begin_array(b);
	for (guint k = 0; k < m->regions->len; k++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, k);

		json_builder_begin_object(b);
		cli_json_str(b, "name", r->name);
		cli_json_str(b, "kind", view_region_kind_name(r->kind));
		cli_json_int(b, "start", (int64_t)(r->start_pfn * m->page_size));
		cli_json_int(b, "end", (int64_t)(r->end_pfn * m->page_size));
		cli_json_str(b, "what", r->what);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "cells");
	json_builder_begin_array(b);
	for (unsigned int i = 0; i < m->nr_cells; i++)
		json_cell(b, m, i);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

/* Write @text to --output, or stdout. */
static int emit(struct cli_sim *cs, const char *output, const GString *text)
{
	GError *err = NULL;

	if (!output) {
		fwrite(text->str, 1, text->len, stdout);
		return CLI_EXIT_OK;
	}
	if (!g_file_set_contents(output, text->str, (gssize)text->len, &err)) {
		cli_msg(cs, "%s", err->message);
		g_error_free(err);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

int cli_map(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	struct map_args a = { .step = -1 };
	GOptionEntry entries[] = {
		{ "scenario", 0, 0, G_OPTION_ARG_FILENAME, &a.scenario, "draw the machine of a scenario file after its run (the machine options override its keys)", "FILE" },
		{ "step", 0, 0, G_OPTION_ARG_INT, &a.step, "with --scenario: after the step numbered N, as cmasim run counts them (0 is the boot; run --html shows the numbers)", "N" },
		{ "line", 0, 0, G_OPTION_ARG_INT, &a.line, "with --scenario: after the step on line L of the file (its first run, in a loop)", "L" },
		{ "range", 0, 0, G_OPTION_ARG_STRING, &a.range, "draw only [START, END), physical addresses (0x40000000-2G)", "START-END" },
		{ "cells", 0, 0, G_OPTION_ARG_INT, &a.cells, "at most N cells: pageblocks are grouped by powers of two to fit (default 4096)", "N" },
		{ "text", 0, 0, G_OPTION_ARG_NONE, &a.text, "one character per cell, for a terminal, with a legend", NULL },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "write the picture to FILE instead of stdout", "FILE" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &a.json, "print one JSON document (docs/json.md): the cells, zones and regions", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- a picture of physical memory by pageblock (SVG, or --text)");
	struct cli_sim cs = { .cmd = "map", .hold_diags = true };
	struct view_map_opts mo = { 0 };
	struct view_map *m = NULL;
	GString *out = g_string_new(NULL);
	GError *err = NULL;
	gchar *why = NULL;
	int rc = CLI_EXIT_USAGE;

	cli_opts_add_entries(ctx, &o, false);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Cells are coloured by migratetype and filled from the bottom by what is in\n"
		"use; CMA areas, reserved regions, no-map ranges and DMA pools are outlined\n"
		"and named; zones and nodes labelled (docs/tutorial.md).");
	g_option_context_set_description(ctx, CLI_EXIT_HELP);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		a.json = cli_wants_json(argc, argv);
		fprintf(stderr, "cmasim map: %s\n", err->message);
		if (a.json)
			cli_json_usage_error("map", err->message);
		g_error_free(err);
		goto out;
	}
	if (a.json)
		cs.msgs = g_string_new(NULL);
	if (argc > 1) {
		cli_msg(&cs, "unexpected argument '%s' (the scenario goes with --scenario)",
			argv[1]);
		goto usage;
	}
	if ((a.step >= 0 || a.line) && !a.scenario) {
		cli_msg(&cs, "--step and --line go with --scenario FILE");
		goto usage;
	}
	if (a.step >= 0 && a.line) {
		cli_msg(&cs, "--step or --line, not both");
		goto usage;
	}
	if (a.line < 0) {
		cli_msg(&cs, "--line %d: a line of the file", a.line);
		goto usage;
	}
	if (a.cells < 0 || (a.cells && a.cells < VIEW_COLS)) {
		cli_msg(&cs, "--cells %d: at least %d", a.cells, VIEW_COLS);
		goto usage;
	}
	if (a.text && a.json) {
		cli_msg(&cs, "--text or --json, not both");
		goto usage;
	}
	rc = a.scenario ? run_scenario(&cs, &a, &o) : cli_sim_boot(&cs, &o);
	if (rc == CLI_EXIT_USAGE)
		goto usage;
	if (rc != CLI_EXIT_OK && cs.boot_err) {
		cli_sim_flush_diags(&cs);
		cli_msg(&cs, "boot failed: %s", g_strerror(-cs.boot_err));
	}
	if (rc != CLI_EXIT_OK)
		goto fail;
	if (a.range && !view_parse_range(cs.sim, a.range, &mo.start_pfn,
					 &mo.end_pfn, &why)) {
		cli_msg(&cs, "%s", why);
		goto usage;
	}
	mo.max_cells = (unsigned int)a.cells;
	if (view_map_build(cs.sim, &mo, &m, &why)) {
		cli_msg(&cs, "--range %s: %s", a.range, why);
		goto usage;
	}
	if (a.json) {
		JsonBuilder *b = cli_json_begin("map");
		gchar *doc;

		cli_json_int(b, "exit", CLI_EXIT_OK);
		if (a.scenario) {
			cli_json_str(b, "scenario", a.scenario);
			cli_json_int(b, "step", a.step);
			if (a.line)
				cli_json_int(b, "line", a.line);
		} else {
			cli_json_machine(b, &cs, &o);
		}
		json_map(b, m);
		doc = cli_json_end_string(b, true);
		g_string_append(out, doc);
		g_free(doc);
	} else if (a.text) {
		view_map_text(m, out);
	} else {
		view_map_svg(m, out);
	}
	rc = emit(&cs, a.output, out);
	goto out;
fail:
	if (a.json) {
		JsonBuilder *b = cli_json_begin("map");

		cli_json_int(b, "exit", rc);
		g_strchomp(cs.msgs->str);
		cli_json_error(b, "error", cs.boot_err, cs.msgs->str);
		cli_json_end(b, stdout, true);
	}
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	if (a.json)
		cli_json_usage_error("map", cs.msgs->str);
out:
	view_map_free(m);
	g_string_free(out, TRUE);
	if (cs.msgs)
		g_string_free(cs.msgs, TRUE);
	cli_sim_free(&cs);
	cli_opts_clear(&o);
	g_free(a.scenario);
	g_free(a.range);
	g_free(a.output);
	g_free(why);
	g_option_context_free(ctx);
	return rc;
}
