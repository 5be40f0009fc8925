// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory map as SVG: one square per cell in rows of physical
 * addresses, its colour the migratetype of its pageblocks, filled from
 * the bottom by what is in use (allocated in the type's colour, reserved
 * in dark grey) over a pale free part, hatched where there is no memory;
 * a red dot where a CMA pageblock holds a pinned or unmovable page;
 * zones labelled at the right; CMA areas, reserved regions, no-map
 * ranges and DMA pools outlined and named; legends below.  Each cell is a
 * <g class="cell"> whose data-zones attribute gives its pageblocks per
 * zone and migratetype, so that a test can count them.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include <glib.h>

#include "view.h"

#define PITCH 12		/* a cell and its gap */
#define CELL 11
#define LEFT 92			/* address labels */
#define TOP 58			/* title */
#define GUTTER 270		/* zone labels */

static const struct {
	const char *colour;
	const char *dash;
} outline[VIEW_REGION_KINDS] = {
	[VIEW_REGION_CMA] = { "#006d2c", "" },
	[VIEW_REGION_RESERVED] = { "#525252", "" },
	[VIEW_REGION_NOMAP] = { "#000000", "2,2" },
	[VIEW_REGION_POOL] = { "#d94801", "5,2" },
	[VIEW_REGION_RESTRICTED] = { "#6a51a3", "6,2,2,2" },
};

static void text_el(GString *o, double x, double y, const char *attrs,
		    const char *text)
{
	gchar *t = g_markup_escape_text(text, -1);

	g_string_append_printf(o, "<text x=\"%.1f\" y=\"%.1f\"%s%s>%s</text>\n",
			       x, y, *attrs ? " " : "", attrs, t);
	g_free(t);
}

/* The cell's tooltip: where, which zone and types, what its pages are. */
static gchar *cell_title(const struct view_map *m, unsigned int i,
			 const struct view_cell *c)
{
	uint64_t pfn = view_cell_pfn(m, i);
	uint64_t none = m->cell_pages - c->online + c->absent;
	gchar *a = view_addr(pfn * m->page_size);
	gchar *sz = view_size(m->cell_pages * m->page_size);
	GString *t = g_string_new(NULL);

	g_string_append_printf(t, "%s (%s)", a, sz);
	for (int k = 0; k < VIEW_CELL_ZONES && c->zones[k].zone >= 0; k++) {
		for (guint z = 0; z < m->zones->len; z++) {
			const struct view_zone *vz = &g_array_index(m->zones,
						struct view_zone, z);

			if (vz->slot == c->zones[k].zone)
				g_string_append_printf(t, ", node %d %s:",
						       vz->nid, vz->name);
		}
		for (int ty = 0; ty < CMASIM_MIGRATE_TYPES; ty++)
			if (c->zones[k].blocks[ty])
				g_string_append_printf(t, m->pb_per_cell > 1 ?
						       " %s x%u" : " %s",
						       view_type_name(ty),
						       c->zones[k].blocks[ty]);
	}
	if (c->movable + c->unmovable)
		g_string_append_printf(t, "\n%" PRIu64 " allocated (%" PRIu64 " movable, %" PRIu64 " pinned)",
				       c->movable + c->unmovable, c->movable,
				       c->pinned);
	if (c->reserved)
		g_string_append_printf(t, "\n%" PRIu64 " reserved", c->reserved);
	if (c->free + c->pcp)
		g_string_append_printf(t, "\n%" PRIu64 " free, largest block order %d",
				       c->free + c->pcp, c->max_free_order);
	if (none)
		g_string_append_printf(t, "\n%" PRIu64 " without memory", none);
	if (c->cma_pinned || c->cma_unmovable)
		g_string_append_printf(t, "\nCMA: %" PRIu64 " pinned, %" PRIu64 " unmovable: cma_alloc() cannot take them",
				       c->cma_pinned, c->cma_unmovable);
	g_free(a);
	g_free(sz);
	return g_string_free(t, FALSE);
}

