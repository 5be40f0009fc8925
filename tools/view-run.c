// SPDX-License-Identifier: GPL-2.0-only
/*
 * A scenario run as the charts and the interactive view need it: each
 * result of the runner (the boot first) with what the machine looked
 * like after it.  view_run_record() is called from the run's step
 * callback and only reads the instance: the free pages by order and the
 * unusable free index per zone, the pageblocks by type, the extfrag
 * events, each CMA area's bitmap and the cma_alloc counters; for the
 * HTML view also the map's cells, every pageblock's blocks (orders,
 * owners, pins), the buddy free lists and the windows a failed
 * cma_alloc() tried.  Texts that repeat from step to step (a map that
 * did not change) are kept once, in tables the steps index.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "view.h"

/* ---- Small helpers ---- */

void view_json_str(GString *o, const char *s)
{
	if (!s) {
		g_string_append(o, "null");
		return;
	}
	g_string_append_c(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			g_string_append(o, "\\\"");
			break;
		case '\\':
			g_string_append(o, "\\\\");
			break;
		case '\n':
			g_string_append(o, "\\n");
			break;
		case '\t':
			g_string_append(o, "\\t");
			break;
		case '<':
			/* never "</script>" inside the page's data */
			g_string_append(o, "\\u003c");
			break;
		default:
			if (*p < 0x20)
				g_string_append_printf(o, "\\u%04x", *p);
			else
				g_string_append_c(o, (char)*p);
		}
	}
	g_string_append_c(o, '"');
}

static void dict_init(struct view_dict *d)
{
	d->texts = g_ptr_array_new_with_free_func(g_free);
	d->index = g_hash_table_new(g_str_hash, g_str_equal);
}

static void dict_clear(struct view_dict *d)
{
	if (d->index)
		g_hash_table_destroy(d->index);
	if (d->texts)
		g_ptr_array_free(d->texts, TRUE);
}

/* The index of @text in @d (taken over: freed when already there). */
static int dict_add(struct view_dict *d, gchar *text)
{
	gpointer v = g_hash_table_lookup(d->index, text);

	if (v) {
		g_free(text);
		return GPOINTER_TO_INT(v) - 1;
	}
	g_ptr_array_add(d->texts, text);
	g_hash_table_insert(d->index, text, GINT_TO_POINTER(d->texts->len));
	return (int)d->texts->len - 1;
}

/* ---- Owners: who holds an allocated block ---- */

/* Pfn ranges with a name: named cma_alloc ranges and DMA buffers, the
 * atomic pools, what cma_alloc() holds in each area. */
struct owner_range {
	uint64_t start, end;
	int owner;
};

struct owners {
	struct view_run *run;
	const struct cmasim *sim;
	GHashTable *by_handle;		/* owner handle -> index + 1 */
	GArray *ranges;			/* struct owner_range, sorted */
	int cur_idx;			/* the owner of the ranges being added */
};

static int owner_block(const struct cmasim_workload_block *b, void *data)
{
	struct owners *ow = data;
	struct owner_range r = { b->pfn, b->pfn + b->nr_pages, ow->cur_idx };

	g_array_append_val(ow->ranges, r);
	return 0;
}

static int owner_alloc(const char *name, void *data)
{
	struct owners *ow = data;
	struct cmasim_workload_info info;
	int idx;

	if (cmasim_workload_get_info(ow->sim, name, &info))
		return 0;
	idx = dict_add(&ow->run->owners, g_strdup(name));
	if (info.kind == CMASIM_WORKLOAD_PAGES) {
		g_hash_table_insert(ow->by_handle,
				    GUINT_TO_POINTER(info.owner_handle),
				    GINT_TO_POINTER(idx + 1));
		return 0;
	}
	ow->cur_idx = idx;
	return cmasim_workload_for_each_block(ow->sim, name, owner_block, ow);
}

static int owner_area_range(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	struct owners *ow = data;
	struct owner_range r = { pfn, pfn + count, ow->cur_idx };

	g_array_append_val(ow->ranges, r);
	return 0;
}

static int owner_area(const struct cmasim_cma *cma, void *data)
{
	struct owners *ow = data;
	gchar *name = g_strdup_printf("cma_alloc() on %s",
				      cmasim_cma_get_name(cma));

	ow->cur_idx = dict_add(&ow->run->owners, name);
	return cmasim_cma_for_each_used_range(cma, owner_area_range, ow);
}

