// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comparing allocation policies on a scenario (<cmasim/policy.h>): run
 * it with a policy installed on its instance before the boot, sample the
 * machine after every step that ran (pageblocks by type, what
 * contiguous allocation cost so far), take every zone's unusable free
 * index per order at the end, and draw reports side by side as an SVG
 * chart.  Like the rest of the scenario layer it drives instances through
 * the public calls only.  Nothing in the kernel mirrors it.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include <cmasim/cmasim.h>

#include "workload/scenario.h"

/* The report with the storage its public view points into. */
struct report {
	struct cmasim_policy_report pub;
	GArray *samples;	/* struct cmasim_policy_sample */
	struct cmasim_policy_zone_report *zones;
	char *policy;
};

struct sampler {
	struct report *r;
	cmasim_scenario_fn fn;
	void *data;
	unsigned int idx;	/* results seen */
};

/* Every zone's pageblocks, by type. */
static void machine_pageblocks(const struct cmasim *sim,
			       uint64_t out[CMASIM_MIGRATE_TYPES])
{
	unsigned int nr = cmasim_zone_count(sim);
	uint64_t c[CMASIM_MIGRATE_TYPES];

	memset(out, 0, sizeof(uint64_t) * CMASIM_MIGRATE_TYPES);
	for (unsigned int z = 0; z < nr; z++) {
		if (cmasim_zone_pageblocks(sim, z, c))
			continue;
		for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
			out[t] += c[t];
	}
}

static int sample(struct cmasim *sim, const struct cmasim_scenario_result *res,
		  void *data)
{
	struct sampler *sp = data;
	struct cmasim_policy_sample s;

	if (sim && !res->skipped) {
		memset(&s, 0, sizeof(s));
		s.result = sp->idx;
		s.line = res->line;
		machine_pageblocks(sim, s.pageblocks);
		cmasim_cma_get_stats(sim, &s.cma);
		s.cost = cmasim_policy_cost(&s.cma);
		g_array_append_val(sp->r->samples, s);
	}
	sp->idx++;
	return sp->fn ? sp->fn(sim, res, sp->data) : 0;
}

/* The zones with memory at the end of the run. */
static void take_zones(struct report *r, struct cmasim *sim)
{
	unsigned int nr = cmasim_zone_count(sim), n = 0;
	unsigned int orders = cmasim_max_page_order(sim) + 1;

	r->zones = g_new0(struct cmasim_policy_zone_report, nr ? nr : 1);
	for (unsigned int z = 0; z < nr; z++) {
		struct cmasim_policy_zone_report *zr = &r->zones[n];
		struct cmasim_zone_info info;

		if (cmasim_zone_get(sim, z, &info) || !info.present)
			continue;
		zr->nid = info.nid;
		zr->name = g_strdup(info.name);
		zr->nr_orders = orders < CMASIM_POLICY_MAX_ORDERS ?
				orders : CMASIM_POLICY_MAX_ORDERS;
		for (unsigned int o = 0; o < zr->nr_orders; o++)
			cmasim_zone_unusable_index(sim, z, o,
						   &zr->unusable_milli[o]);
		cmasim_zone_pageblocks(sim, z, zr->pageblocks);
		zr->free = info.free;
		n++;
	}
	r->pub.nr_zones = n;
	r->pub.zones = r->zones;
}

int cmasim_policy_run_scenario(struct cmasim_scenario *sc,
			       const struct cmasim_policy *policy,
			       cmasim_scenario_fn fn, void *data,
			       struct cmasim_policy_report **out)
{
	struct cmasim *sim = NULL;
	struct sampler sp = { .fn = fn, .data = data };
	const struct cmasim_policy *was;
	struct report *r;
	int ret;

