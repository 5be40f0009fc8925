// SPDX-License-Identifier: GPL-2.0-only
/*
 * Charts of a scenario run, one SVG file each: the free pages by order
 * and the unusable free index per order of every zone, the pageblocks by
 * migratetype, the extfrag events, each CMA area's use and the outcomes
 * of cma_alloc().  The x axis counts the run's results as `cmasim run`
 * prints them (0 is the boot); a step whose cma_alloc() failed is marked
 * on every chart.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "view.h"

#define PW 720			/* plot width */
#define PH 200			/* plot height */
#define PL 70			/* left margin: y labels */
#define PR 200			/* right margin: legend */
#define PT 46			/* top of the first panel */
#define PGAP 56			/* between panels: the panel's title */

struct series {
	gchar *name;
	const char *colour;
	double *y;			/* one per point */
	bool dashed;
};

struct panel {
	gchar *title;
	const char *ylabel;
	bool stacked;			/* areas stacked in series order */
	double ymax;			/* 0: from the data */
	GPtrArray *series;		/* struct series * */
};

struct chart {
	const struct view_run *run;
	GArray *x;			/* double: the result numbers sampled */
	GArray *pts;			/* guint: their step index */
	GPtrArray *panels;
};

static void series_free(gpointer p)
{
	struct series *s = p;

	g_free(s->name);
	g_free(s->y);
	g_free(s);
}

static void panel_free(gpointer p)
{
	struct panel *pn = p;

	g_free(pn->title);
	g_ptr_array_free(pn->series, TRUE);
	g_free(pn);
}

static struct panel *panel_add(struct chart *c, gchar *title,
			       const char *ylabel, bool stacked)
{
	struct panel *p = g_new0(struct panel, 1);

	p->title = title;
	p->ylabel = ylabel;
	p->stacked = stacked;
	p->series = g_ptr_array_new_with_free_func(series_free);
	g_ptr_array_add(c->panels, p);
	return p;
}

static struct series *series_add(const struct chart *c, struct panel *p,
				 gchar *name, const char *colour)
{
	struct series *s = g_new0(struct series, 1);

	s->name = name;
	s->colour = colour;
	s->y = g_new0(double, c->x->len + 1);
	g_ptr_array_add(p->series, s);
	return s;
}

/* The sampled step behind point @k. */
static const struct view_step *pt(const struct chart *c, guint k)
{
	return &g_array_index(c->run->steps, struct view_step,
			      g_array_index(c->pts, guint, k));
}

static void chart_init(struct chart *c, const struct view_run *r)
{
	c->run = r;
	c->x = g_array_new(FALSE, FALSE, sizeof(double));
	c->pts = g_array_new(FALSE, FALSE, sizeof(guint));
	c->panels = g_ptr_array_new_with_free_func(panel_free);
	for (guint i = 0; i < r->steps->len; i++) {
		const struct view_step *st = &g_array_index(r->steps,
						struct view_step, i);
		double x = i;

		if (!st->sampled)
			continue;
		g_array_append_val(c->x, x);
		g_array_append_val(c->pts, i);
	}
}

static void chart_clear(struct chart *c)
{
	g_array_free(c->x, TRUE);
	g_array_free(c->pts, TRUE);
	g_ptr_array_free(c->panels, TRUE);
	c->panels = NULL;
}