static gint cmp_owner_range(gconstpointer a, gconstpointer b)
{
	const struct owner_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void owners_init(struct owners *ow, struct view_run *run,
			const struct cmasim *sim)
{
	struct cmasim_dma_pool_info pi;

	ow->run = run;
	ow->sim = sim;
	ow->by_handle = g_hash_table_new(NULL, NULL);
	ow->ranges = g_array_new(FALSE, FALSE, sizeof(struct owner_range));
	/* the first range that holds a pfn names it: most precise first */
	cmasim_workload_for_each(sim, owner_alloc, ow);
	for (unsigned int i = 0; i < 3; i++)
		if (!cmasim_dma_atomic_pool_get(sim, i, &pi)) {
			struct owner_range r = {
				pi.phys_base / cmasim_page_size(sim),
				(pi.phys_base + pi.size) / cmasim_page_size(sim),
				dict_add(&run->owners, g_strdup(pi.name)),
			};

			g_array_append_val(ow->ranges, r);
		}
	cmasim_cma_for_each_area(sim, owner_area, ow);
	g_array_sort(ow->ranges, cmp_owner_range);
}

static void owners_clear(struct owners *ow)
{
	g_hash_table_destroy(ow->by_handle);
	g_array_free(ow->ranges, TRUE);
}

/* The owner index of an allocated block, 0 when nobody is known. */
static int owner_of(const struct owners *ow, const struct cmasim_page_block *b)
{
	gpointer v;

	if (b->owner) {
		v = g_hash_table_lookup(ow->by_handle,
					GUINT_TO_POINTER(b->owner));
		if (v)
			return GPOINTER_TO_INT(v) - 1;
	}
	for (guint i = 0; i < ow->ranges->len; i++) {
		const struct owner_range *r = &g_array_index(ow->ranges,
						struct owner_range, i);

		if (r->start > b->pfn)
			break;
		if (b->pfn < r->end)
			return r->owner;
	}
	return 0;
}

/* ---- The pages of a pageblock, as tokens ---- */

/*
 * The tokens of one pageblock, each NUL-terminated in @buf at the
 * offsets of @off (no allocation per token: a fragmented pageblock has
 * hundreds).
 */
struct tokens {
	const struct owners *ow;
	uint64_t start;			/* the pageblock's first pfn */
	GString *buf;
	GArray *off;			/* guint */
};

static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static void put_u64(GString *s, uint64_t v)
{
	char b[24];
	int n = 0;

	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		g_string_append_c(s, b[--n]);
}

static int add_token(const struct cmasim_page_block *b, void *data)
{
	struct tokens *t = data;
	GString *s = t->buf;
	guint at = (guint)s->len;

	g_array_append_val(t->off, at);
	if (b->pfn < t->start) {
		g_string_append_c(s, '<');
		put_u64(s, t->start - b->pfn);
	}
	switch (b->state) {
	case CMASIM_PAGE_FREE:
	case CMASIM_PAGE_PCP:
		g_string_append_c(s, b->state == CMASIM_PAGE_FREE ? 'F' : 'P');
		g_string_append_c(s, digits36[b->order % 36]);
		g_string_append_c(s, view_type_letter(b->migratetype));
		break;
	case CMASIM_PAGE_ALLOCATED: {
		int owner = owner_of(t->ow, b);

		g_string_append_c(s, 'A');
		g_string_append_c(s, digits36[b->order % 36]);
		if (b->movable)
			g_string_append_c(s, 'm');
		if (b->pinned)
			g_string_append_c(s, 'p');
		if (owner) {
			g_string_append_c(s, '.');
			put_u64(s, (uint64_t)owner);
		}
		break;
	}
	case CMASIM_PAGE_RESERVED:
	case CMASIM_PAGE_ABSENT:
		g_string_append_c(s, b->state == CMASIM_PAGE_RESERVED ? 'R' : 'X');
		put_u64(s, b->nr_pages);
		break;
	}
	g_string_append_c(s, '\0');
	return 0;
}

static const char *tok_at(const struct tokens *t, guint i)
{
	return t->buf->str + g_array_index(t->off, guint, i);
}

/* How often the @p tokens at @i repeat from there. */
static unsigned int repeats(const struct tokens *t, guint i, guint p)
{
	unsigned int r = 1;

	for (guint j = i + p; j + p <= t->off->len; j += p, r++)
		for (guint k = 0; k < p; k++)
			if (strcmp(tok_at(t, i + k), tok_at(t, j + k)))
				return r;
	return r;
}

/*
 * The tokens with repetitions folded: "N*T" for a token repeated N
 * times, "N*T~U" for a pair (the alternating holes of a fragmented
 * pageblock).
 */
static gchar *fold_tokens(const struct tokens *t)
{
	GString *s = g_string_new(NULL);
	guint n = t->off->len;

	for (guint i = 0; i < n;) {
		unsigned int r1 = repeats(t, i, 1);
		unsigned int r2 = i + 1 < n ? repeats(t, i, 2) : 1;

		if (s->len)
			g_string_append_c(s, ' ');
		if (r2 * 2 > r1 && r2 >= 2) {
			g_string_append_printf(s, "%u*%s~%s", r2, tok_at(t, i),
					       tok_at(t, i + 1));
			i += 2 * r2;
		} else if (r1 >= 2) {
			g_string_append_printf(s, "%u*%s", r1, tok_at(t, i));
			i += r1;
		} else {
			g_string_append(s, tok_at(t, i));
			i++;
		}
	}
	return g_string_free(s, FALSE);
}

/* ---- One cell of the map as five characters ---- */

static char share(uint64_t n, uint64_t total)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint64_t v = (n * 63 + total / 2) / total;

	if (n && !v)
		v = 1;
	return b64[MIN(v, 63)];
}

