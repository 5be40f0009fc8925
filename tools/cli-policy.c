// SPDX-License-Identifier: GPL-2.0-only
/*
 * --policy NAME|FILE.so[:ARGS] of cmasim run and cmasim sweep: opening
 * the policies (<cmasim/policy.h>), and what is reported per policy: the
 * success rate of cma_alloc(), its cost in pages migrated, pages dropped,
 * windows and retries (and the cost model's sum), the unusable free
 * index per order of every zone, and the pageblocks by type after each
 * step; as text, as JSON (docs/json.md) and as an SVG chart.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* The names /proc/pagetypeinfo gives the migratetypes. */
static const char *const mt_names[CMASIM_MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

static void collect_line(const char *text, void *data)
{
	g_string_append_printf(data, "%s\n", text);
}

GPtrArray *cli_policies_open(gchar **specs, GString *msgs)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(
		(GDestroyNotify)cmasim_policy_module_close);

	for (gchar **s = specs; s && *s; s++) {
		struct cmasim_policy_module *m = NULL;
		GString *why = g_string_new(NULL);

		if (cmasim_policy_module_open(*s, &m, collect_line, why)) {
			g_string_append_printf(msgs, "--policy %s: %s", *s,
					       why->len ? why->str : "cannot open it\n");
			g_string_free(why, TRUE);
			g_ptr_array_free(v, TRUE);
			return NULL;
		}
		g_string_free(why, TRUE);
		g_ptr_array_add(v, m);
	}
	return v;
}

/* ---- JSON ---- */

static void json_cma(JsonBuilder *b, const struct cmasim_cma_stats *st)
{
	json_builder_set_member_name(b, "cma");
	json_builder_begin_object(b);
	cli_json_int(b, "allocs", (int64_t)st->allocs);
	cli_json_int(b, "allocs_ok", (int64_t)st->allocs_ok);
	json_builder_set_member_name(b, "success_rate");
	if (st->allocs)
		json_builder_add_double_value(b, (double)st->allocs_ok /
						 (double)st->allocs);
	else
		json_builder_add_null_value(b);
	cli_json_int(b, "pages_ok", (int64_t)st->pages_ok);
	cli_json_int(b, "pages_failed", (int64_t)st->pages_failed);
	cli_json_int(b, "windows", (int64_t)st->windows);
	cli_json_int(b, "busy_retries", (int64_t)st->busy_retries);
	cli_json_int(b, "backoff_us", (int64_t)st->backoff_us);
	cli_json_int(b, "pages_migrated", (int64_t)st->pages_migrated);
	cli_json_int(b, "pages_dropped", (int64_t)st->pages_dropped);
	cli_json_int(b, "migrate_failures", (int64_t)st->migrate_failures);
	json_builder_end_object(b);
	cli_json_int(b, "cost", (int64_t)cmasim_policy_cost(st));
}

static void json_blocks(JsonBuilder *b, const uint64_t *blocks)
{
	json_builder_set_member_name(b, "pageblocks");
	json_builder_begin_object(b);
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		cli_json_int(b, mt_names[t], (int64_t)blocks[t]);
	json_builder_end_object(b);
}

static void json_zone(JsonBuilder *b, int nid, const char *name,
		      uint64_t free, const unsigned int *milli,
		      unsigned int nr_orders, const uint64_t *blocks)
{
	json_builder_begin_object(b);
	cli_json_int(b, "node", nid);
	cli_json_str(b, "zone", name);
	cli_json_int(b, "free_pages", (int64_t)free);
	json_builder_set_member_name(b, "unusable_index");
	json_builder_begin_array(b);
	for (unsigned int o = 0; o < nr_orders; o++)
		json_builder_add_double_value(b, milli[o] / 1000.0);
	json_builder_end_array(b);
	json_blocks(b, blocks);
	json_builder_end_object(b);
}