/* A "nice" step for about @n ticks up to @max: 1, 2 or 5 times 10^k. */
static double nice_step(double max, int n)
{
	double raw = max / n, p = pow(10, floor(log10(raw))), f = raw / p;

	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void num_label(char *buf, size_t n, double v)
{
	if (fabs(v) >= 1e6)
		snprintf(buf, n, "%gM", v / 1e6);
	else if (fabs(v) >= 1e4)
		snprintf(buf, n, "%gk", v / 1e3);
	else
		snprintf(buf, n, "%g", v);
}

static void text(GString *o, double x, double y, const char *attrs,
		 const char *t)
{
	gchar *e = g_markup_escape_text(t, -1);

	g_string_append_printf(o, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n",
			       x, y, attrs, e);
	g_free(e);
}

/* Steps whose cma_alloc() failed: a red line on every panel. */
static void failure_marks(GString *o, const struct chart *c, double x0,
			  double y0, double xmax)
{
	for (guint i = 0; i < c->run->steps->len; i++) {
		const struct view_step *st = &g_array_index(c->run->steps,
						struct view_step, i);
		double x;
		gchar *t;

		if (!st->cma_alloc || !st->ret)
			continue;
		x = x0 + PW * (double)i / xmax;
		g_string_append_printf(o, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"#e31a1c\" stroke-dasharray=\"3,3\"/>\n",
				       x, y0, y0 + PH);
		t = g_strdup_printf("#%u cma_alloc %d", i, st->ret);
		text(o, x + 3, y0 + 10, "font-size=\"9\" fill=\"#e31a1c\"", t);
		g_free(t);
	}
}

static void draw_panel(GString *o, const struct chart *c,
		       const struct panel *p, double y0, double xmax)
{
	guint n = c->x->len, ns = p->series->len;
	double ymax = p->ymax, step, x0 = PL;
	double *base = g_new0(double, n + 1);

	if (ymax <= 0) {
		for (guint k = 0; k < n; k++) {
			double sum = 0;

			for (guint s = 0; s < ns; s++) {
				const struct series *se = g_ptr_array_index(p->series, s);

				sum = p->stacked ? sum + se->y[k] :
						   MAX(sum, se->y[k]);
			}
			ymax = MAX(ymax, sum);
		}
		if (ymax <= 0)
			ymax = 1;
		step = nice_step(ymax, 4);
		ymax = ceil(ymax / step) * step;
	} else {
		step = nice_step(ymax, 4);
	}
	text(o, x0, y0 - 10, "font-weight=\"bold\"", p->title);
	/* axes and grid */
	for (double v = 0; v <= ymax + step / 2; v += step) {
		double y = y0 + PH - PH * v / ymax;
		char buf[32];

		num_label(buf, sizeof(buf), v);
		g_string_append_printf(o, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#e0e0e0\"/>\n",
				       x0, y, x0 + PW);
		text(o, x0 - 6, y + 4, "text-anchor=\"end\" font-size=\"10\"", buf);
	}
	{
		double xs = nice_step(MAX(xmax, 1), 10);

		xs = MAX(xs, 1);
		for (double v = 0; v <= xmax; v += xs) {
			double x = x0 + PW * v / xmax;
			char buf[32];

			snprintf(buf, sizeof(buf), "%g", v);
			g_string_append_printf(o, "<path d=\"M%.1f %.1fv4\" stroke=\"#616161\"/>\n",
					       x, y0 + PH);
			text(o, x, y0 + PH + 15, "text-anchor=\"middle\" font-size=\"10\"", buf);
		}
	}
	g_string_append_printf(o, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#616161\"/>\n",
			       x0, y0, y0 + PH, x0 + PW);
	{
		gchar *rot = g_strdup_printf("font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\"",
					     y0 + PH / 2.0);

		text(o, 14, y0 + PH / 2.0, rot, p->ylabel);
		g_free(rot);
	}
	/* the series: stacked areas, or lines */
	for (guint s = 0; s < ns; s++) {
		const struct series *se = g_ptr_array_index(p->series, s);
		GString *d = g_string_new(NULL);

		for (guint k = 0; k < n; k++) {
			double x = x0 + PW * g_array_index(c->x, double, k) / xmax;
			double v = (p->stacked ? base[k] : 0) + se->y[k];
			double y = y0 + PH - PH * MIN(v, ymax) / ymax;

			g_string_append_printf(d, "%c%.1f %.1f", k ? 'L' : 'M',
					       x, y);
		}
		if (p->stacked && n) {
			for (guint k = n; k-- > 0;) {
				double x = x0 + PW * g_array_index(c->x, double, k) / xmax;
				double y = y0 + PH - PH * MIN(base[k], ymax) / ymax;

				g_string_append_printf(d, "L%.1f %.1f", x, y);
			}
			g_string_append_printf(o, "<path class=\"series\" data-name=\"%s\" d=\"%sZ\" fill=\"%s\" fill-opacity=\"0.85\" stroke=\"%s\" stroke-width=\"0.5\"/>\n",
					       se->name, d->str, se->colour,
					       se->colour);
			for (guint k = 0; k < n; k++)
				base[k] += se->y[k];
		} else {
			g_string_append_printf(o, "<path class=\"series\" data-name=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s/>\n",
					       se->name, d->str, se->colour,
					       se->dashed ? " stroke-dasharray=\"5,3\"" : "");
		}
		g_string_free(d, TRUE);
		/* the legend, top to bottom as the stack */
		{
			double ly = y0 + 4 + 14.0 * (p->stacked ? ns - 1 - s : s);

			g_string_append_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
					       x0 + PW + 14, ly, se->colour);
			text(o, x0 + PW + 30, ly + 9, "font-size=\"10\"", se->name);
		}
	}
	failure_marks(o, c, x0, y0, xmax);
	g_free(base);
}

