// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-only walks of the memory map, for the views (the memory-map
 * pictures, the interactive view): every block of a pfn range as the
 * kernel's read_page_owner() meets it (mm/page_owner.c: a block's
 * order, migratetype and owner), classified as stable_page_flags()
 * does (fs/proc/page.c: buddy, reserved, no page), and every pageblock's
 * pages counted, the walk of pagetypeinfo_showblockcount_print()
 * (mm/vmstat.c) over pageblocks with that of
 * pagetypeinfo_showmixedcount_print() (mm/page_owner.c) inside each.
 *
 * Nothing here changes the instance: pages are read with
 * cms_zone_page_peek_span(), which never materialises a memmap chunk,
 * and reads an untouched chunk's holes, reserved ranges and free
 * max-order blocks whole, so a walk costs what the used memory costs.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <cmasim/pages.h>

#include "core/instance.h"
#include "mm/mmzone.h"

/* One zone's walk: the callback and the run of alike pages pending. */
struct walk {
	const struct cmasim *sim;
	const struct cms_zone *z;
	cmasim_page_block_fn fn;
	void *data;
	struct cmasim_page_block run;	/* reserved or absent, nr_pages 0: none */
};

/*
 * The head of the free or allocated block that holds @pfn of @z when
 * @pfn is a tail, or UINT64_MAX (the twin of cms_block_head() that reads
 * the memmap without materialising it).
 */
static uint64_t head_of(const struct cmasim *sim, const struct cms_zone *z,
			uint64_t pfn)
{
	struct cms_page p;

	for (unsigned int o = 1; o <= sim->max_order; o++) {
		uint64_t head = cms_align_down(pfn, UINT64_C(1) << o);

		if (head < z->start_pfn)
			break;
		cms_zone_page_peek(z, head, &p);
		if (cms_page_state(&p) != CMS_PG_TAIL) {
			if (cms_page_order(&p) >= o &&
			    cms_page_state(&p) != CMS_PG_RESERVED)
				return head;
			break;
		}
	}
	return UINT64_MAX;
}

static int flush_run(struct walk *w)
{
	int ret = 0;

	if (w->run.nr_pages)
		ret = w->fn(&w->run, w->data);
	w->run.nr_pages = 0;
	return ret;
}

/* Reserved or absent pages [@pfn, @pfn + @n): they join the run pending. */
static int add_run(struct walk *w, enum cmasim_page_state state,
		   uint64_t pfn, uint64_t n)
{
	int ret;

	if (w->run.nr_pages && w->run.state == state &&
	    w->run.pfn + w->run.nr_pages == pfn) {
		w->run.nr_pages += n;
		return 0;
	}
	ret = flush_run(w);
	w->run = (struct cmasim_page_block){ .pfn = pfn, .nr_pages = n,
					     .state = state,
					     .migratetype = -1 };
	return ret;
}

/* The block headed by @pfn whose page reads @p. */
static int emit_head(struct walk *w, uint64_t pfn, const struct cms_page *p)
{
	struct cmasim_page_block b = { .pfn = pfn, .migratetype = -1 };
	int ret = flush_run(w);

	if (ret)
		return ret;
	b.order = cms_page_order(p);
	b.nr_pages = UINT64_C(1) << b.order;
	switch (cms_page_state(p)) {
	case CMS_PG_BUDDY:
	case CMS_PG_FREEING:	/* freed, its merge waiting (see mmzone.h) */
		b.state = CMASIM_PAGE_FREE;
		b.migratetype = cms_page_mt(p);
		break;
	case CMS_PG_PCP:
		b.state = CMASIM_PAGE_PCP;
		b.migratetype = cms_page_mt(p);
		break;
	default:
		b.state = CMASIM_PAGE_ALLOCATED;
		b.movable = p->flags & CMS_PGF_MOVABLE;
		b.pinned = p->flags & CMS_PGF_PINNED;
		b.owner = p->a;
		b.tag = p->b;
		break;
	}
	return w->fn(&b, w->data);
}

