// SPDX-License-Identifier: GPL-2.0-only
/*
 * --json: every subcommand writes one JSON document (sweep one line per
 * run) through json-glib.  The members shared by the subcommands are
 * made here; docs/json.md describes them and the files of docs/schema/ are
 * their JSON Schemas (draft 2020-12), which the tests validate against.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cli.h"

/* JSON strings are UTF-8: a log may hold other bytes. */
void cli_json_str(JsonBuilder *b, const char *member, const char *v)
{
	gchar *valid;

	if (member)
		json_builder_set_member_name(b, member);
	if (!v) {
		json_builder_add_null_value(b);
		return;
	}
	if (g_utf8_validate(v, -1, NULL)) {
		json_builder_add_string_value(b, v);
		return;
	}
	valid = g_utf8_make_valid(v, -1);
	json_builder_add_string_value(b, valid);
	g_free(valid);
}

void cli_json_int(JsonBuilder *b, const char *member, int64_t v)
{
	if (member)
		json_builder_set_member_name(b, member);
	json_builder_add_int_value(b, v);
}

void cli_json_bool(JsonBuilder *b, const char *member, bool v)
{
	if (member)
		json_builder_set_member_name(b, member);
	json_builder_add_boolean_value(b, v);
}

void cli_json_error(JsonBuilder *b, const char *member, int err,
		    const char *message)
{
	json_builder_set_member_name(b, member);
	json_builder_begin_object(b);
	if (err)
		cli_json_int(b, "errno", err);
	cli_json_str(b, "message", message ? message : g_strerror(-err));
	json_builder_end_object(b);
}

JsonBuilder *cli_json_begin(const char *cmd)
{
	JsonBuilder *b = json_builder_new();

	json_builder_begin_object(b);
	cli_json_str(b, "cmasim", CMASIM_VERSION);
	cli_json_str(b, "command", cmd);
	return b;
}

gchar *cli_json_end_string(JsonBuilder *b, bool pretty)
{
	JsonGenerator *g = json_generator_new();
	JsonNode *root;
	gchar *text;

	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	json_generator_set_pretty(g, pretty);
	text = json_generator_to_data(g, NULL);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
	return text;
}

void cli_json_end(JsonBuilder *b, FILE *fp, bool pretty)
{
	gchar *text = cli_json_end_string(b, pretty);

	fprintf(fp, "%s\n", text);
	g_free(text);
}

bool cli_wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			return true;
	return false;
}

void cli_json_usage_error(const char *cmd, const char *message)
{
	JsonBuilder *b = cli_json_begin(cmd);
	gchar *text = g_strdup(message);

	g_strchomp(text);
	cli_json_int(b, "exit", CLI_EXIT_USAGE);
	cli_json_error(b, "error", 0, text);
	cli_json_end(b, stdout, true);
	g_free(text);
}

static const char *stage_name(enum cmasim_boot_stage stage)
{
	switch (stage) {
	case CMASIM_BOOT_MEMBLOCK:
		return "memblock";
	case CMASIM_BOOT_ZONES:
		return "zones";
	default:
		return "full";
	}
}

void cli_json_machine(JsonBuilder *b, const struct cli_sim *cs,
		      const struct cli_opts *o)
{
	gchar *desc = cli_opts_describe(o);

	json_builder_set_member_name(b, "machine");
	json_builder_begin_object(b);
	cli_json_str(b, "options", desc);
	if (cs->sim) {
		cli_json_str(b, "arch", cmasim_arch_name(cmasim_get_arch(cs->sim)));
		cli_json_str(b, "kernel",
			     cmasim_get_kernel(cs->sim) == CMASIM_KERNEL_6_1 ?
			     "6.1" : "6.12");
		cli_json_int(b, "page_size", (int64_t)cmasim_page_size(cs->sim));
	}
	cli_json_str(b, "cmdline", cs->cmdline);
	json_builder_end_object(b);
	g_free(desc);
}

void cli_json_boot(JsonBuilder *b, const struct cli_sim *cs)
{
	json_builder_set_member_name(b, "boot");
	json_builder_begin_object(b);
	cli_json_bool(b, "ok", !cs->boot_err);
	cli_json_str(b, "stage", stage_name(cs->stage));
	if (cs->boot_err)
		cli_json_error(b, "error", cs->boot_err, NULL);
	json_builder_end_object(b);
}