static gchar *map_text(const struct view_map *m)
{
	GString *s = g_string_sized_new(m->nr_cells * 5);

	for (unsigned int i = 0; i < m->nr_cells; i++) {
		const struct view_cell *c = &m->cells[i];
		int type = view_cell_type(c);
		uint64_t present = c->online - c->absent;
		unsigned int flags = (c->cma_pinned || c->cma_unmovable ? 1 : 0) |
				     (view_cell_used(c) ? 2 : 0) |
				     (present && c->reserved == present ? 4 : 0);

		g_string_append_c(s, type < 0 ? '.' : view_type_letter(type));
		g_string_append_c(s, share(c->movable + c->unmovable,
					   m->cell_pages));
		g_string_append_c(s, share(c->reserved, m->cell_pages));
		g_string_append_c(s, share(m->cell_pages - c->online + c->absent,
					   m->cell_pages));
		g_string_append_c(s, (char)('0' + flags));
	}
	return g_string_free(s, FALSE);
}

/* ---- Recording ---- */

static void step_clear(gpointer p)
{
	struct view_step *st = p;

	g_free(st->text);
	g_free(st->verb);
	g_free(st->output);
	g_free(st->expect_text);
	g_free(st->windows);
	g_ptr_array_free(st->dmesg, TRUE);
	g_ptr_array_free(st->diag, TRUE);
	g_free(st->s.free);
	g_free(st->s.unusable);
	g_free(st->s.cma_used);
}

struct view_run *view_run_new(const struct cmasim_scenario *sc,
			      const char *file,
			      const struct view_run_opts *o)
{
	struct view_run *r = g_new0(struct view_run, 1);

	r->name = g_strdup(cmasim_scenario_get(sc, "scenario.name"));
	r->description = g_strdup(cmasim_scenario_get(sc,
						      "scenario.description"));
	r->file = g_strdup(file);
	if (o)
		r->opts = *o;
	if (!r->opts.max_detail_cells)
		r->opts.max_detail_cells = VIEW_MAX_DETAIL;
	r->areas = g_ptr_array_new_with_free_func(g_free);
	r->area_base = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	r->area_count = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	r->steps = g_array_new(FALSE, TRUE, sizeof(struct view_step));
	g_array_set_clear_func(r->steps, step_clear);
	dict_init(&r->maps);
	dict_init(&r->details);
	dict_init(&r->detail_sets);
	dict_init(&r->free_sets);
	dict_init(&r->bitmap_sets);
	dict_init(&r->owners);
	dict_add(&r->owners, g_strdup(""));
	return r;
}

void view_run_free(struct view_run *r)
{
	if (!r)
		return;
	g_free(r->name);
	g_free(r->description);
	g_free(r->file);
	view_map_free(r->geometry);
	g_ptr_array_free(r->areas, TRUE);
	g_array_free(r->area_base, TRUE);
	g_array_free(r->area_count, TRUE);
	g_array_free(r->steps, TRUE);
	dict_clear(&r->maps);
	dict_clear(&r->details);
	dict_clear(&r->detail_sets);
	dict_clear(&r->free_sets);
	dict_clear(&r->bitmap_sets);
	dict_clear(&r->owners);
	g_free(r);
}