	if (!sc || !out)
		return -EINVAL;
	r = g_new0(struct report, 1);
	r->samples = g_array_new(FALSE, FALSE,
				 sizeof(struct cmasim_policy_sample));
	sp.r = r;
	was = sc->policy;
	sc->policy = policy;
	ret = cmasim_scenario_run(sc, sample, &sp, &sim);
	sc->policy = was;
	if (!sim) {
		cmasim_policy_report_destroy(&r->pub);
		return ret;
	}
	r->policy = g_strdup(cmasim_get_policy_name(sim));
	r->pub.policy = r->policy;
	r->pub.ret = ret;
	cmasim_cma_get_stats(sim, &r->pub.cma);
	r->pub.cost = cmasim_policy_cost(&r->pub.cma);
	r->pub.nr_samples = r->samples->len;
	r->pub.samples = (const struct cmasim_policy_sample *)r->samples->data;
	take_zones(r, sim);
	cmasim_destroy(sim);
	*out = &r->pub;
	return ret;
}

void cmasim_policy_report_destroy(struct cmasim_policy_report *pub)
{
	struct report *r = (struct report *)pub;

	if (!r)
		return;
	g_array_free(r->samples, TRUE);
	for (unsigned int z = 0; z < r->pub.nr_zones; z++)
		g_free((char *)r->zones[z].name);
	g_free(r->zones);
	g_free(r->policy);
	g_free(r);
}

/* ---- The chart ---- */

#define SVG_W		800
#define SVG_PAD		16
#define BAR_H		22
#define BAR_LABEL_W	180
#define LINE_H		220

/* The cost model's terms, in the order the bars stack them. */
static const struct {
	const char *label;
	const char *color;
} terms[] = {
	{ "pages migrated", "#d95f02" },
	{ "pages dropped", "#1b9e77" },
	{ "failed windows", "#7570b3" },
	{ "failed migrations", "#e7298a" },
	{ "back-off", "#666666" },
};

static const char *const line_colors[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
	"#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e",
};

static void term_costs(const struct cmasim_cma_stats *st, uint64_t c[5])
{
	c[0] = CMASIM_POLICY_COST_MIGRATE_PAGE * st->pages_migrated;
	c[1] = CMASIM_POLICY_COST_DROP_PAGE * st->pages_dropped;
	c[2] = CMASIM_POLICY_COST_FAILED_WINDOW *
	       (st->windows > st->allocs_ok ? st->windows - st->allocs_ok : 0);
	c[3] = CMASIM_POLICY_COST_MIGRATE_FAIL * st->migrate_failures;
	c[4] = st->backoff_us;
}

/* Text for an SVG text node: &, < and > escaped. */
static void put_text(GString *s, const char *text)
{
	for (; *text; text++) {
		if (*text == '&')
			g_string_append(s, "&amp;");
		else if (*text == '<')
			g_string_append(s, "&lt;");
		else if (*text == '>')
			g_string_append(s, "&gt;");
		else
			g_string_append_c(s, *text);
	}
}

static void text_at(GString *s, int x, int y, const char *anchor,
		    const char *text)
{
	g_string_append_printf(s, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">",
			       x, y, anchor);
	put_text(s, text);
	g_string_append(s, "</text>\n");
}

static void cost_panel(GString *s, const struct cmasim_policy_report *const *r,
		       size_t n, int y0)
{
	int bar_w = SVG_W - 2 * SVG_PAD - BAR_LABEL_W - 150;
	uint64_t max = 1;
	char buf[160];

	for (size_t i = 0; i < n; i++)
		max = r[i]->cost > max ? r[i]->cost : max;
	text_at(s, SVG_PAD, y0, "start",
		"cma_alloc() cost (simulated microseconds) and success");
	y0 += 10;
	for (size_t i = 0; i < n; i++) {
		int y = y0 + (int)i * (BAR_H + 8), x = SVG_PAD + BAR_LABEL_W;
		uint64_t c[5];

		text_at(s, SVG_PAD + BAR_LABEL_W - 6, y + BAR_H - 6, "end",
			r[i]->policy);
		term_costs(&r[i]->cma, c);
		for (size_t t = 0; t < G_N_ELEMENTS(terms); t++) {
			int w = (int)((double)c[t] / (double)max * bar_w + 0.5);

			if (!w)
				continue;
			g_string_append_printf(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
					       x, y, w, BAR_H, terms[t].color);
			x += w;
		}
		snprintf(buf, sizeof(buf), "%" PRIu64 " (%" PRIu64 "/%" PRIu64 " ok)",
			 r[i]->cost, r[i]->cma.allocs_ok, r[i]->cma.allocs);
		text_at(s, x + 6, y + BAR_H - 6, "start", buf);
	}
	y0 += (int)n * (BAR_H + 8) + 12;
	for (size_t t = 0, x = SVG_PAD + BAR_LABEL_W; t < G_N_ELEMENTS(terms);
	     t++, x += 120) {
		g_string_append_printf(s, "<rect x=\"%zu\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
				       x, y0 - 10, terms[t].color);
		text_at(s, (int)x + 16, y0, "start", terms[t].label);
	}
}