/* Write @c's panels as @dir/@file. */
static int chart_write(const struct chart *c, const char *dir,
		       const char *file, const char *title, GPtrArray *written,
		       gchar **err)
{
	GString *o = g_string_new(NULL);
	double h = PT + c->panels->len * (double)(PH + PGAP) + 20;
	double w = PL + PW + PR;
	double xmax = MAX(1, (double)c->run->steps->len - 1);
	gchar *path = g_build_filename(dir, file, NULL), *sub;
	GError *gerr = NULL;
	int ret = 0;

	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
		w, h, w, h);
	text(o, 10, 20, "font-size=\"15\" font-weight=\"bold\"", title);
	sub = g_strdup_printf("%s%s%s; x: the run's steps as cmasim run counts them (0 is the boot)",
			      c->run->name ? c->run->name : c->run->file,
			      c->run->geometry ? ", " : "",
			      c->run->geometry ? c->run->geometry->title : "");
	text(o, 10, 36, "font-size=\"11\"", sub);
	g_free(sub);
	for (guint k = 0; k < c->panels->len; k++)
		draw_panel(o, c, g_ptr_array_index(c->panels, k),
			   PT + 20 + k * (double)(PH + PGAP), xmax);
	g_string_append(o, "</svg>\n");
	if (!g_file_set_contents(path, o->str, (gssize)o->len, &gerr)) {
		*err = g_strdup(gerr->message);
		g_error_free(gerr);
		ret = -EIO;
	} else if (written) {
		g_ptr_array_add(written, g_strdup(path));
	}
	g_free(path);
	g_string_free(o, TRUE);
	return ret;
}

/* ---- The charts ---- */

/* A colour for order @o of @n, dark (order 0) to light. */
static const char *order_colour(unsigned int o, unsigned int n)
{
	static const char *const ramp[] = {
		"#440154", "#482475", "#414487", "#355f8d", "#2a788e",
		"#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26",
		"#fde725", "#fdae61", "#f46d43", "#d73027",
	};

	return ramp[o * (G_N_ELEMENTS(ramp) - 1) / MAX(n - 1, 1)];
}

static const char *area_colour(guint i)
{
	static const char *const c[] = { "#2ca02c", "#1f77b4", "#d62728",
					 "#9467bd", "#ff7f0e", "#8c564b",
					 "#e377c2", "#7f7f7f", "#bcbd22",
					 "#17becf" };

	return c[i % G_N_ELEMENTS(c)];
}

/* Zones with pages the buddy allocator manages: the ones worth a panel. */
static bool zone_charted(const struct view_run *r, guint z)
{
	for (guint k = 0; k < r->steps->len; k++) {
		const struct view_step *st = &g_array_index(r->steps,
						struct view_step, k);

		if (!st->sampled)
			continue;
		for (unsigned int o = 0; o < r->nr_orders; o++)
			if (st->s.free[z * r->nr_orders + o])
				return true;
	}
	return false;
}

static gchar *zone_title(const struct view_run *r, guint z, const char *what)
{
	const struct view_zone *vz = &g_array_index(r->geometry->zones,
						    struct view_zone, z);

	return g_strdup_printf("%s: node %d, zone %s", what, vz->nid, vz->name);
}

static int free_by_order(const struct view_run *r, const char *dir,
			 GPtrArray *written, gchar **err)
{
	struct chart c;
	int ret;

	chart_init(&c, r);
	for (guint z = 0; z < r->geometry->zones->len; z++) {
		struct panel *p;

		if (!zone_charted(r, z))
			continue;
		p = panel_add(&c, zone_title(r, z, "Free pages by the order of their block"),
			      "free pages", true);
		for (unsigned int o = 0; o < r->nr_orders; o++) {
			struct series *s = series_add(&c, p,
				g_strdup_printf("order %u", o),
				order_colour(o, r->nr_orders));

			for (guint k = 0; k < c.x->len; k++)
				s->y[k] = (double)pt(&c, k)->s.free[z * r->nr_orders + o];
		}
	}
	ret = chart_write(&c, dir, "free-pages-by-order.svg",
			  "Free pages by block order (what /proc/buddyinfo counts, in pages)",
			  written, err);
	chart_clear(&c);
	return ret;
}

static int unusable(const struct view_run *r, const char *dir,
		    GPtrArray *written, gchar **err)
{
	struct chart c;
	int ret;

	chart_init(&c, r);
	for (guint z = 0; z < r->geometry->zones->len; z++) {
		struct panel *p;

		if (!zone_charted(r, z))
			continue;
		p = panel_add(&c, zone_title(r, z, "Share of free memory in blocks too small for the order"),
			      "index (0 to 1)", false);
		p->ymax = 1;
		for (unsigned int o = 1; o < r->nr_orders; o++) {
			struct series *s = series_add(&c, p,
				g_strdup_printf("order %u", o),
				order_colour(o, r->nr_orders));

			for (guint k = 0; k < c.x->len; k++)
				s->y[k] = pt(&c, k)->s.unusable[z * r->nr_orders + o] /
					  1000.0;
		}
	}
	ret = chart_write(&c, dir, "unusable-index.svg",
			  "Unusable free space index per order (debugfs extfrag/unusable_index)",
			  written, err);
	chart_clear(&c);
	return ret;
}