static int note_area(const struct cmasim_cma *cma, void *data)
{
	struct view_run *r = data;
	uint64_t base = cmasim_cma_get_base_pfn(cma);
	uint64_t count = cmasim_cma_get_count(cma);

	g_ptr_array_add(r->areas, g_strdup(cmasim_cma_get_name(cma)));
	g_array_append_val(r->area_base, base);
	g_array_append_val(r->area_count, count);
	return 0;
}

struct area_sample {
	uint64_t *used;
	unsigned int i;
	GString *ranges;		/* the bitmap, for the HTML view */
	uint64_t base;
};

static int sample_range(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	struct area_sample *a = data;

	a->used[a->i] += count;
	if (a->ranges)
		g_string_append_printf(a->ranges, "%s[%" PRIu64 ",%" PRIu64 "]",
				       a->ranges->str[a->ranges->len - 1] == '[' ?
				       "" : ",", pfn - a->base, count);
	return 0;
}

static int sample_area(const struct cmasim_cma *cma, void *data)
{
	struct area_sample *a = data;

	a->base = cmasim_cma_get_base_pfn(cma);
	if (a->ranges)
		g_string_append(a->ranges, a->i ? ",[" : "[");
	cmasim_cma_for_each_used_range(cma, sample_range, a);
	if (a->ranges)
		g_string_append_c(a->ranges, ']');
	a->i++;
	return 0;
}

static int sample_pageblock(const struct cmasim_pageblock_info *pb,
			    void *data)
{
	((uint32_t *)data)[pb->migratetype]++;
	return 0;
}

/* The charts' numbers, and the CMA bitmaps as JSON into @bitmaps. */
static void sample(struct view_run *r, const struct cmasim *sim,
		   struct view_step *st, GString *bitmaps)
{
	const struct view_map *m = r->geometry;
	struct area_sample a = { .ranges = bitmaps };
	unsigned int no = r->nr_orders;

	st->s.free = g_new0(uint64_t, (gsize)m->zones->len * no);
	st->s.unusable = g_new0(uint32_t, (gsize)m->zones->len * no);
	for (guint z = 0; z < m->zones->len; z++) {
		int slot = g_array_index(m->zones, struct view_zone, z).slot;

		for (unsigned int o = 0; o < no; o++) {
			uint64_t nr[CMASIM_MIGRATE_TYPES];
			unsigned int milli = 1000;

			if (!cmasim_zone_get_free_area(sim, (unsigned int)slot,
						       o, nr))
				for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
					st->s.free[z * no + o] += nr[t] << o;
			cmasim_zone_unusable_index(sim, (unsigned int)slot, o,
						   &milli);
			st->s.unusable[z * no + o] = milli;
		}
	}
	cmasim_for_each_pageblock(sim, 0, UINT64_MAX, sample_pageblock,
				  st->s.blocks);
	cmasim_extfrag_get_stats(sim, &st->s.extfrag);
	st->s.cma_used = g_new0(uint64_t, r->areas->len + 1);
	a.used = st->s.cma_used;
	if (bitmaps)
		g_string_append_c(bitmaps, '[');
	cmasim_cma_for_each_area(sim, sample_area, &a);
	if (bitmaps)
		g_string_append_c(bitmaps, ']');
	cmasim_stat_get(sim, "cma_alloc_success", &st->s.cma_success);
	cmasim_stat_get(sim, "cma_alloc_fail", &st->s.cma_fail);
	st->sampled = true;
}

/* The buddy free lists of every zone of the map, as JSON. */
static gchar *free_lists(const struct view_run *r, const struct cmasim *sim)
{
	const struct view_map *m = r->geometry;
	GString *s = g_string_new("[");

	for (guint z = 0; z < m->zones->len; z++) {
		int slot = g_array_index(m->zones, struct view_zone, z).slot;

		g_string_append(s, z ? ",[" : "[");
		for (unsigned int o = 0; o < r->nr_orders; o++) {
			uint64_t nr[CMASIM_MIGRATE_TYPES] = { 0 };

			cmasim_zone_get_free_area(sim, (unsigned int)slot, o, nr);
			g_string_append(s, o ? ",[" : "[");
			for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
				g_string_append_printf(s, "%s%" PRIu64,
						       t ? "," : "", nr[t]);
			g_string_append_c(s, ']');
		}
		g_string_append_c(s, ']');
	}
	g_string_append_c(s, ']');
	return g_string_free(s, FALSE);
}

