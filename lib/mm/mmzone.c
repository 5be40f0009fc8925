// SPDX-License-Identifier: GPL-2.0-only
/*
 * Looking zones up: the zone of a pfn, the zone type names, and the
 * public zone getters.  The role of mm/mmzone.c and the zone helpers of
 * include/linux/mmzone.h (page_zone, zone names of mm/page_alloc.c's
 * zone_names[]).
 *
 * And the memmap behind them, kept the way mm/sparse.c keeps
 * mem_section[] and deferred struct page init defers the pages: a chunk
 * of struct cms_page per section, allocated when something first touches
 * the section.  The boot hands untouched sections of free memory to the
 * buddy as runs of max-order blocks (struct cms_run) that stand on the
 * free list where those blocks would stand; materialising a section puts
 * its blocks there as pages, in the same places, so the list order (and
 * with it every pfn the allocator picks) is the one a fully built memmap
 * gives.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

static const char *const zone_type_names[CMS_ZONE_TYPE_COUNT] = {
	[CMS_ZONE_DMA] = "DMA",
	[CMS_ZONE_DMA32] = "DMA32",
	[CMS_ZONE_NORMAL] = "Normal",
	[CMS_ZONE_HIGHMEM] = "HighMem",
	[CMS_ZONE_MOVABLE] = "Movable",
	[CMS_ZONE_DEVICE] = "Device",
};

const char *cms_zone_type_name(enum cms_zone_type t)
{
	return zone_type_names[t];
}

struct cms_zone *cms_pfn_zone_lookup(struct cmasim *sim, uint64_t pfn)
{
	struct cms_mm *mm = sim->mm;
	struct cms_zone *z;

	if (!cms_free_area_init_done(sim))
		return NULL;
	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			z = &mm->nodes[n].zones[j];
			if (z->spanned && pfn >= z->start_pfn &&
			    pfn < z->start_pfn + z->spanned) {
				mm->last_zone = z;
				return z;
			}
		}
	return NULL;
}

/* ---- public getters ---- */

unsigned int cmasim_zone_count(const struct cmasim *sim)
{
	if (!sim || !cms_free_area_init_done(sim))
		return 0;
	return (unsigned int)(sim->mm->nr_nodes * sim->mm->nr_zones);
}

struct cms_zone *cms_zone_slot(const struct cmasim *sim, unsigned int i)
{
	if (i >= cmasim_zone_count(sim))
		return NULL;
	return &sim->mm->nodes[i / sim->mm->nr_zones]
			.zones[i % sim->mm->nr_zones];
}

int cmasim_zone_get(const struct cmasim *sim, unsigned int i,
		    struct cmasim_zone_info *info)
{
	const struct cms_zone *z;

	if (!sim || !info)
		return -EINVAL;
	z = cms_zone_slot(sim, i);
	if (!z)
		return -ENOENT;
	memset(info, 0, sizeof(*info));
	info->nid = z->node->nid;
	info->zone_idx = z->idx;
	info->name = z->name;
	info->start_pfn = z->start_pfn;
	info->spanned = z->spanned;
	info->present = z->present;
	info->managed = z->managed;
	info->cma = z->cma_pages;
	info->free = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	info->free_cma = (uint64_t)z->vm[CMS_ZS_NR_FREE_CMA_PAGES];
	for (int w = 0; w < CMASIM_NR_WMARK; w++)
		info->wmark[w] = z->wmark[w];
	info->boost = z->watermark_boost;
	return 0;
}

int cmasim_pfn_to_zone(const struct cmasim *sim, cmasim_pfn_t pfn)
{
	const struct cms_mm *mm;

	if (!sim || !cms_free_area_init_done(sim))
		return -ENOENT;
	mm = sim->mm;
	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &mm->nodes[n].zones[j];

			if (z->spanned && pfn >= z->start_pfn &&
			    pfn < z->start_pfn + z->spanned)
				return n * mm->nr_zones + j;
		}
	return -ENOENT;
}

uint64_t cmasim_totalram_pages(const struct cmasim *sim)
{
	return sim ? sim->mm->totalram_pages : 0;
}

int cmasim_zone_get_free_area(const struct cmasim *sim, unsigned int i,
			      unsigned int order,
			      uint64_t *nr_free)
{
	const struct cms_zone *z;

	if (!sim || !nr_free || order >= sim->nr_orders)
		return -EINVAL;
	z = cms_zone_slot(sim, i);
	if (!z)
		return -ENOENT;
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		nr_free[t] = z->area ? z->area[order].list[t].nr : 0;
	return 0;
}

