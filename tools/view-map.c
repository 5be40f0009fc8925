// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory map as cells: every pageblock the instance has, read with
 * cmasim_for_each_pageblock(), summed into cells of 2^k pageblocks so
 * that a map stays within a cell budget from a 512 MiB board to a 1 TiB
 * server; the CMA areas, /reserved-memory regions, no-map ranges and
 * DMA pools to outline; the zones to label.  The SVG and text writers
 * draw from this model (view-svg.c, view-text.c).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "view.h"

/* ---- Names, colours, sizes ---- */

static const struct {
	const char *name;
	char letter;
	const char *colour;
} types[CMASIM_MIGRATE_TYPES] = {
	[CMASIM_MIGRATE_UNMOVABLE] = { "Unmovable", 'U', "#d62728" },
	[CMASIM_MIGRATE_MOVABLE] = { "Movable", 'M', "#1f77b4" },
	[CMASIM_MIGRATE_RECLAIMABLE] = { "Reclaimable", 'R', "#ff7f0e" },
	[CMASIM_MIGRATE_HIGHATOMIC] = { "HighAtomic", 'H', "#9467bd" },
	[CMASIM_MIGRATE_CMA] = { "CMA", 'C', "#2ca02c" },
	[CMASIM_MIGRATE_ISOLATE] = { "Isolate", 'I', "#8c564b" },
};

const char *view_type_name(int mt)
{
	return mt >= 0 && mt < CMASIM_MIGRATE_TYPES ? types[mt].name : "none";
}

char view_type_letter(int mt)
{
	return mt >= 0 && mt < CMASIM_MIGRATE_TYPES ? types[mt].letter : '?';
}

const char *view_type_colour(int mt)
{
	return mt >= 0 && mt < CMASIM_MIGRATE_TYPES ? types[mt].colour :
						      "#ffffff";
}

const char *view_region_kind_name(enum view_region_kind k)
{
	static const char *const names[VIEW_REGION_KINDS] = {
		[VIEW_REGION_CMA] = "CMA area",
		[VIEW_REGION_RESERVED] = "reserved",
		[VIEW_REGION_NOMAP] = "no-map",
		[VIEW_REGION_POOL] = "DMA pool",
		[VIEW_REGION_RESTRICTED] = "restricted DMA pool",
	};

	return names[k];
}

gchar *view_size(uint64_t bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB",
					     "TiB", "PiB" };
	unsigned int u = 0;

	while (u + 1 < G_N_ELEMENTS(units) && bytes >> (10 * (u + 1)))
		u++;
	if (!(bytes & ((UINT64_C(1) << (10 * u)) - 1)))
		return g_strdup_printf("%" PRIu64 " %s", bytes >> (10 * u),
				       units[u]);
	return g_strdup_printf("%.1f %s",
			       (double)bytes / (double)(UINT64_C(1) << (10 * u)),
			       units[u]);
}

gchar *view_addr(uint64_t addr)
{
	return g_strdup_printf("0x%08" PRIx64, addr);
}

/* ---- Cells ---- */

int view_cell_type(const struct view_cell *c)
{
	uint32_t n[CMASIM_MIGRATE_TYPES] = { 0 }, best = 0;
	int type = -1;

	for (int k = 0; k < VIEW_CELL_ZONES && c->zones[k].zone >= 0; k++)
		for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
			n[t] += c->zones[k].blocks[t];
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		if (n[t] > best) {
			best = n[t];
			type = t;
		}
	return type;
}

uint64_t view_cell_used(const struct view_cell *c)
{
	return c->movable + c->unmovable + c->reserved;
}

uint64_t view_cell_pfn(const struct view_map *m, unsigned int i)
{
	return m->start_pfn + (uint64_t)i * m->cell_pages;
}