/* Every pageblock's blocks, as indices into the details table. */
static gchar *detail_set(struct view_run *r, const struct cmasim *sim)
{
	const struct view_map *m = r->geometry;
	struct owners ow;
	GString *s = g_string_new("[");

	struct tokens t = { .ow = &ow, .buf = g_string_new(NULL),
			    .off = g_array_new(FALSE, FALSE, sizeof(guint)) };

	owners_init(&ow, r, sim);
	for (unsigned int i = 0; i < m->nr_cells; i++) {
		t.start = view_cell_pfn(m, i);
		g_string_truncate(t.buf, 0);
		g_array_set_size(t.off, 0);
		cmasim_for_each_page_block(sim, t.start, t.start + m->cell_pages,
					   add_token, &t);
		g_string_append_printf(s, "%s%d", i ? "," : "",
				       dict_add(&r->details, fold_tokens(&t)));
	}
	g_string_free(t.buf, TRUE);
	g_array_free(t.off, TRUE);
	owners_clear(&ow);
	g_string_append_c(s, ']');
	return g_string_free(s, FALSE);
}

/* The windows the last cma_alloc() tried and lost, as JSON. */
static gchar *windows(const struct cmasim *sim)
{
	struct cmasim_cma_window w;
	GString *s = g_string_new("[");

	for (size_t i = 0; !cmasim_cma_alloc_window(sim, i, &w); i++) {
		g_string_append_printf(s, "%s{\"start\":%" PRIu64 ",\"end\":%" PRIu64 ",\"err\":%d,\"pfn\":",
				       i ? "," : "", w.start, w.end, w.err);
		if (w.reason == CMASIM_CMA_CONTIG_FAILED)
			g_string_append_printf(s, "%" PRIu64, w.contig.pfn);
		else
			g_string_append(s, "null");
		g_string_append(s, ",\"text\":");
		view_json_str(s, w.text);
		g_string_append_c(s, '}');
	}
	g_string_append_c(s, ']');
	return g_string_free(s, FALSE);
}

/* Whether the step ran cma_alloc() (so the windows are its own). */
static bool ran_cma_alloc(const struct cmasim_scenario_result *res)
{
	return !res->skipped &&
	       (!strcmp(res->verb, "cma_alloc") ||
		(!strcmp(res->verb, "write") && strstr(res->text, "/alloc")));
}

void view_run_record(struct view_run *r, const struct cmasim *sim,
		     const struct cmasim_scenario_result *res)
{
	struct view_step st = { .line = res->line, .map = -1, .details = -1,
				.free_lists = -1, .bitmaps = -1 };
	GString *bitmaps;

	st.text = g_strdup(res->text);
	st.verb = g_strdup(res->verb);
	st.output = g_strdup(res->output);
	st.expect_text = g_strdup(res->expect_text);
	st.skipped = res->skipped;
	st.ret = res->ret;
	st.check = res->check;
	st.value = res->value;
	st.expect = res->expect;
	st.cma_alloc = ran_cma_alloc(res);
	st.dmesg = g_ptr_array_new_with_free_func(g_free);
	st.diag = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < res->nr_dmesg; i++)
		g_ptr_array_add(st.dmesg, g_strdup(res->dmesg[i]));
	for (size_t i = 0; i < res->nr_diag; i++)
		g_ptr_array_add(st.diag, g_strdup(res->diag[i]));

	if (sim && !r->geometry && cmasim_zone_count(sim)) {
		gchar *err = NULL;

		if (view_map_build(sim, NULL, &r->geometry, &err))
			g_free(err);
		r->nr_orders = cmasim_max_page_order(sim) + 1;
		cmasim_cma_for_each_area(sim, note_area, r);
		r->details_kept = r->geometry &&
				  r->geometry->pb_per_cell == 1 &&
				  r->geometry->nr_cells <= r->opts.max_detail_cells;
	}
	if (!sim || !r->geometry) {
		g_array_append_val(r->steps, st);
		return;
	}
	bitmaps = r->opts.html ? g_string_new(NULL) : NULL;
	sample(r, sim, &st, bitmaps);
	if (r->opts.html) {
		struct view_map *m = NULL;
		gchar *err = NULL;

		st.bitmaps = dict_add(&r->bitmap_sets,
				      g_string_free(bitmaps, FALSE));
		if (!view_map_build(sim, NULL, &m, &err))
			st.map = dict_add(&r->maps, map_text(m));
		g_free(err);
		view_map_free(m);
		st.free_lists = dict_add(&r->free_sets, free_lists(r, sim));
		if (r->details_kept)
			st.details = dict_add(&r->detail_sets,
					      detail_set(r, sim));
		if (st.cma_alloc)
			st.windows = windows(sim);
	}
	g_array_append_val(r->steps, st);
}