static void cell(GString *o, const struct view_map *m, unsigned int i,
		 double x, double y)
{
	const struct view_cell *c = &m->cells[i];
	int type = view_cell_type(c);
	double total = (double)m->cell_pages;
	double h_alloc = CELL * (double)(c->movable + c->unmovable) / total;
	double h_rsv = CELL * (double)c->reserved / total;
	double h_none = CELL * (double)(m->cell_pages - c->online + c->absent) /
			total;
	gchar *title = cell_title(m, i, c), *t;

	g_string_append_printf(o, "<g class=\"cell\" data-pfn=\"%" PRIu64 "\" data-zones=\"",
			       view_cell_pfn(m, i));
	for (int k = 0; k < VIEW_CELL_ZONES && c->zones[k].zone >= 0; k++) {
		g_string_append_printf(o, "%s%d:", k ? ";" : "",
				       c->zones[k].zone);
		for (int ty = 0; ty < CMASIM_MIGRATE_TYPES; ty++)
			g_string_append_printf(o, "%s%u", ty ? "," : "",
					       c->zones[k].blocks[ty]);
	}
	t = g_markup_escape_text(title, -1);
	g_string_append_printf(o, "\"><title>%s</title>", t);
	g_free(t);
	g_free(title);
	if (type < 0) {
		g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" class=\"none\"/></g>\n",
				       x, y, CELL, CELL);
		return;
	}
	g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\" class=\"free\"/>",
			       x, y, CELL, CELL, view_type_colour(type));
	if (h_alloc > 0.05)
		g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>",
				       x, y + CELL - h_alloc, CELL, h_alloc,
				       view_type_colour(type));
	if (h_rsv > 0.05)
		g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" class=\"rsv\"/>",
				       x, y + CELL - h_alloc - h_rsv, CELL,
				       h_rsv);
	if (h_none > 0.05)
		g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%.1f\" class=\"none\"/>",
				       x, y, CELL, h_none);
	if (c->cma_pinned || c->cma_unmovable)
		g_string_append_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" class=\"pin\"/>",
				       x + CELL - 3, y + 3);
	g_string_append(o, "</g>\n");
}

/* Outline cells [@c0, @c1] as one shape over the rows they take. */
static void outline_cells(GString *o, const struct view_map *m,
			  const unsigned int *vrow, unsigned int c0,
			  unsigned int c1, const char *colour, const char *dash,
			  double inset)
{
	double x0 = LEFT + (double)(c0 % m->cols) * PITCH - 1 + inset;
	double x1 = LEFT + (double)(c1 % m->cols + 1) * PITCH - inset;
	double xl = LEFT - 1 + inset, xr = LEFT + m->cols * PITCH - inset;
	unsigned int r0 = vrow[c0 / m->cols], r1 = vrow[c1 / m->cols];
	double y0 = TOP + (double)r0 * PITCH - 1 + inset;
	double y0b = TOP + (double)(r0 + 1) * PITCH - 1 + inset;
	double y1 = TOP + (double)r1 * PITCH - 1 + inset;
	double y1b = TOP + (double)(r1 + 1) * PITCH - inset;

	g_string_append_printf(o, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s d=\"",
			       colour, *dash ? " stroke-dasharray=\"" : "",
			       dash, *dash ? "\"" : "");
	if (r0 == r1)
		g_string_append_printf(o, "M%.1f %.1fH%.1fV%.1fH%.1fZ", x0, y0,
				       x1, y1b, x0);
	else
		g_string_append_printf(o, "M%.1f %.1fH%.1fV%.1fH%.1fV%.1fH%.1fV%.1fH%.1fZ",
				       x0, y0, xr, y1, x1, y1b, xl, y0b, x0);
	g_string_append(o, "\"/>\n");
}