bool view_cell_span(const struct view_map *m, uint64_t s, uint64_t e,
		    unsigned int *c0, unsigned int *c1)
{
	s = MAX(s, m->start_pfn);
	e = MIN(e, m->end_pfn);
	if (s >= e)
		return false;
	*c0 = (unsigned int)((s - m->start_pfn) / m->cell_pages);
	*c1 = (unsigned int)((e - 1 - m->start_pfn) / m->cell_pages);
	return true;
}

unsigned int *view_map_visual_rows(const struct view_map *m)
{
	unsigned int cell_rows = (m->nr_cells + m->cols - 1) / m->cols;
	unsigned int *v = g_new0(unsigned int, cell_rows + 1);

	for (guint k = 0; k < m->rows->len; k++) {
		const struct view_row *r = &g_array_index(m->rows,
						struct view_row, k);

		for (unsigned int j = 0; j < r->nr_rows; j++)
			v[r->first_cell / m->cols + j] = k;
	}
	return v;
}

/* The zone entry of a cell for @zone (the last one when they run out). */
static struct view_cell_zone *cell_zone(struct view_cell *c, int zone)
{
	int k;

	for (k = 0; k < VIEW_CELL_ZONES; k++) {
		if (c->zones[k].zone == zone)
			return &c->zones[k];
		if (c->zones[k].zone < 0) {
			c->zones[k].zone = zone;
			return &c->zones[k];
		}
	}
	return &c->zones[VIEW_CELL_ZONES - 1];
}

/* The CMA areas' used ranges, sorted, for the pages cma_alloc() holds. */
struct used {
	GArray *ranges;			/* uint64_t pairs: start, end */
};

static int add_used(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	uint64_t r[2] = { pfn, pfn + count };

	g_array_append_vals(((struct used *)data)->ranges, r, 2);
	return 0;
}

static int used_of_area(const struct cmasim_cma *cma, void *data)
{
	return cmasim_cma_for_each_used_range(cma, add_used, data);
}