static void line_panel(GString *s, const struct cmasim_policy_report *const *r,
		       size_t n, int y0)
{
	int x0 = SVG_PAD + 60, w = SVG_W - x0 - SVG_PAD, h = LINE_H;
	size_t steps = 1;
	uint64_t max = 1;
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		steps = r[i]->nr_samples > steps ? r[i]->nr_samples : steps;
		for (size_t k = 0; k < r[i]->nr_samples; k++) {
			uint64_t u = r[i]->samples[k].pageblocks[CMASIM_MIGRATE_UNMOVABLE];

			max = u > max ? u : max;
		}
	}
	text_at(s, SVG_PAD, y0, "start", "Unmovable pageblocks after each step");
	y0 += 12;
	g_string_append_printf(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
			       x0, y0, w, h);
	snprintf(buf, sizeof(buf), "%" PRIu64, max);
	text_at(s, x0 - 4, y0 + 10, "end", buf);
	text_at(s, x0 - 4, y0 + h, "end", "0");
	snprintf(buf, sizeof(buf), "step %zu", steps - 1);
	text_at(s, x0 + w, y0 + h + 16, "end", buf);
	for (size_t i = 0; i < n; i++) {
		const char *color = line_colors[i % G_N_ELEMENTS(line_colors)];

		g_string_append_printf(s, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
				       color);
		for (size_t k = 0; k < r[i]->nr_samples; k++) {
			uint64_t u = r[i]->samples[k].pageblocks[CMASIM_MIGRATE_UNMOVABLE];
			double x = x0 + (steps > 1 ? (double)k * w / (double)(steps - 1) : 0);
			double y = y0 + h - (double)u * h / (double)max;

			g_string_append_printf(s, "%s%.1f,%.1f", k ? " " : "",
					       x, y);
		}
		g_string_append(s, "\"/>\n");
		/* the legend: a row under the chart */
		g_string_append_printf(s, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
				       x0 + (int)i * 150, y0 + h + 6, color);
		text_at(s, x0 + 16 + (int)i * 150, y0 + h + 16, "start",
			r[i]->policy);
	}
}

int cmasim_policy_write_svg(const struct cmasim_policy_report *const *r,
			    size_t n, const char *title, cmasim_output_fn out,
			    void *data)
{
	int cost_h, height;
	GString *s;

	if (!r || !out || !n || n > 16)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!r[i])
			return -EINVAL;
	cost_h = 20 + (int)n * (BAR_H + 8) + 30;
	height = SVG_PAD + 24 + cost_h + 30 + LINE_H + 36 + SVG_PAD;
	s = g_string_new(NULL);
	g_string_append_printf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
			       SVG_W, height, SVG_W, height);
	g_string_append_printf(s, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
			       SVG_W, height);
	g_string_append(s, "<g font-size=\"15\" font-weight=\"bold\">\n");
	text_at(s, SVG_PAD, SVG_PAD + 12, "start",
		title ? title : "Allocation policies compared");
	g_string_append(s, "</g>\n");
	cost_panel(s, r, n, SVG_PAD + 44);
	line_panel(s, r, n, SVG_PAD + 44 + cost_h + 20);
	g_string_append(s, "</svg>\n");
	out(s->str, data);
	g_string_free(s, TRUE);
	return 0;
}
