// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interactive view of a scenario run: one self-contained HTML file.
 * The run's data is embedded as JSON (<script type="application/json">),
 * the page's CSS and JavaScript (tools/view/view.css, view.js) are
 * inlined, and its Content-Security-Policy lets it fetch nothing: the
 * file opens from disk, with no server and no network.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "view.h"
#include "view-assets.h"

static void lines(GString *o, const char *const *text)
{
	for (; *text; text++)
		g_string_append(o, *text);
}

static void str_array(GString *o, const GPtrArray *a)
{
	g_string_append_c(o, '[');
	for (guint i = 0; a && i < a->len; i++) {
		if (i)
			g_string_append_c(o, ',');
		view_json_str(o, g_ptr_array_index(a, i));
	}
	g_string_append_c(o, ']');
}

/* A table of JSON texts, inserted as they are. */
static void raw_array(GString *o, const GPtrArray *a)
{
	g_string_append_c(o, '[');
	for (guint i = 0; i < a->len; i++) {
		if (i)
			g_string_append_c(o, ',');
		g_string_append(o, g_ptr_array_index(a, i));
	}
	g_string_append_c(o, ']');
}

static void member(GString *o, const char *name)
{
	view_json_str(o, name);
	g_string_append_c(o, ':');
}

static const char *region_kind(enum view_region_kind k)
{
	static const char *const names[VIEW_REGION_KINDS] = {
		[VIEW_REGION_CMA] = "cma",
		[VIEW_REGION_RESERVED] = "reserved",
		[VIEW_REGION_NOMAP] = "nomap",
		[VIEW_REGION_POOL] = "pool",
		[VIEW_REGION_RESTRICTED] = "restricted",
	};

	return names[k];
}

static void geometry(GString *o, const struct view_map *m)
{
	g_string_append_printf(o, "{\"page_size\":%" PRIu64 ",\"pageblock_order\":%u,\"start_pfn\":%" PRIu64 ",\"cell_pages\":%" PRIu64 ",\"pb_per_cell\":%u,\"cols\":%u,\"nr_cells\":%u,\"rows\":[",
			       m->page_size, m->pageblock_order, m->start_pfn,
			       m->cell_pages, m->pb_per_cell, m->cols,
			       m->nr_cells);
	for (guint k = 0; k < m->rows->len; k++) {
		const struct view_row *r = &g_array_index(m->rows,
						struct view_row, k);

		g_string_append_printf(o, "%s[%u,%u]", k ? "," : "",
				       r->first_cell, r->nr_rows);
	}
	g_string_append(o, "]}");
}

static void zones_regions(GString *o, const struct view_map *m)
{
	g_string_append(o, ",\"zones\":[");
	for (guint k = 0; m && k < m->zones->len; k++) {
		const struct view_zone *z = &g_array_index(m->zones,
						struct view_zone, k);

		g_string_append_printf(o, "%s{\"nid\":%d,\"slot\":%d,\"start\":%" PRIu64 ",\"end\":%" PRIu64 ",\"name\":",
				       k ? "," : "", z->nid, z->slot,
				       z->start_pfn, z->end_pfn);
		view_json_str(o, z->name);
		g_string_append_c(o, '}');
	}
	g_string_append(o, "],\"regions\":[");
	for (guint k = 0; m && k < m->regions->len; k++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, k);

		g_string_append_printf(o, "%s{\"kind\":\"%s\",\"start\":%" PRIu64 ",\"end\":%" PRIu64 ",\"name\":",
				       k ? "," : "", region_kind(r->kind),
				       r->start_pfn, r->end_pfn);
		view_json_str(o, r->name);
		g_string_append(o, ",\"what\":");
		view_json_str(o, r->what);
		g_string_append_c(o, '}');
	}
	g_string_append_c(o, ']');
}

static const char *expect_name(enum cmasim_expect_outcome e)
{
	return e == CMASIM_EXPECT_PASSED ? "passed" :
	       e == CMASIM_EXPECT_FAILED ? "failed" : NULL;
}

static void steps(GString *o, const struct view_run *r)
{
	g_string_append(o, ",\"steps\":[");
	for (guint i = 0; i < r->steps->len; i++) {
		const struct view_step *st = &g_array_index(r->steps,
						struct view_step, i);

		g_string_append_printf(o, "%s{\"line\":%u,\"skipped\":%s,\"ret\":%d,\"value\":%" PRIu64 ",\"check\":%d,\"map\":%d,\"details\":%d,\"free_lists\":%d,\"bitmaps\":%d,",
				       i ? ",\n" : "\n", st->line,
				       st->skipped ? "true" : "false", st->ret,
				       st->value, st->check, st->map,
				       st->details, st->free_lists,
				       st->bitmaps);
		member(o, "text");
		view_json_str(o, st->text);
		g_string_append_c(o, ',');
		member(o, "verb");
		view_json_str(o, st->verb);
		g_string_append_c(o, ',');
		member(o, "dmesg");
		str_array(o, st->dmesg);
		g_string_append_c(o, ',');
		member(o, "diag");
		str_array(o, st->diag);
		g_string_append_c(o, ',');
		member(o, "output");
		view_json_str(o, st->output);
		g_string_append_c(o, ',');
		member(o, "expect");
		view_json_str(o, expect_name(st->expect));
		g_string_append_c(o, ',');
		member(o, "expect_text");
		view_json_str(o, st->expect_text);
		g_string_append_c(o, ',');
		member(o, "windows");
		g_string_append(o, st->windows ? st->windows : "null");
		g_string_append_c(o, '}');
	}
	g_string_append(o, "]");
}