static gint cmp_range(gconstpointer a, gconstpointer b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Pages of [s, e) that cma_alloc() handed out. */
static uint64_t used_pages(const struct used *u, uint64_t s, uint64_t e)
{
	const uint64_t *r = (const uint64_t *)(void *)u->ranges->data;
	guint lo = 0, hi = u->ranges->len / 2;
	uint64_t n = 0;

	while (lo < hi) {
		guint mid = (lo + hi) / 2;

		if (r[2 * mid + 1] <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (guint i = lo; i < u->ranges->len / 2 && r[2 * i] < e; i++)
		n += MIN(e, r[2 * i + 1]) - MAX(s, r[2 * i]);
	return n;
}

struct fill {
	struct view_map *m;
	struct used used;
};

static int add_pageblock(const struct cmasim_pageblock_info *pb, void *data)
{
	struct fill *f = data;
	struct view_map *m = f->m;
	struct view_cell *c;
	uint64_t i;

	if (pb->pfn < m->start_pfn || pb->pfn >= m->end_pfn)
		return 0;
	i = (pb->pfn - m->start_pfn) / m->cell_pages;
	c = &m->cells[i];
	c->online += pb->nr_pages;
	c->free += pb->nr_free;
	c->pcp += pb->nr_pcp;
	c->movable += pb->nr_movable;
	c->unmovable += pb->nr_unmovable;
	c->pinned += pb->nr_pinned;
	c->reserved += pb->nr_reserved;
	c->absent += pb->nr_absent;
	if (pb->max_free_order > c->max_free_order)
		c->max_free_order = pb->max_free_order;
	if (pb->migratetype == CMASIM_MIGRATE_CMA) {
		uint64_t held = used_pages(&f->used, pb->pfn,
					   pb->pfn + pb->nr_pages);

		c->cma_pinned += pb->nr_pinned;
		if (pb->nr_unmovable > held)
			c->cma_unmovable += pb->nr_unmovable - held;
	}
	cell_zone(c, (int)pb->zone)->blocks[pb->migratetype]++;
	return 0;
}

/* ---- Regions ---- */

static void add_region(struct view_map *m, const char *name,
		       enum view_region_kind kind, bool no_map, uint64_t base,
		       uint64_t size, gchar *what)
{
	struct view_region r = {
		.name = g_strdup(name), .kind = kind, .no_map = no_map,
		.start_pfn = base / m->page_size,
		.end_pfn = (base + size + m->page_size - 1) / m->page_size,
		.what = what,
	};

	if (!size || r.end_pfn <= m->start_pfn || r.start_pfn >= m->end_pfn) {
		g_free(r.name);
		g_free(r.what);
		return;
	}
	g_array_append_val(m->regions, r);
}

struct area_walk {
	struct view_map *m;
};

static int sum_range(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	(void)pfn;
	*(uint64_t *)data += count;
	return 0;
}

static int region_of_area(const struct cmasim_cma *cma, void *data)
{
	struct area_walk *w = data;
	uint64_t size = cmasim_cma_get_size(cma), used = 0;
	gchar *sz = view_size(size);

	cmasim_cma_for_each_used_range(cma, sum_range, &used);
	add_region(w->m, cmasim_cma_get_name(cma), VIEW_REGION_CMA, false,
		   cmasim_cma_get_base(cma), size,
		   g_strdup_printf("CMA area, %s, %" PRIu64 " of %" PRIu64 " pages taken by cma_alloc()",
				   sz, used, cmasim_cma_get_count(cma)));
	g_free(sz);
	return 0;
}

static int region_of_rmem(const struct cmasim_rmem_info *r, void *data)
{
	struct area_walk *w = data;
	enum view_region_kind kind;
	gchar *sz = view_size(r->size);
	const char *what;

	switch (r->kind) {
	case CMASIM_RMEM_CMA:
		g_free(sz);
		return 0;		/* drawn as its CMA area */
	case CMASIM_RMEM_NOMAP:
		kind = VIEW_REGION_NOMAP;
		what = "reserved-memory, no-map";
		break;
	case CMASIM_RMEM_COHERENT:
		kind = VIEW_REGION_POOL;
		what = "reserved-memory, coherent pool";
		break;
	case CMASIM_RMEM_RESTRICTED:
		kind = VIEW_REGION_RESTRICTED;
		what = "reserved-memory, restricted-dma-pool";
		break;
	case CMASIM_RMEM_FAILED:
		kind = VIEW_REGION_RESERVED;
		what = "reserved-memory, refused (given back)";
		break;
	default:
		kind = r->no_map ? VIEW_REGION_NOMAP : VIEW_REGION_RESERVED;
		what = "reserved-memory";
		break;
	}
	add_region(w->m, r->name, kind, r->no_map, r->base, r->size,
		   g_strdup_printf("%s%s, %s", what,
				   r->no_map && kind != VIEW_REGION_NOMAP ?
				   ", no-map" : "", sz));
	g_free(sz);
	return 0;
}

/* Whether a region drawn already says [s, e) is no-map. */
static bool nomap_drawn(const struct view_map *m, uint64_t s, uint64_t e)
{
	for (guint i = 0; i < m->regions->len; i++) {
		const struct view_region *r = &g_array_index(m->regions,
						struct view_region, i);

		if (r->no_map && r->start_pfn < e && r->end_pfn > s)
			return true;
	}
	return false;
}

static void collect_regions(const struct cmasim *sim, struct view_map *m)
{
	struct area_walk w = { .m = m };
	struct cmasim_dma_coherent_info ci;
	struct cmasim_dma_pool_info pi;
	unsigned long nr = cmasim_memblock_region_count(sim,
						CMASIM_MEMBLOCK_MEMORY);

	cmasim_cma_for_each_area(sim, region_of_area, &w);
	cmasim_for_each_rmem(sim, region_of_rmem, &w);
	for (unsigned int i = 0; i < 3; i++) {
		gchar *sz;

		if (cmasim_dma_atomic_pool_get(sim, i, &pi))
			continue;
		sz = view_size(pi.size);
		add_region(m, pi.name, VIEW_REGION_POOL, false, pi.phys_base,
			   pi.size,
			   g_strdup_printf("DMA atomic pool (%s), %s%s", pi.gfp,
					   sz, pi.from_cma ?
					   ", from the CMA area" : ""));
		g_free(sz);
	}
	if (!cmasim_dma_coherent_get_info(sim, NULL, &ci)) {
		gchar *sz = view_size(ci.pages * m->page_size);

		add_region(m, "global coherent pool", VIEW_REGION_POOL, false,
			   ci.phys_base, ci.pages * m->page_size,
			   g_strdup_printf("global coherent pool, %s", sz));
		g_free(sz);
	}
	/* no-map memory that no /reserved-memory region explains */
	for (unsigned long i = 0; i < nr; i++) {
		struct cmasim_memblock_region r;
		gchar *sz;

		if (cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY, i,
					       &r) ||
		    !(r.flags & CMASIM_MEMBLOCK_NOMAP) ||
		    nomap_drawn(m, r.base / m->page_size,
				(r.base + r.size) / m->page_size))
			continue;
		sz = view_size(r.size);
		add_region(m, "no-map", VIEW_REGION_NOMAP, true, r.base,
			   r.size,
			   g_strdup_printf("memblock memory marked no-map, %s",
					   sz));
		g_free(sz);
	}
}

/* ---- Building ---- */

static void add_rows(struct view_map *m)
{
	unsigned int nr_rows = (m->nr_cells + m->cols - 1) / m->cols;

	for (unsigned int r = 0; r < nr_rows; r++) {
		struct view_row row = { .first_cell = r * m->cols,
					.nr_rows = 1 };
		unsigned int end = MIN(m->nr_cells, (r + 1) * m->cols);
		bool empty = true;

		for (unsigned int i = row.first_cell; i < end && empty; i++)
			empty = !m->cells[i].online;
		if (empty && m->rows->len) {
			struct view_row *last = &g_array_index(m->rows,
						struct view_row, m->rows->len - 1);
			unsigned int last_end = MIN(m->nr_cells,
				last->first_cell + last->nr_rows * m->cols);
			bool last_empty = true;

			for (unsigned int i = last->first_cell;
			     i < last_end && last_empty; i++)
				last_empty = !m->cells[i].online;
			if (last_empty) {
				last->nr_rows++;
				continue;
			}
		}
		g_array_append_val(m->rows, row);
	}
}

static void free_region(gpointer p)
{
	struct view_region *r = p;

	g_free(r->name);
	g_free(r->what);
}

static void free_zone(gpointer p)
{
	g_free(((struct view_zone *)p)->name);
}

static const char *kernel_name(enum cmasim_kernel k)
{
	return k == CMASIM_KERNEL_6_1 ? "6.1" : "6.12";
}

int view_map_build(const struct cmasim *sim, const struct view_map_opts *o,
		   struct view_map **out, gchar **err)
{
	struct view_map *m;
	unsigned int nz = cmasim_zone_count(sim), max_cells, pb_per_cell = 1;
	uint64_t lo = UINT64_MAX, hi = 0, pbn, npb, present = 0;
	struct fill f;
	gchar *sz;

	if (!nz)
		return -EPERM;
	m = g_new0(struct view_map, 1);
	m->page_size = cmasim_page_size(sim);
	m->pageblock_order = cmasim_pageblock_order(sim);
	m->cols = o && o->cols ? o->cols : VIEW_COLS;
	max_cells = o && o->max_cells ? o->max_cells : VIEW_MAX_CELLS;
	m->zones = g_array_new(FALSE, TRUE, sizeof(struct view_zone));
	g_array_set_clear_func(m->zones, free_zone);
	m->regions = g_array_new(FALSE, TRUE, sizeof(struct view_region));
	g_array_set_clear_func(m->regions, free_region);
	m->rows = g_array_new(FALSE, TRUE, sizeof(struct view_row));
	for (unsigned int i = 0; i < nz; i++) {
		struct cmasim_zone_info zi;
		struct view_zone z;

		if (cmasim_zone_get(sim, i, &zi) || !zi.present)
			continue;
		lo = MIN(lo, zi.start_pfn);
		hi = MAX(hi, zi.start_pfn + zi.spanned);
		present += zi.present;
		z = (struct view_zone){ .slot = (int)i, .nid = zi.nid,
					.name = g_strdup(zi.name),
					.start_pfn = zi.start_pfn,
					.end_pfn = zi.start_pfn + zi.spanned };
		g_array_append_val(m->zones, z);
	}
	if (o && (o->start_pfn || o->end_pfn)) {
		lo = MAX(lo, o->start_pfn);
		hi = MIN(hi, o->end_pfn);
	}
	if (lo >= hi) {
		*err = g_strdup("the range holds no memory of any zone");
		view_map_free(m);
		return -EINVAL;
	}
	pbn = UINT64_C(1) << m->pageblock_order;
	npb = (hi - (lo & ~(pbn - 1)) + pbn - 1) / pbn;
	while ((npb + pb_per_cell - 1) / pb_per_cell > max_cells)
		pb_per_cell <<= 1;
	m->pb_per_cell = pb_per_cell;
	m->cell_pages = pbn * pb_per_cell;
	m->start_pfn = lo / m->cell_pages * m->cell_pages;
	m->end_pfn = (hi + m->cell_pages - 1) / m->cell_pages * m->cell_pages;
	m->nr_cells = (unsigned int)((m->end_pfn - m->start_pfn) /
				     m->cell_pages);
	m->cells = g_new0(struct view_cell, m->nr_cells);
	for (unsigned int i = 0; i < m->nr_cells; i++) {
		m->cells[i].max_free_order = -1;
		for (int k = 0; k < VIEW_CELL_ZONES; k++)
			m->cells[i].zones[k].zone = -1;
	}
	f.m = m;
	f.used.ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	cmasim_cma_for_each_area(sim, used_of_area, &f.used);
	g_array_sort(f.used.ranges, cmp_range);
	cmasim_for_each_pageblock(sim, m->start_pfn, m->end_pfn,
				  add_pageblock, &f);
	g_array_free(f.used.ranges, TRUE);
	collect_regions(sim, m);
	add_rows(m);
	sz = view_size(present * m->page_size);
	m->title = g_strdup_printf("%s, Linux %s, %s",
				   cmasim_arch_name(cmasim_get_arch(sim)),
				   kernel_name(cmasim_get_kernel(sim)), sz);
	g_free(sz);
	*out = m;
	return 0;
}

void view_map_free(struct view_map *m)
{
	if (!m)
		return;
	g_free(m->title);
	g_free(m->cells);
	g_array_free(m->rows, TRUE);
	g_array_free(m->regions, TRUE);
	g_array_free(m->zones, TRUE);
	g_free(m);
}

/* One address of a range: the whole text in memparse syntax. */
static bool parse_addr(const char *text, uint64_t *v)
{
	size_t n = 0;

	return *text && !cmasim_memparse(text, v, &n) && n == strlen(text);
}

bool view_parse_range(const struct cmasim *sim, const char *text,
		      uint64_t *start_pfn, uint64_t *end_pfn, gchar **err)
{
	const char *dash = text ? strchr(text, '-') : NULL;
	uint64_t ps = cmasim_page_size(sim), a = 0, b = 0;
	gchar *first = dash ? g_strndup(text, (gsize)(dash - text)) : NULL;
	bool ok = dash && parse_addr(first, &a) && parse_addr(dash + 1, &b) &&
		  a < b;

	g_free(first);
	if (!ok) {
		*err = g_strdup_printf("--range '%s': expected START-END, two addresses in memparse syntax (0x40000000-2G) with START below END",
				       text ? text : "");
		return false;
	}
	*start_pfn = a / ps;
	*end_pfn = (b + ps - 1) / ps;
	return true;
}