/* Walk [@s, @e) of @z (inside its span). */
static int walk_zone(struct walk *w, uint64_t s, uint64_t e)
{
	const struct cms_zone *z = w->z;
	uint64_t pfn = s, head = UINT64_MAX;
	struct cms_page p;
	int ret = 0;

	cms_zone_page_peek(z, s, &p);
	if (cms_page_state(&p) == CMS_PG_TAIL)
		head = head_of(w->sim, z, s);
	if (head != UINT64_MAX) {
		cms_zone_page_peek(z, head, &p);
		ret = emit_head(w, head, &p);
		pfn = head + (UINT64_C(1) << cms_page_order(&p));
	}
	while (!ret && pfn < e) {
		uint64_t n = cms_zone_page_peek_span(z, pfn, e, &p);

		switch (cms_page_state(&p)) {
		case CMS_PG_BUDDY:
		case CMS_PG_FREEING:
		case CMS_PG_PCP:
		case CMS_PG_ALLOC:
			ret = emit_head(w, pfn, &p);
			n = UINT64_C(1) << cms_page_order(&p);
			break;
		case CMS_PG_RESERVED:
			ret = add_run(w, p.flags & CMS_PGF_HOLE ?
					 CMASIM_PAGE_ABSENT :
					 CMASIM_PAGE_RESERVED, pfn, n);
			break;
		default:
			/* a page no head covers: not initialised, not usable */
			ret = add_run(w, CMASIM_PAGE_RESERVED, pfn, n);
			break;
		}
		pfn += n;
	}
	return ret ? ret : flush_run(w);
}

static int check_walk(const struct cmasim *sim, uint64_t start, uint64_t end,
		      const void *fn)
{
	if (!sim || !fn || end < start)
		return -EINVAL;
	if (!cms_free_area_init_done(sim))
		return -EPERM;
	return 0;
}

int cmasim_for_each_page_block(const struct cmasim *sim,
			       cmasim_pfn_t start_pfn, cmasim_pfn_t end_pfn,
			       cmasim_page_block_fn fn, void *data)
{
	struct walk w = { .sim = sim, .fn = fn, .data = data };
	struct cms_node *n;
	struct cms_zone *z;
	int ret = check_walk(sim, start_pfn, end_pfn, (const void *)fn);

	if (ret)
		return ret;
	cms_for_each_zone(sim->mm, n, z) {
		uint64_t s = cms_max_u64(start_pfn, z->start_pfn);
		uint64_t e = cms_min_u64(end_pfn, z->start_pfn + z->spanned);

		if (s >= e)
			continue;
		w.z = z;
		ret = walk_zone(&w, s, e);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- Pageblocks ---- */

/* Count one block's pages inside the pageblock being counted. */
static int count_block(const struct cmasim_page_block *b, void *data)
{
	struct cmasim_pageblock_info *pb = data;
	uint64_t s = cms_max_u64(b->pfn, pb->pfn);
	uint64_t e = cms_min_u64(b->pfn + b->nr_pages, pb->pfn + pb->nr_pages);
	uint64_t n = e > s ? e - s : 0;

	switch (b->state) {
	case CMASIM_PAGE_FREE:
		pb->nr_free += n;
		if ((int)b->order > pb->max_free_order)
			pb->max_free_order = (int)b->order;
		break;
	case CMASIM_PAGE_PCP:
		pb->nr_pcp += n;
		break;
	case CMASIM_PAGE_ALLOCATED:
		if (b->movable)
			pb->nr_movable += n;
		else
			pb->nr_unmovable += n;
		if (b->pinned)
			pb->nr_pinned += n;
		break;
	case CMASIM_PAGE_RESERVED:
		pb->nr_reserved += n;
		break;
	case CMASIM_PAGE_ABSENT:
		pb->nr_absent += n;
		break;
	}
	return 0;
}

int cmasim_for_each_pageblock(const struct cmasim *sim,
			      cmasim_pfn_t start_pfn, cmasim_pfn_t end_pfn,
			      cmasim_pageblock_fn fn, void *data)
{
	struct walk w = { .sim = sim, .fn = count_block };
	uint64_t pbn;
	struct cms_node *n;
	struct cms_zone *z;
	int ret = check_walk(sim, start_pfn, end_pfn, (const void *)fn);

	if (ret)
		return ret;
	pbn = UINT64_C(1) << sim->pageblock_order;
	cms_for_each_zone(sim->mm, n, z) {
		uint64_t zs = z->start_pfn, ze = zs + z->spanned;
		uint64_t s = cms_max_u64(start_pfn, zs);
		uint64_t e = cms_min_u64(end_pfn, ze);

		w.z = z;
		for (uint64_t pb = cms_align_down(s, pbn); s < e && pb < e;
		     pb += pbn) {
			struct cmasim_pageblock_info info = {
				.pfn = cms_max_u64(pb, zs),
				.nid = n->nid,
				.zone = (unsigned int)(n_i * sim->mm->nr_zones +
						       z_j),
				.max_free_order = -1,
			};

			info.nr_pages = cms_min_u64(pb + pbn, ze) - info.pfn;
			if (!cms_pfn_online(sim, info.pfn))
				continue;
			info.migratetype =
				cms_get_pageblock_migratetype(sim, z, info.pfn);
			w.data = &info;
			walk_zone(&w, info.pfn, info.pfn + info.nr_pages);
			ret = fn(&info, data);
			if (ret)
				return ret;
		}
	}
	return 0;
}