bool cms_pfn_online(const struct cmasim *sim, uint64_t pfn)
{
	const struct cms_memblock_type *m = &sim->memblock->memory;
	unsigned int ss = sim->mm->section_shift;
	uint64_t s = (pfn >> ss) << ss, e = s + (UINT64_C(1) << ss);

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t a = m->regions[i].base >> sim->page_shift;
		uint64_t b = (m->regions[i].base + m->regions[i].size) >>
			     sim->page_shift;

		if (a < e && b > s)
			return true;
	}
	return false;
}

/* ---- The deferred memmap ---- */

static uint64_t run_pages(const struct cms_zone *z)
{
	return UINT64_C(1) << z->run_order;
}

static uint64_t chunk_first_pfn(const struct cms_zone *z, uint64_t c)
{
	return z->start_pfn - z->chunk_off + (c << z->chunk_shift);
}

/* Runs ordered by their first block (they never overlap). */
static gint run_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	const struct cms_zone *z = data;
	uint64_t fa = z->runs[GPOINTER_TO_SIZE(a)].first;
	uint64_t fb = z->runs[GPOINTER_TO_SIZE(b)].first;

	return fa < fb ? -1 : fa > fb;
}

struct run_key {
	const struct cms_zone *z;
	uint64_t i;
};

static gint run_search(gconstpointer key, gconstpointer data)
{
	const struct run_key *k = data;
	const struct cms_run *r = &k->z->runs[GPOINTER_TO_SIZE(key)];

	if (k->i < r->first)
		return -1;
	if (k->i >= r->first + (r->nr << k->z->run_order))
		return 1;
	return 0;
}

const struct cms_run *cms_memmap_run_at(const struct cms_zone *z, uint64_t i)
{
	struct run_key k = { z, i };
	GTreeNode *n;

	if (!z->run_tree || !g_tree_nnodes(z->run_tree))
		return NULL;
	n = g_tree_search_node(z->run_tree, run_search, &k);
	return n ? &z->runs[GPOINTER_TO_SIZE(g_tree_node_key(n))] : NULL;
}

static uint64_t run_new(struct cms_zone *z)
{
	uint64_t id;

	if (z->free_run != CMS_NIL) {
		id = z->free_run;
		z->free_run = z->runs[id].next;
		return id;
	}
	if (z->nr_runs == z->cap_runs) {
		z->cap_runs = z->cap_runs ? z->cap_runs * 2 : 16;
		z->runs = g_renew(struct cms_run, z->runs, z->cap_runs);
	}
	return z->nr_runs++;
}

static void run_free(struct cms_zone *z, uint64_t id)
{
	z->runs[id].nr = 0;
	z->runs[id].next = z->free_run;
	z->free_run = id;
}