static int pageblocks(const struct view_run *r, const char *dir,
		      GPtrArray *written, gchar **err)
{
	struct chart c;
	struct panel *p;
	int ret;

	chart_init(&c, r);
	p = panel_add(&c, g_strdup("Pageblocks by migratetype, all zones"),
		      "pageblocks", true);
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++) {
		struct series *s = series_add(&c, p,
					      g_strdup(view_type_name(t)),
					      view_type_colour(t));

		for (guint k = 0; k < c.x->len; k++)
			s->y[k] = pt(&c, k)->s.blocks[t];
	}
	ret = chart_write(&c, dir, "pageblocks.svg",
			  "Pageblocks by migratetype (/proc/pagetypeinfo, Number of blocks type)",
			  written, err);
	chart_clear(&c);
	return ret;
}

static int extfrag(const struct view_run *r, const char *dir,
		   GPtrArray *written, gchar **err)
{
	struct chart c;
	struct panel *p;
	struct series *s[3];
	int ret;

	chart_init(&c, r);
	p = panel_add(&c, g_strdup("Fallback allocations so far (mm_page_alloc_extfrag)"),
		      "events", false);
	s[0] = series_add(&c, p, g_strdup("all fallbacks"), "#000000");
	s[1] = series_add(&c, p, g_strdup("fragmenting"), "#d62728");
	s[2] = series_add(&c, p, g_strdup("pageblock changed type"), "#1f77b4");
	s[2]->dashed = true;
	for (guint k = 0; k < c.x->len; k++) {
		const struct cmasim_extfrag_stats *e = &pt(&c, k)->s.extfrag;

		s[0]->y[k] = (double)e->events;
		s[1]->y[k] = (double)e->fragmenting;
		s[2]->y[k] = (double)e->change_ownership;
	}
	ret = chart_write(&c, dir, "extfrag.svg",
			  "Fallback allocations: served from another migratetype's free list",
			  written, err);
	chart_clear(&c);
	return ret;
}

static int cma_use(const struct view_run *r, const char *dir,
		   GPtrArray *written, gchar **err)
{
	struct chart c;
	struct panel *p;
	int ret;

	chart_init(&c, r);
	p = panel_add(&c, g_strdup("Share of each CMA area held by cma_alloc() (its bitmap)"),
		      "% of the area", false);
	p->ymax = 100;
	for (guint a = 0; a < r->areas->len; a++) {
		uint64_t count = g_array_index(r->area_count, uint64_t, a);
		struct series *s = series_add(&c, p,
			g_strdup(g_ptr_array_index(r->areas, a)), area_colour(a));

		for (guint k = 0; k < c.x->len; k++)
			s->y[k] = count ? 100.0 * (double)pt(&c, k)->s.cma_used[a] /
					  (double)count : 0;
	}
	ret = chart_write(&c, dir, "cma-utilisation.svg",
			  "CMA area utilisation (debugfs cma/<area>/used over count)",
			  written, err);
	chart_clear(&c);
	return ret;
}

static int cma_outcomes(const struct view_run *r, const char *dir,
			GPtrArray *written, gchar **err)
{
	struct chart c;
	struct panel *p;
	struct series *ok, *fail;
	int ret;

	chart_init(&c, r);
	p = panel_add(&c, g_strdup("cma_alloc() calls so far; a red line marks a step whose cma_alloc() failed"),
		      "calls", false);
	ok = series_add(&c, p, g_strdup("cma_alloc_success"), "#2ca02c");
	fail = series_add(&c, p, g_strdup("cma_alloc_fail"), "#e31a1c");
	for (guint k = 0; k < c.x->len; k++) {
		ok->y[k] = (double)pt(&c, k)->s.cma_success;
		fail->y[k] = (double)pt(&c, k)->s.cma_fail;
	}
	ret = chart_write(&c, dir, "cma-alloc.svg",
			  "cma_alloc() outcomes (/proc/vmstat cma_alloc_success, cma_alloc_fail)",
			  written, err);
	chart_clear(&c);
	return ret;
}

int view_charts_write(const struct view_run *r, const char *dir,
		      GPtrArray *written, gchar **err)
{
	int (*const charts[])(const struct view_run *, const char *,
			      GPtrArray *, gchar **) = {
		free_by_order, unusable, pageblocks, extfrag, cma_use,
		cma_outcomes,
	};

	if (!r->geometry) {
		*err = g_strdup("the machine never came up (the boot failed): nothing to chart");
		return -EINVAL;
	}
	if (g_mkdir_with_parents(dir, 0755)) {
		*err = g_strdup(g_strerror(errno));
		return -EIO;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(charts); i++) {
		int ret = charts[i](r, dir, written, err);

		if (ret)
			return ret;
	}
	return 0;
}