static void json_placement(JsonBuilder *b, struct cmasim *sim,
			   const struct cmasim_cma_placement *pl,
			   int64_t line)
{
	GPtrArray *why = cli_explain_placement(sim, pl);

	json_builder_begin_object(b);
	cli_json_str(b, "name", pl->name);
	cli_json_str(b, "origin", pl->origin == CMASIM_CMA_DECLARED ?
				  "declared" : "prereserved");
	cli_json_int(b, "nid", pl->nid);
	cli_json_int(b, "errno", pl->err);
	cli_json_str(b, "why", pl->why);
	json_builder_set_member_name(b, "request");
	json_builder_begin_object(b);
	cli_json_int(b, "base", (int64_t)pl->req_base);
	cli_json_int(b, "size", (int64_t)pl->req_size);
	cli_json_int(b, "limit", (int64_t)pl->req_limit);
	cli_json_int(b, "alignment", (int64_t)pl->req_alignment);
	cli_json_bool(b, "fixed", pl->req_fixed);
	json_builder_end_object(b);
	cli_json_int(b, "min_alignment", (int64_t)pl->min_alignment);
	cli_json_int(b, "alignment", (int64_t)pl->alignment);
	cli_json_int(b, "base", (int64_t)pl->base);
	cli_json_int(b, "size", (int64_t)pl->size);
	cli_json_int(b, "limit", (int64_t)pl->limit);
	cli_json_bool(b, "fixed", pl->fixed);
	cli_json_int(b, "memblock_end", (int64_t)pl->memblock_end);
	cli_json_int(b, "highmem_start", (int64_t)pl->highmem_start);
	cli_json_bool(b, "memblock_bottom_up", pl->memblock_bottom_up);
	json_builder_set_member_name(b, "passes");
	json_builder_begin_array(b);
	for (unsigned int i = 0; i < pl->nr_passes; i++) {
		const struct cmasim_cma_pass *p = &pl->passes[i];

		json_builder_begin_object(b);
		cli_json_str(b, "kind", cli_pass_name(p->kind));
		cli_json_int(b, "start", (int64_t)p->start);
		cli_json_int(b, "end", (int64_t)p->end);
		cli_json_bool(b, "bottom_up", p->bottom_up);
		cli_json_bool(b, "found", p->found);
		if (p->found)
			cli_json_int(b, "addr", (int64_t)p->addr);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (pl->err)
		cli_json_str(b, "placed", NULL);
	else
		cli_json_int(b, "placed", (int64_t)pl->placed);
	json_builder_set_member_name(b, "dmesg_line");
	if (line >= 0)
		json_builder_add_int_value(b, line);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "explanation");
	json_builder_begin_array(b);
	for (guint i = 0; i < why->len; i++)
		cli_json_str(b, NULL, g_ptr_array_index(why, i));
	json_builder_end_array(b);
	json_builder_end_object(b);
	g_ptr_array_free(why, TRUE);
}

void cli_json_log(JsonBuilder *b, const struct cli_sim *cs)
{
	uint64_t first = cli_sim_first_seq(cs);
	size_t n = cmasim_dmesg_count(cs->sim);

	json_builder_set_member_name(b, "dmesg");
	json_builder_begin_array(b);
	for (size_t i = 0; i < n; i++)
		cli_json_str(b, NULL, cmasim_dmesg_line(cs->sim, i, NULL));
	json_builder_end_array(b);

	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (guint i = 0; i < cs->diags->len; i++) {
		const struct cli_diag *d = &g_array_index(cs->diags,
							  struct cli_diag, i);

		json_builder_begin_object(b);
		cli_json_str(b, "text", d->text);
		/* the dmesg line it came before (n: after the last) */
		cli_json_int(b, "before_dmesg_line",
			     d->seq < first ? 0 : (int64_t)(d->seq - first));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);

	json_builder_set_member_name(b, "placements");
	json_builder_begin_array(b);
	cli_json_placements(b, cs->sim, cs);
	json_builder_end_array(b);
}

void cli_json_placements(JsonBuilder *b, struct cmasim *sim,
			 const struct cli_sim *cs)
{
	uint64_t first = cs ? cli_sim_first_seq(cs) : 0;
	size_t n = cmasim_dmesg_count(sim);
	struct cmasim_cma_placement pl;

	for (guint i = 0; !cmasim_cma_placement(sim, i, &pl); i++) {
		int64_t line = -1;

		if (cs && i < cs->placement_seq->len) {
			uint64_t seq = g_array_index(cs->placement_seq,
						     uint64_t, i);

			if (seq >= first && seq - first < n)
				line = (int64_t)(seq - first);
		}
		json_placement(b, sim, &pl, line);
	}
}

void cli_json_areas(JsonBuilder *b, struct cmasim *sim)
{
	GArray *areas = cli_areas(sim);

	json_builder_set_member_name(b, "cma_areas");
	json_builder_begin_array(b);
	for (guint i = 0; i < areas->len; i++) {
		const struct cli_area *a = &g_array_index(areas, struct cli_area, i);

		json_builder_begin_object(b);
		cli_json_str(b, "name", a->name);
		cli_json_int(b, "base", (int64_t)a->base);
		cli_json_int(b, "size", (int64_t)a->size);
		cli_json_int(b, "pages", (int64_t)(a->size / cmasim_page_size(sim)));
		json_builder_set_member_name(b, "used_pages");
		if (a->used_known)
			json_builder_add_int_value(b, (int64_t)a->used);
		else
			json_builder_add_null_value(b);
		cli_json_str(b, "zone", a->zone);
		cli_json_int(b, "node", a->node);
		cli_json_int(b, "nid", a->nid);
		cli_json_bool(b, "active", a->active);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	g_array_free(areas, TRUE);
}

void cli_json_counters(JsonBuilder *b, struct cmasim *sim)
{
	GPtrArray *mi = cli_meminfo(sim), *pb = cli_pageblocks(sim);

	json_builder_set_member_name(b, "counters");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "meminfo");
	json_builder_begin_object(b);
	for (guint i = 0; mi && i < mi->len; i++) {
		const struct cli_counter *c = g_ptr_array_index(mi, i);

		cli_json_int(b, c->name, c->value);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "pageblocks");
	json_builder_begin_array(b);
	for (guint i = 0; pb && i < pb->len; i++) {
		const struct cli_zone_blocks *z = g_ptr_array_index(pb, i);

		json_builder_begin_object(b);
		cli_json_int(b, "node", z->node);
		cli_json_str(b, "zone", z->zone);
		json_builder_set_member_name(b, "blocks");
		json_builder_begin_object(b);
		for (guint k = 0; k < z->blocks->len; k++) {
			const struct cli_counter *c = g_ptr_array_index(z->blocks, k);

			cli_json_int(b, c->name, c->value);
		}
		json_builder_end_object(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	if (mi)
		g_ptr_array_free(mi, TRUE);
	if (pb)
		g_ptr_array_free(pb, TRUE);
}