void cli_json_policy_report(JsonBuilder *b, const char *spec,
			    const struct cmasim_policy_report *r)
{
	cli_json_str(b, "policy", r->policy);
	cli_json_str(b, "spec", spec);
	cli_json_str(b, "result", cli_scenario_outcome(r->ret));
	if (r->ret && r->ret != -EDOM)
		cli_json_error(b, "error", r->ret, NULL);
	json_cma(b, &r->cma);
	json_builder_set_member_name(b, "zones");
	json_builder_begin_array(b);
	for (unsigned int z = 0; z < r->nr_zones; z++) {
		const struct cmasim_policy_zone_report *zr = &r->zones[z];

		json_zone(b, zr->nid, zr->name, zr->free, zr->unusable_milli,
			  zr->nr_orders, zr->pageblocks);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "samples");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->nr_samples; i++) {
		const struct cmasim_policy_sample *s = &r->samples[i];

		json_builder_begin_object(b);
		cli_json_int(b, "step", s->result);
		cli_json_int(b, "line", s->line);
		cli_json_int(b, "cma_allocs", (int64_t)s->cma.allocs);
		cli_json_int(b, "cma_allocs_ok", (int64_t)s->cma.allocs_ok);
		cli_json_int(b, "cost", (int64_t)s->cost);
		json_blocks(b, s->pageblocks);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

void cli_json_policy_sim(JsonBuilder *b, const char *spec, struct cmasim *sim)
{
	unsigned int orders = cmasim_max_page_order(sim) + 1;
	struct cmasim_cma_stats st;

	cli_json_str(b, "policy", cmasim_get_policy_name(sim));
	cli_json_str(b, "spec", spec);
	cmasim_cma_get_stats(sim, &st);
	json_cma(b, &st);
	json_builder_set_member_name(b, "zones");
	json_builder_begin_array(b);
	for (unsigned int z = 0; z < cmasim_zone_count(sim); z++) {
		unsigned int milli[CMASIM_POLICY_MAX_ORDERS] = { 0 };
		uint64_t blocks[CMASIM_MIGRATE_TYPES] = { 0 };
		struct cmasim_zone_info info;

		if (cmasim_zone_get(sim, z, &info) || !info.present)
			continue;
		for (unsigned int o = 0; o < orders &&
		     o < CMASIM_POLICY_MAX_ORDERS; o++)
			cmasim_zone_unusable_index(sim, z, o, &milli[o]);
		cmasim_zone_pageblocks(sim, z, blocks);
		json_zone(b, info.nid, info.name, info.free, milli,
			  orders < CMASIM_POLICY_MAX_ORDERS ?
			  orders : CMASIM_POLICY_MAX_ORDERS, blocks);
	}
	json_builder_end_array(b);
}

/* ---- Text ---- */

void cli_print_policy_reports(const struct cmasim_policy_report *const *r,
			      size_t n)
{
	printf("\npolicy comparison (cost: simulated us of cma_alloc work, docs/policies.md)\n");
	printf("%-20s %9s %9s %9s %9s %8s %8s %10s\n", "policy", "cma ok",
	       "migrated", "dropped", "windows", "retries", "backoff",
	       "cost");
	for (size_t i = 0; i < n; i++) {
		const struct cmasim_cma_stats *c = &r[i]->cma;
		gchar *ok = g_strdup_printf("%" PRIu64 "/%" PRIu64,
					    c->allocs_ok, c->allocs);

		printf("%-20s %9s %9" PRIu64 " %9" PRIu64 " %9" PRIu64
		       " %8" PRIu64 " %8" PRIu64 " %10" PRIu64 "\n",
		       r[i]->policy, ok, c->pages_migrated, c->pages_dropped,
		       c->windows, c->busy_retries, c->backoff_us, r[i]->cost);
		g_free(ok);
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t lo = UINT64_MAX, hi = 0;

		for (size_t k = 0; k < r[i]->nr_samples; k++) {
			uint64_t u = r[i]->samples[k].pageblocks[CMASIM_MIGRATE_UNMOVABLE];

			lo = u < lo ? u : lo;
			hi = u > hi ? u : hi;
		}
		printf("%s: unmovable pageblocks %" PRIu64 "..%" PRIu64
		       " over %zu steps, %" PRIu64 " at the end\n",
		       r[i]->policy, r[i]->nr_samples ? lo : 0, hi,
		       r[i]->nr_samples,
		       r[i]->nr_samples ?
		       r[i]->samples[r[i]->nr_samples - 1].pageblocks[CMASIM_MIGRATE_UNMOVABLE] : 0);
		for (unsigned int z = 0; z < r[i]->nr_zones; z++) {
			const struct cmasim_policy_zone_report *zr =
				&r[i]->zones[z];

			printf("  node %d %-8s unusable index by order:", zr->nid,
			       zr->name);
			for (unsigned int o = 0; o < zr->nr_orders; o++)
				printf(" %.3f", zr->unusable_milli[o] / 1000.0);
			printf("\n");
		}
	}
}

/* ---- SVG ---- */

static void write_out(const char *text, void *data)
{
	fputs(text, data);
}

int cli_write_svg(const char *path, const struct cmasim_policy_report *const *r,
		  size_t n, const char *title, GString *msgs)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f) {
		g_string_append_printf(msgs, "--svg %s: %s\n", path,
				       g_strerror(errno));
		return -errno;
	}
	ret = cmasim_policy_write_svg(r, n, title, write_out, f);
	if ((ferror(f) | fclose(f)) && !ret)
		ret = -EIO;
	if (ret)
		g_string_append_printf(msgs, "--svg %s: %s\n", path,
				       g_strerror(-ret));
	return ret;
}
