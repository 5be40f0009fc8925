// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory map for a terminal: one character per cell (a pageblock,
 * or a group of them on a large machine) in rows of physical addresses,
 * the letter of its migratetype in upper case when some of its pages are
 * in use, then a legend, the zones and the regions with the rows and
 * columns where they start and end.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "view.h"

/* The character of one cell. */
static char cell_char(const struct view_cell *c)
{
	int type = view_cell_type(c);
	uint64_t present = c->online - c->absent;

	if (type < 0 || !present)
		return ' ';
	if (c->cma_pinned || c->cma_unmovable)
		return '!';
	if (c->reserved == present)
		return '#';
	if (view_cell_used(c))
		return view_type_letter(type);
	return (char)g_ascii_tolower(view_type_letter(type));
}

/* "row 3, column 17" of cell @i on the drawing. */
static gchar *where(const struct view_map *m, const unsigned int *vrow,
		    unsigned int i)
{
	return g_strdup_printf("row %u col %u", vrow[i / m->cols] + 1,
			       i % m->cols);
}

void view_map_text(const struct view_map *m, GString *o)
{
	unsigned int *vrow = view_map_visual_rows(m);
	gchar *sz = view_size(m->cell_pages * m->page_size);
	gchar *pb = view_size(m->page_size << m->pageblock_order);
	gchar *a = view_addr(m->start_pfn * m->page_size);
	gchar *b = view_addr(m->end_pfn * m->page_size - 1);
	int aw = (int)strlen(b);

	g_string_append_printf(o, "Physical memory by pageblock: %s; %s-%s\n",
			       m->title, a, b);
	if (m->pb_per_cell == 1)
		g_string_append_printf(o, "one character is one pageblock (%s), %u per row\n\n",
				       sz, m->cols);
	else
		g_string_append_printf(o, "one character is %u pageblocks of %s (%s), %u per row\n\n",
				       m->pb_per_cell, pb, sz, m->cols);
	g_free(a);
	g_free(b);

	for (guint k = 0; k < m->rows->len; k++) {
		const struct view_row *r = &g_array_index(m->rows,
						struct view_row, k);
		uint64_t pfn = view_cell_pfn(m, r->first_cell);
		gchar *addr = view_addr(pfn * m->page_size);
		GString *notes = g_string_new(NULL);

		g_string_append_printf(o, "%*s  ", aw, addr);
		g_free(addr);
		if (r->nr_rows > 1) {
			gchar *s = view_size((uint64_t)r->nr_rows * m->cols *
					     m->cell_pages * m->page_size);

			g_string_append_printf(o, "... %s without memory ...\n", s);
			g_free(s);
			g_string_free(notes, TRUE);
			continue;
		}
		for (unsigned int c = 0; c < m->cols; c++) {
			unsigned int i = r->first_cell + c;

			g_string_append_c(o, i < m->nr_cells ?
					  cell_char(&m->cells[i]) : ' ');
		}
		/* the zones that start in this row */
		for (guint z = 0; z < m->zones->len; z++) {
			const struct view_zone *vz = &g_array_index(m->zones,
						struct view_zone, z);
			unsigned int c0, c1;

			if (view_cell_span(m, vz->start_pfn, vz->end_pfn, &c0, &c1) &&
			    c0 / m->cols == r->first_cell / m->cols)
				g_string_append_printf(notes, "%snode %d %s from col %u",
						       notes->len ? ", " : "",
						       vz->nid, vz->name,
						       c0 % m->cols);
		}
		if (notes->len)
			g_string_append_printf(o, "  <- %s", notes->str);
		g_string_append_c(o, '\n');
		g_string_free(notes, TRUE);
	}

	g_string_append(o, "\nLegend: the letter of the pageblocks' migratetype (most of them in a cell):\n ");
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		g_string_append_printf(o, " %c %s", view_type_letter(t),
				       view_type_name(t));
	g_string_append(o, "\n  UPPER CASE: some pages allocated or reserved; lower case: every page free\n"
			"  ! a CMA pageblock with a pinned or unmovable page (cma_alloc() cannot take it)\n"
			"  # every page reserved; (blank) no memory\n");

	g_string_append(o, "\nZones:\n");
	for (guint z = 0; z < m->zones->len; z++) {
		const struct view_zone *vz = &g_array_index(m->zones,
						struct view_zone, z);
		unsigned int c0, c1;
		gchar *s, *e, *w0, *w1;

		if (!view_cell_span(m, vz->start_pfn, vz->end_pfn, &c0, &c1))
			continue;
		s = view_addr(vz->start_pfn * m->page_size);
		e = view_addr(vz->end_pfn * m->page_size - 1);
		w0 = where(m, vrow, c0);
		w1 = where(m, vrow, c1);
		g_string_append_printf(o, "  node %d %-8s %s-%s  %s to %s\n",
				       vz->nid, vz->name, s, e, w0, w1);
		g_free(s);
		g_free(e);
		g_free(w0);
		g_free(w1);
	}
	if (m->regions->len)
		g_string_append(o, "\nRegions:\n");
	for (guint k = 0; k < m->regions->len; k++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, k);
		unsigned int c0, c1;
		gchar *s, *e, *w0, *w1;

		if (!view_cell_span(m, r->start_pfn, r->end_pfn, &c0, &c1))
			continue;
		s = view_addr(r->start_pfn * m->page_size);
		e = view_addr(r->end_pfn * m->page_size - 1);
		w0 = where(m, vrow, c0);
		w1 = where(m, vrow, c1);
		g_string_append_printf(o, "  %s: %s\n      %s-%s  %s to %s\n",
				       r->name, r->what, s, e, w0, w1);
		g_free(s);
		g_free(e);
		g_free(w0);
		g_free(w1);
	}
	g_free(vrow);
	g_free(sz);
	g_free(pb);
}