/* The run's data, one JSON object. */
static void data(GString *o, const struct view_run *r)
{
	const struct view_map *m = r->geometry;

	g_string_append_c(o, '{');
	member(o, "name");
	view_json_str(o, r->name);
	g_string_append_c(o, ',');
	member(o, "description");
	view_json_str(o, r->description);
	g_string_append_c(o, ',');
	member(o, "file");
	view_json_str(o, r->file);
	g_string_append_c(o, ',');
	member(o, "machine");
	view_json_str(o, m ? m->title : NULL);
	g_string_append(o, ",\"geometry\":");
	if (m)
		geometry(o, m);
	else
		g_string_append(o, "null");
	g_string_append(o, ",\"types\":[");
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		g_string_append_printf(o, "%s{\"name\":\"%s\",\"letter\":\"%c\",\"colour\":\"%s\"}",
				       t ? "," : "", view_type_name(t),
				       view_type_letter(t),
				       view_type_colour(t));
	g_string_append_c(o, ']');
	zones_regions(o, m);
	g_string_append(o, ",\"areas\":[");
	for (guint a = 0; a < r->areas->len; a++) {
		g_string_append_printf(o, "%s{\"base\":%" PRIu64 ",\"count\":%" PRIu64 ",\"name\":",
				       a ? "," : "",
				       g_array_index(r->area_base, uint64_t, a),
				       g_array_index(r->area_count, uint64_t, a));
		view_json_str(o, g_ptr_array_index(r->areas, a));
		g_string_append_c(o, '}');
	}
	g_string_append(o, "],\"owners\":");
	str_array(o, r->owners.texts);
	g_string_append(o, ",\n\"maps\":");
	str_array(o, r->maps.texts);
	g_string_append(o, ",\n\"details\":");
	str_array(o, r->details.texts);
	g_string_append(o, ",\n\"detail_sets\":");
	raw_array(o, r->detail_sets.texts);
	g_string_append(o, ",\n\"free_sets\":");
	raw_array(o, r->free_sets.texts);
	g_string_append(o, ",\n\"bitmap_sets\":");
	raw_array(o, r->bitmap_sets.texts);
	steps(o, r);
	g_string_append(o, "}\n");
}

static void escaped(GString *o, const char *s)
{
	gchar *e = g_markup_escape_text(s ? s : "", -1);

	g_string_append(o, e);
	g_free(e);
}

void view_html(const struct view_run *r, GString *o)
{
	const char *title = r->name ? r->name : r->file;

	g_string_append(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		"<title>cmasim: ");
	escaped(o, title);
	g_string_append(o, "</title>\n<style>\n");
	lines(o, view_css);
	g_string_append(o, "</style>\n</head>\n<body>\n<div id=\"error\"></div>\n<header>\n<h1>");
	escaped(o, title);
	g_string_append(o, "</h1>\n<p>");
	escaped(o, r->description);
	g_string_append(o, "</p>\n<p class=\"muted\">");
	escaped(o, r->file);
	if (r->geometry) {
		g_string_append(o, ": ");
		escaped(o, r->geometry->title);
	}
	g_string_append(o, "</p>\n</header>\n"
		"<div id=\"controls\"><button id=\"prev\" type=\"button\">&#9664; previous</button>"
		"<input id=\"slider\" type=\"range\" min=\"0\" value=\"0\">"
		"<button id=\"next\" type=\"button\">next &#9654;</button><span id=\"stepno\"></span></div>\n"
		"<main>\n<section id=\"steps-panel\"><h2>Steps (&#8592; &#8594; keys)</h2><ol id=\"steps\"></ol></section>\n"
		"<div id=\"center\"><section id=\"map-panel\"><h2>Physical memory by pageblock</h2><div id=\"map\"></div><div id=\"legend\" class=\"legend\"></div></section>\n"
		"<section id=\"pb-detail\"></section><section id=\"cma\"></section></div>\n"
		"<div id=\"side\"><section id=\"step-detail\"></section><section id=\"buddy\"></section></div>\n"
		"</main>\n<script type=\"application/json\" id=\"cmasim-data\">");
	data(o, r);
	g_string_append(o, "</script>\n<script>\n"
		"window.addEventListener('error', function (e) { var b = document.getElementById('error'); b.style.display = 'block'; b.textContent = 'script error: ' + e.message; });\n");
	lines(o, view_js);
	g_string_append(o, "</script>\n</body>\n</html>\n");
}