bool cms_memmap_present(const struct cms_zone *z, uint64_t pfn)
{
	size_t lo = 0, hi = z->nr_mem;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pfn < z->mem[mid].s)
			hi = mid;
		else if (pfn >= z->mem[mid].e)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int cms_memmap_alloc(struct cmasim *sim, struct cms_zone *z,
		     const struct cms_pfn_range *r, size_t nr)
{
	unsigned int shift = sim->mm->section_shift;
	uint64_t base;

	if (shift < sim->max_order)
		shift = sim->max_order;
	z->chunk_shift = shift;
	z->chunk_mask = (UINT64_C(1) << shift) - 1;
	z->run_order = sim->max_order;
	base = z->start_pfn & ~((UINT64_C(1) << shift) - 1);
	z->chunk_off = z->start_pfn - base;
	z->nr_chunks = (z->start_pfn + z->spanned - base +
			(UINT64_C(1) << shift) - 1) >> shift;
	z->free_run = CMS_NIL;
	z->chunk = g_try_new0(struct cms_page *, z->nr_chunks);
	z->mem = nr ? g_try_new(struct cms_pfn_range, nr) : NULL;
	if (!z->chunk || (nr && !z->mem))
		return -ENOMEM;
	/*
	 * Address space for every chunk, reserved but not backed: the host
	 * gives a page of it memory when a chunk is materialised and written.
	 */
	if ((z->nr_chunks << shift) > SIZE_MAX / sizeof(struct cms_page))
		return -ENOMEM;
	z->map_bytes = (size_t)(z->nr_chunks << shift) * sizeof(struct cms_page);
	z->map_base = mmap(NULL, z->map_bytes, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (z->map_base == MAP_FAILED) {
		z->map_base = NULL;
		return -ENOMEM;
	}
	z->map = (struct cms_page *)z->map_base + z->chunk_off;
	if (nr)
		memcpy(z->mem, r, nr * sizeof(*r));
	z->nr_mem = nr;
	z->run_tree = g_tree_new_full(run_cmp, z, NULL, NULL);
	return 0;
}

void cms_memmap_free(struct cms_zone *z)
{
	if (z->map_base)
		munmap(z->map_base, z->map_bytes);
	z->map_base = NULL;
	z->map = NULL;
	g_free(z->chunk);
	z->chunk = NULL;
	g_free(z->runs);
	z->runs = NULL;
	if (z->run_tree)
		g_tree_destroy(z->run_tree);
	z->run_tree = NULL;
	g_free(z->mem);
	z->mem = NULL;
}

void cms_memmap_append_run(struct cms_zone *z, uint64_t pfn, uint64_t end,
			   int mt)
{
	struct cms_free_list *l = &z->area[z->run_order].list[mt];
	uint64_t i = pfn - z->start_pfn, n = (end - pfn) >> z->run_order, id;
	struct cms_run *r;

	if (l->tail != CMS_NIL && (l->tail & CMS_RUN_BIT)) {
		r = &z->runs[l->tail & ~CMS_RUN_BIT];
		if (r->first + (r->nr << z->run_order) == i) {
			r->nr += n;
			goto count;
		}
	}
	id = run_new(z);
	r = &z->runs[id];
	r->first = i;
	r->nr = n;
	r->mt = mt;
	r->prev = l->tail;
	r->next = CMS_NIL;
	g_tree_insert(z->run_tree, GSIZE_TO_POINTER(id), NULL);
	if (l->tail == CMS_NIL)
		l->head = id | CMS_RUN_BIT;
	else
		cms_link_set_next(z, l->tail, id | CMS_RUN_BIT);
	l->tail = id | CMS_RUN_BIT;
count:
	l->nr += n;
	z->area[z->run_order].nr_free += n;
}

/* Link @a -> @b on the list @l (either may be CMS_NIL). */
static void link_pair(struct cms_zone *z, struct cms_free_list *l,
		      uint64_t a, uint64_t b)
{
	if (a == CMS_NIL)
		l->head = b;
	else
		cms_link_set_next(z, a, b);
	if (b == CMS_NIL)
		l->tail = a;
	else
		cms_link_set_prev(z, b, a);
}

/*
 * The blocks of run @id inside zone indices [@lo, @hi) become pages on
 * the list, in the run's place: the run keeps what lies before them, and
 * what lies after becomes a run of its own.
 */
static void run_split(struct cms_zone *z, uint64_t id, uint64_t lo,
		      uint64_t hi)
{
	struct cms_run r = z->runs[id];
	struct cms_free_list *l = &z->area[z->run_order].list[r.mt];
	uint64_t bp = run_pages(z), k0, k1, left, right = r.next, prev;
	unsigned int flags = CMS_PG_BUDDY |
			     (z->run_order << CMS_PGF_ORDER_SHIFT) |
			     ((unsigned int)r.mt << CMS_PGF_MT_SHIFT);

	k0 = lo > r.first ? (lo - r.first + bp - 1) >> z->run_order : 0;
	k1 = (hi - r.first + bp - 1) >> z->run_order;
	if (k1 > r.nr)
		k1 = r.nr;
	g_tree_remove(z->run_tree, GSIZE_TO_POINTER(id));
	if (k0) {
		z->runs[id].nr = k0;
		g_tree_insert(z->run_tree, GSIZE_TO_POINTER(id), NULL);
		left = id | CMS_RUN_BIT;
		if (k1 < r.nr) {
			uint64_t id2 = run_new(z);

			z->runs[id2] = (struct cms_run){
				.first = r.first + (k1 << z->run_order),
				.nr = r.nr - k1, .mt = r.mt };
			g_tree_insert(z->run_tree, GSIZE_TO_POINTER(id2), NULL);
			right = id2 | CMS_RUN_BIT;
			z->runs[id2].next = r.next;
			if (r.next != CMS_NIL)
				cms_link_set_prev(z, r.next, right);
			else
				l->tail = right;
		}
	} else {
		left = r.prev;
		if (k1 < r.nr) {
			z->runs[id].first = r.first + (k1 << z->run_order);
			z->runs[id].nr = r.nr - k1;
			g_tree_insert(z->run_tree, GSIZE_TO_POINTER(id), NULL);
			right = id | CMS_RUN_BIT;
		} else {
			run_free(z, id);
		}
	}
	prev = left;
	for (uint64_t k = k0; k < k1; k++) {
		uint64_t i = r.first + (k << z->run_order);
		struct cms_page *p = cms_zone_idx_page(z, i);

		p->flags = flags;
		link_pair(z, l, prev, i);
		prev = i;
	}
	link_pair(z, l, prev, right);
}

struct cms_page *cms_memmap_materialise(struct cms_zone *z, uint64_t c)
{
	uint64_t first = chunk_first_pfn(z, c), bp = run_pages(z);
	uint64_t cs = first > z->start_pfn ? first : z->start_pfn;
	uint64_t ce = first + (UINT64_C(1) << z->chunk_shift), pos = cs;
	struct cms_page *pg;

	if (ce > z->start_pfn + z->spanned)
		ce = z->start_pfn + z->spanned;
	/* never written before: the host hands it over zeroed */
	pg = (struct cms_page *)z->map_base + (c << z->chunk_shift);
	z->chunk[c] = pg;
#ifdef MADV_POPULATE_WRITE
	/* one call for the chunk's host pages instead of a fault per page */
	(void)madvise(pg, sizeof(*pg) << z->chunk_shift, MADV_POPULATE_WRITE);
#endif
	/* holes: what memblock has no memory for */
	for (size_t k = 0; k <= z->nr_mem && pos < ce; k++) {
		uint64_t s = k < z->nr_mem ? z->mem[k].s : ce;
		uint64_t e = k < z->nr_mem ? z->mem[k].e : ce;

		if (e <= pos)
			continue;
		for (; pos < s && pos < ce; pos++)
			pg[pos - first].flags = CMS_PG_RESERVED | CMS_PGF_HOLE;
		pos = e;
	}
	/* pages the boot never freed: reserved, as it left them */
	if (z->memmap_settled)
		for (size_t k = 0; k < z->nr_mem; k++) {
			uint64_t s = z->mem[k].s > cs ? z->mem[k].s : cs;
			uint64_t e = z->mem[k].e < ce ? z->mem[k].e : ce;

			while (s < e) {
				uint64_t be = (s | (bp - 1)) + 1;

				if (be > e)
					be = e;
				if (!cms_memmap_run_at(z, s - z->start_pfn))
					for (uint64_t q = s; q < be; q++)
						pg[q - first].flags =
							CMS_PG_RESERVED;
				s = be;
			}
		}
	/* the runs' blocks of this chunk join their list as pages */
	if (!g_tree_nnodes(z->run_tree))
		return pg;
	for (uint64_t p = (cs + bp - 1) & ~(bp - 1); p < ce;) {
		uint64_t i = p - z->start_pfn;
		const struct cms_run *r = cms_memmap_run_at(z, i);

		if (!r) {
			p += bp;
			continue;
		}
		p = z->start_pfn + r->first + (r->nr << z->run_order);
		run_split(z, (uint64_t)(r - z->runs), cs - z->start_pfn,
			  ce - z->start_pfn);
	}
	return pg;
}

void cms_zone_page_peek(const struct cms_zone *z, uint64_t pfn,
			struct cms_page *out)
{
	uint64_t r = pfn - z->start_pfn + z->chunk_off;
	const struct cms_page *c = z->chunk[r >> z->chunk_shift];
	const struct cms_run *run;

	if (c) {
		*out = c[r & ((UINT64_C(1) << z->chunk_shift) - 1)];
		return;
	}
	memset(out, 0, sizeof(*out));
	if (!cms_memmap_present(z, pfn)) {
		out->flags = CMS_PG_RESERVED | CMS_PGF_HOLE;
		return;
	}
	run = cms_memmap_run_at(z, pfn - z->start_pfn);
	if (!run) {
		if (z->memmap_settled)
			out->flags = CMS_PG_RESERVED;
		return;
	}
	if (!(pfn & (run_pages(z) - 1)))
		out->flags = CMS_PG_BUDDY |
			     (z->run_order << CMS_PGF_ORDER_SHIFT) |
			     ((unsigned int)run->mt << CMS_PGF_MT_SHIFT);
}

uint64_t cms_zone_page_peek_span(const struct cms_zone *z, uint64_t pfn,
				 uint64_t end, struct cms_page *out)
{
	uint64_t r = pfn - z->start_pfn + z->chunk_off;
	uint64_t ce = pfn - (r & z->chunk_mask) + (UINT64_C(1) << z->chunk_shift);
	uint64_t bp = run_pages(z), lim = end < ce ? end : ce;
	size_t lo = 0, hi = z->nr_mem;

	cms_zone_page_peek(z, pfn, out);
	if (z->chunk[r >> z->chunk_shift] || pfn + 1 >= lim)
		return 1;
	if (cms_page_state(out) == CMS_PG_BUDDY)
		return bp;
	/* the first memblock range that ends above @pfn */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->mem[mid].e <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (out->flags & CMS_PGF_HOLE) {
		/* absent up to the next range of memory */
		if (lo < z->nr_mem && z->mem[lo].s < lim)
			lim = z->mem[lo].s;
		return lim - pfn;
	}
	/* reserved (or not initialised) up to the range's end or a block */
	if (z->mem[lo].e < lim)
		lim = z->mem[lo].e;
	if (((pfn | (bp - 1)) + 1) < lim)
		lim = (pfn | (bp - 1)) + 1;
	return lim - pfn;
}