/*
 * Where a region's tag goes: the first cell of its widest row segment
 * (a whole row when it has one), and the room there in pixels.
 */
static unsigned int tag_cell(const struct view_map *m, unsigned int c0,
			     unsigned int c1, double *room)
{
	unsigned int first = c0 / m->cols, last = c1 / m->cols;
	unsigned int w0 = first == last ? c1 - c0 + 1 : m->cols - c0 % m->cols;
	unsigned int w1 = c1 % m->cols + 1;

	if (last > first + 1 || (last > first && c0 % m->cols == 0)) {
		*room = m->cols * (double)PITCH;
		return c0 % m->cols ? (first + 1) * m->cols : c0;
	}
	if (last > first && w1 > w0) {
		*room = w1 * (double)PITCH;
		return last * m->cols;
	}
	*room = w0 * (double)PITCH;
	return c0;
}

/* A region's tag, placed after the outlines. */
struct tag {
	unsigned int vrow;
	double x, w;
	gchar *label;
	const char *colour;
};

static gint cmp_tag(gconstpointer a, gconstpointer b)
{
	const struct tag *x = a, *y = b;

	if (x->vrow != y->vrow)
		return x->vrow < y->vrow ? -1 : 1;
	return x->x < y->x ? -1 : x->x > y->x;
}

static void regions(GString *o, const struct view_map *m,
		    const unsigned int *vrow)
{
	GArray *tags = g_array_new(FALSE, FALSE, sizeof(struct tag));
	double right = LEFT + m->cols * (double)PITCH, cursor = 0;
	unsigned int row = UINT_MAX;

	for (guint k = 0; k < m->regions->len; k++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, k);
		unsigned int c0, c1, at;
		double room;
		struct tag t;

		if (!view_cell_span(m, r->start_pfn, r->end_pfn, &c0, &c1))
			continue;
		outline_cells(o, m, vrow, c0, c1, outline[r->kind].colour,
			      outline[r->kind].dash,
			      r->kind == VIEW_REGION_CMA ? 0 : 1.5);
		/* the tag: its number, and its name where there is room */
		at = tag_cell(m, c0, c1, &room);
		t.label = room > 6.5 * (double)(strlen(r->name) + 3) + 4 ?
			  g_strdup_printf("%u %s", k + 1, r->name) :
			  g_strdup_printf("%u", k + 1);
		t.w = 6.5 * (double)strlen(t.label) + 4;
		t.x = LEFT + (double)(at % m->cols) * PITCH;
		t.vrow = vrow[at / m->cols];
		t.colour = outline[r->kind].colour;
		g_array_append_val(tags, t);
	}
	/*
	 * Left to right in each row, each after the one before it; a row
	 * whose tags run past the grid moves them left together.
	 */
	g_array_sort(tags, cmp_tag);
	for (guint k = 0, first = 0; k < tags->len; k++) {
		struct tag *t = &g_array_index(tags, struct tag, k);
		bool last = k + 1 == tags->len ||
			    g_array_index(tags, struct tag, k + 1).vrow != t->vrow;

		if (t->vrow != row) {
			row = t->vrow;
			cursor = 0;
			first = k;
		}
		t->x = MAX(t->x, cursor);
		cursor = t->x + t->w + 2;
		if (!last)
			continue;
		for (guint j = first; j <= k; j++) {
			struct tag *u = &g_array_index(tags, struct tag, j);
			double y = TOP + (double)u->vrow * PITCH;

			if (cursor - 2 > right)
				u->x = MAX(LEFT, u->x - (cursor - 2 - right));
			g_string_append_printf(o, "<g class=\"tag\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"11\" stroke=\"%s\"/>",
					       u->x, y, u->w, u->colour);
			text_el(o, u->x + 2, y + 9, "", u->label);
			g_string_append(o, "</g>\n");
			g_free(u->label);
		}
	}
	g_array_free(tags, TRUE);
}

static void zones(GString *o, const struct view_map *m,
		  const unsigned int *vrow)
{
	double gx = LEFT + m->cols * PITCH + 10, label_y = 0;

	for (guint k = 0; k < m->zones->len; k++) {
		const struct view_zone *z = &g_array_index(m->zones,
						struct view_zone, k);
		unsigned int c0, c1;
		double y0, y1, x;
		gchar *label, *a;

		if (!view_cell_span(m, z->start_pfn, z->end_pfn, &c0, &c1))
			continue;
		y0 = TOP + (double)vrow[c0 / m->cols] * PITCH;
		y1 = TOP + (double)(vrow[c1 / m->cols] + 1) * PITCH - 1;
		/* where the zone starts inside the grid */
		x = LEFT + (double)(c0 % m->cols) * PITCH - 1;
		g_string_append_printf(o, "<path class=\"zone\" d=\"M%.1f %.1fV%.1f\"/>\n",
				       x, y0 - 1, y0 + PITCH - 1);
		g_string_append_printf(o, "<path class=\"zone\" d=\"M%.1f %.1fh6V%.1fh-6\"/>\n",
				       gx + 4.0 * (k % 2), y0 + 1, y1 - 1);
		a = view_addr(z->start_pfn * m->page_size);
		label = g_strdup_printf("node %d, zone %s (from %s)", z->nid,
					z->name, a);
		label_y = MAX(y0 + 10, label_y + 13);
		text_el(o, gx + 14, label_y, "", label);
		g_free(label);
		g_free(a);
	}
}

static void legend(GString *o, const struct view_map *m, double y)
{
	double x = LEFT;

	text_el(o, x, y, "class=\"h\"", "Migratetype of the pageblocks (most of them in a cell)");
	y += 8;
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++) {
		g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
				       x + t * 112.0, y, CELL, CELL,
				       view_type_colour(t));
		text_el(o, x + t * 112.0 + 16, y + 10, "", view_type_name(t));
	}
	y += 30;
	text_el(o, x, y, "class=\"h\"", "A cell, filled from the bottom by the share of its pages");
	y += 8;
	g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\" class=\"free\"/>"
			       "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
			       x, y, CELL, CELL, view_type_colour(1), x + 16, y,
			       CELL, CELL, view_type_colour(1));
	g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" class=\"rsv\"/>"
			       "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" class=\"none\"/>"
			       "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" class=\"pin\"/>",
			       x + 32, y, CELL, CELL, x + 48, y, CELL, CELL,
			       x + 64 + CELL - 3, y + 3);
	g_string_append_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\" class=\"free\"/>",
			       x + 64, y, CELL, CELL, view_type_colour(4));
	text_el(o, x + 84, y + 10, "",
		"pale: free, solid: allocated, grey: reserved, hatched: no memory; red dot: a pinned or unmovable page in a CMA pageblock (cma_alloc() cannot take it)");
	y += 30;
	text_el(o, x, y, "class=\"h\"", "Outlined and named");
	for (int k = 0; k < VIEW_REGION_KINDS; k++) {
		g_string_append_printf(o, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s d=\"M%.0f %.0fh24\"/>",
				       outline[k].colour,
				       *outline[k].dash ? " stroke-dasharray=\"" : "",
				       outline[k].dash,
				       *outline[k].dash ? "\"" : "",
				       x + 150 + k * 150.0, y - 4);
		text_el(o, x + 180 + k * 150.0, y, "",
			view_region_kind_name((enum view_region_kind)k));
	}
	for (guint k = 0; k < m->regions->len; k++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, k);
		gchar *a = view_addr(r->start_pfn * m->page_size);
		gchar *b = view_addr(r->end_pfn * m->page_size - 1);
		gchar *line = g_strdup_printf("%u  %s: %s, %s-%s", k + 1,
					      r->name, r->what, a, b);

		y += 15;
		text_el(o, x, y, "", line);
		g_free(line);
		g_free(a);
		g_free(b);
	}
}

/* Height of the legend below the grid. */
static double legend_height(const struct view_map *m)
{
	return 30 + 30 + 30 + 15.0 * m->regions->len + 20;
}

void view_map_svg(const struct view_map *m, GString *o)
{
	unsigned int nr_vrows = m->rows->len;
	unsigned int *vrow = view_map_visual_rows(m);
	double grid_h = (double)nr_vrows * PITCH;
	double w = MAX(LEFT + m->cols * PITCH + GUTTER, 1000);
	double h = TOP + grid_h + 30 + legend_height(m);
	gchar *sz = view_size(m->cell_pages * m->page_size), *pb, *sub;

	pb = view_size((m->page_size << m->pageblock_order));
	sub = m->pb_per_cell == 1 ?
		g_strdup_printf("one cell is one pageblock (%s), %u per row", sz,
				m->cols) :
		g_strdup_printf("one cell is %u pageblocks of %s (%s), %u per row",
				m->pb_per_cell, pb, sz, m->cols);
	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">\n",
		w, h, w, h);
	g_string_append(o, "<defs><pattern id=\"nomem\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><path d=\"M0 4L4 0\" stroke=\"#bdbdbd\" stroke-width=\"1\"/></pattern></defs>\n"
		"<style>.free{fill-opacity:0.28}.rsv{fill:#4d4d4d}.none{fill:url(#nomem)}"
		".pin{fill:#e31a1c;stroke:#ffffff;stroke-width:0.8}"
		".zone{fill:none;stroke:#000000;stroke-width:2}"
		".tag rect{fill:#ffffff;fill-opacity:0.9;stroke-width:1}"
		".tag text{font-size:9px}.addr{font-family:DejaVu Sans Mono, monospace;font-size:9px}"
		".h{font-weight:bold}</style>\n"
		"<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	text_el(o, 10, 20, "font-size=\"15\" font-weight=\"bold\"",
		"Physical memory by pageblock");
	{
		gchar *a = view_addr(m->start_pfn * m->page_size);
		gchar *b = view_addr(m->end_pfn * m->page_size - 1);
		gchar *line = g_strdup_printf("%s; %s-%s; %s", m->title, a, b,
					      sub);

		text_el(o, 10, 38, "", line);
		g_free(line);
		g_free(a);
		g_free(b);
	}
	for (unsigned int k = 0; k < nr_vrows; k++) {
		const struct view_row *r = &g_array_index(m->rows,
						struct view_row, k);
		double y = TOP + (double)k * PITCH;
		gchar *a = view_addr(view_cell_pfn(m, r->first_cell) *
				     m->page_size);

		text_el(o, 6, y + 9, "class=\"addr\"", a);
		g_free(a);
		if (r->nr_rows > 1) {
			gchar *s = view_size((uint64_t)r->nr_rows * m->cols *
					     m->cell_pages * m->page_size);
			gchar *t = g_strdup_printf("... %s without memory ...", s);

			g_string_append_printf(o, "<path d=\"M%d %.1fH%d\" stroke=\"#9e9e9e\" stroke-dasharray=\"4,3\"/>\n",
					       LEFT, y + 5.5, LEFT + (int)m->cols * PITCH);
			text_el(o, LEFT + m->cols * PITCH / 2.0 - 60, y + 9,
				"fill=\"#616161\"", t);
			g_free(s);
			g_free(t);
			continue;
		}
		for (unsigned int c = 0; c < m->cols; c++) {
			unsigned int i = r->first_cell + c;

			if (i < m->nr_cells)
				cell(o, m, i, LEFT + (double)c * PITCH, y);
		}
	}
	zones(o, m, vrow);
	regions(o, m, vrow);
	legend(o, m, TOP + grid_h + 30);
	g_string_append(o, "</svg>\n");
	g_free(vrow);
	g_free(sz);
	g_free(pb);
	g_free(sub);
}
