// SPDX-License-Identifier: GPL-2.0-only
/*
 * The migratetype fallback half of mm/page_alloc.c (Linux 6.1 and 6.12):
 * when a free list of the wanted type is empty, the fallbacks[] order,
 * find_suitable_fallback() and can_steal_fallback() (6.12:
 * should_try_claim_block()), the claim of a whole pageblock
 * (steal_suitable_fallback() on 6.1, try_to_claim_block() on 6.12),
 * move_freepages_block() and its count of free and movable pages,
 * __rmqueue_fallback() (6.1), __rmqueue_claim() and __rmqueue_steal()
 * (6.12), and the mm_page_alloc_extfrag event.  The fallback_type,
 * can_claim and claim_block policy hooks (mm/policy.h) replace the
 * kernel's rules here.  The free lists and the fast path these call back
 * into are mm/page_alloc.c's.
 */
#include "config.h"

#include "core/instance.h"
#include "core/trace.h"
#include "mm/internal.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

static inline uint64_t pageblock_nr(const struct cmasim *sim)
{
	return UINT64_C(1) << sim->pageblock_order;
}

static inline bool zone_spans(const struct cms_zone *z, uint64_t pfn)
{
	return pfn >= z->start_pfn && pfn < z->start_pfn + z->spanned;
}

static const int fallbacks[CMS_MIGRATE_PCPTYPES][CMS_MIGRATE_PCPTYPES - 1] = {
	[CMASIM_MIGRATE_UNMOVABLE] = { CMASIM_MIGRATE_RECLAIMABLE, CMASIM_MIGRATE_MOVABLE },
	[CMASIM_MIGRATE_MOVABLE] = { CMASIM_MIGRATE_RECLAIMABLE, CMASIM_MIGRATE_UNMOVABLE },
	[CMASIM_MIGRATE_RECLAIMABLE] = { CMASIM_MIGRATE_UNMOVABLE, CMASIM_MIGRATE_MOVABLE },
};

/* fallbacks[][]: the @i-th type @start_mt falls back to. */
static int fallback_type(int start_mt, int i)
{
	return fallbacks[start_mt][i];
}

/* can_steal_fallback(): may a block of @order be claimed for @start_mt? */
static bool can_steal_fallback(const struct cmasim *sim, unsigned int order,
			       int start_mt)
{
	if (order >= sim->pageblock_order)
		return true;
	return order >= sim->pageblock_order / 2 ||
	       start_mt == CMASIM_MIGRATE_RECLAIMABLE ||
	       start_mt == CMASIM_MIGRATE_UNMOVABLE ||
	       sim->mm->group_by_mobility_disabled;
}

/* The claim threshold: free + compatible pages reach half a block. */
static bool claim_threshold(const struct cmasim *sim, long free_pages,
			    long alike_pages)
{
	return free_pages + alike_pages >=
		       (long)(UINT64_C(1) << (sim->pageblock_order - 1)) ||
	       sim->mm->group_by_mobility_disabled;
}

/* The kernel's rules as hooks: the "kernel" built-in policy. */

int cms_kernel_fallback_type(const struct cmasim *sim, void *priv,
			     const struct cmasim_policy_zone *z, int start_mt,
			     unsigned int order, unsigned int i)
{
	if (start_mt < 0 || start_mt >= CMS_MIGRATE_PCPTYPES ||
	    i >= CMS_MIGRATE_PCPTYPES - 1)
		return -1;
	return fallback_type(start_mt, (int)i);
}

bool cms_kernel_can_claim(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order, int start_mt, int fallback_mt)
{
	return can_steal_fallback(sim, order, start_mt);
}

bool cms_kernel_claim_block(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_claim *c)
{
	return claim_threshold(sim, (long)c->free_pages, (long)c->alike_pages);
}

/* find_suitable_fallback() through the fallback_type and can_claim hooks. */
static __attribute__((noinline)) int
policy_suitable_fallback(struct cmasim *sim, struct cms_zone *z,
			 unsigned int order, int mt, bool only_stealable,
			 bool *can_steal)
{
	const struct cms_policy *p = sim->policy;
	const struct cms_free_area *area = &z->area[order];
	struct cmasim_policy_zone v;

	cms_policy_zone_view(sim, z, &v);
	*can_steal = false;
	for (int i = 0; i < CMS_MIGRATE_PCPTYPES - 1; i++) {
		int fmt = p->hooks.fallback_type ?
			  p->hooks.fallback_type(sim, p->priv, &v, mt, order,
						 (unsigned int)i) :
			  fallback_type(mt, i);

		/* -1, or a type that cannot be a fallback, ends the list */
		if (fmt < 0 || fmt >= CMS_MIGRATE_PCPTYPES || fmt == mt)
			break;
		if (area->list[fmt].head == CMS_NIL)
			continue;
		if (p->hooks.can_claim ?
		    p->hooks.can_claim(sim, p->priv, &v, order, mt, fmt) :
		    can_steal_fallback(sim, order, mt))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fmt;
	}
	return -1;
}

static int find_suitable_fallback(struct cmasim *sim, struct cms_zone *z,
				  unsigned int order, int mt,
				  bool only_stealable, bool *can_steal)
{
	const struct cms_free_area *area = &z->area[order];
	const struct cms_policy *p = sim->policy;

	if (!area->nr_free)
		return -1;
	if (p->hooks.fallback_type || p->hooks.can_claim)
		return policy_suitable_fallback(sim, z, order, mt,
						only_stealable, can_steal);
	*can_steal = false;
	for (int i = 0; i < CMS_MIGRATE_PCPTYPES - 1; i++) {
		int fmt = fallback_type(mt, i);

		if (area->list[fmt].head == CMS_NIL)
			continue;
		if (can_steal_fallback(sim, order, mt))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fmt;
	}
	return -1;
}

/* The claim_block hook on the pageblock of @pfn. */
static __attribute__((noinline)) bool
policy_claim_block(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		   unsigned int order, int start_mt, int block_mt,
		   long free_pages, long alike_pages)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_zone v;
	struct cmasim_policy_claim c = {
		.zone = &v,
		.pfn = cms_align_down(pfn, pageblock_nr(sim)),
		.order = order,
		.start_mt = start_mt,
		.block_mt = block_mt,
		.pageblock_pages = pageblock_nr(sim),
		.free_pages = free_pages > 0 ? (uint64_t)free_pages : 0,
		.alike_pages = alike_pages > 0 ? (uint64_t)alike_pages : 0,
	};

	cms_policy_zone_view(sim, z, &v);
	return p->hooks.claim_block(sim, p->priv, &c);
}

/*
 * Does the pageblock of @pfn, a @block_mt block with @free_pages free and
 * @movable_pages movable, become @start_mt's?  Its pages "alike" the
 * request: the movable ones for a movable request, and for a request
 * taking from a movable block every page neither free nor movable.
 */
static bool claim_whole_block(struct cmasim *sim, struct cms_zone *z,
			      uint64_t pfn, unsigned int order, int start_mt,
			      int block_mt, long free_pages, long movable_pages)
{
	long alike_pages;

	if (start_mt == CMASIM_MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_mt == CMASIM_MIGRATE_MOVABLE)
		alike_pages = (long)pageblock_nr(sim) -
			      (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (sim->policy->hooks.claim_block)
		return policy_claim_block(sim, z, pfn, order, start_mt,
					  block_mt, free_pages, alike_pages);
	return claim_threshold(sim, free_pages, alike_pages);
}

/*
 * The mm_page_alloc_extfrag event: counted for the views
 * (cmasim_extfrag_get_stats()), traced when enabled.
 */
static void extfrag_event(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
			  unsigned int order, unsigned int fb_order,
			  int start_mt, int fb_mt)
{
	struct cmasim_extfrag_stats *st = &sim->mm->extfrag;
	bool fragmenting = fb_order < sim->pageblock_order;
	bool change = start_mt == cms_get_pageblock_migratetype(sim, z, pfn);

	st->events++;
	st->fragmenting += fragmenting;
	st->change_ownership += change;
	if (!cms_trace_on(sim, mm_page_alloc_extfrag))
		return;
	cms_trace_emit(sim, CMS_TRACE_mm_page_alloc_extfrag,
		       "page=%016llx pfn=0x%llx alloc_order=%u fallback_order=%u pageblock_order=%u alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d",
		       (unsigned long long)cms_trace_page_addr(sim, pfn),
		       (unsigned long long)pfn, order, fb_order,
		       sim->pageblock_order, start_mt, fb_mt, fragmenting,
		       change);
}

/*
 * The pages from @pfn to the end of its pageblock, in one piece when the
 * pageblock lies in one chunk of the memory map (NULL otherwise: look
 * each page up).
 */
static inline const struct cms_page *block_pages(const struct cmasim *sim,
						 struct cms_zone *z,
						 uint64_t pfn)
{
	return sim->pageblock_order <= z->chunk_shift ? cms_zone_page(z, pfn) :
						       NULL;
}


static void count_block(struct cmasim *sim, struct cms_zone *z, uint64_t start,
			uint64_t end, long *nr_free, long *nr_movable)
{
	const struct cms_page *pb = block_pages(sim, z, start);

	*nr_free = 0;
	*nr_movable = 0;
	for (uint64_t pfn = start; pfn < end;) {
		const struct cms_page *p = pb ? pb + (pfn - start) :
					   cms_zone_page(z, pfn);
		unsigned int st = cms_page_state(p);
		uint64_t n = UINT64_C(1) << cms_page_order(p);

		if (st == CMS_PG_BUDDY) {
			*nr_free += (long)n;
			pfn += n;
		} else if (st == CMS_PG_ALLOC || st == CMS_PG_PCP) {
			if (st == CMS_PG_ALLOC && (p->flags & CMS_PGF_MOVABLE))
				*nr_movable += (p->flags & CMS_PGF_COMP) ?
					       (long)n : 1;
			pfn += n;
		} else {
			pfn++;
		}
	}
}

long cms_move_freepages_block(struct cmasim *sim, struct cms_zone *z,
			      uint64_t pfn, int old_mt, int new_mt,
			      long *movable)
{
	uint64_t start = cms_align_down(pfn, pageblock_nr(sim));
	uint64_t end = start + pageblock_nr(sim);
	long nr_free, nr_mov;

	(void)old_mt;
	if (movable)
		*movable = 0;
	if (sim->ver->move_freepages_block_sets_type) {
		if (!zone_spans(z, start) || !zone_spans(z, end - 1))
			return -1;
	} else {
		if (!zone_spans(z, start))
			start = pfn;
		if (!zone_spans(z, end - 1))
			return 0;
	}
	if (movable) {
		count_block(sim, z, start, end, &nr_free, &nr_mov);
		*movable = nr_mov;
	}
	if (sim->ver->move_freepages_block_sets_type)
		cms_set_pageblock_migratetype(sim, z, start, new_mt);
	return cms_move_free_range(sim, z, start, end, new_mt);
}

/* 6.1 steal_suitable_fallback() */
static void steal_suitable_fallback(struct cmasim *sim, struct cms_zone *z,
				    uint64_t pfn, int start_mt, bool whole)
{
	unsigned int co = cms_page_order(cms_zone_page(z, pfn));
	int old = cms_get_pageblock_migratetype(sim, z, pfn);
	long free_pages, movable_pages;

	if (old == CMASIM_MIGRATE_HIGHATOMIC)
		goto single_page;
	if (co >= sim->pageblock_order) {
		cms_change_pageblock_range(sim, z, pfn, co, start_mt);
		goto single_page;
	}
	if (!whole)
		goto single_page;
	free_pages = cms_move_freepages_block(sim, z, pfn, old, start_mt,
					      &movable_pages);
	if (!free_pages)
		goto single_page;
	if (claim_whole_block(sim, z, pfn, co, start_mt, old, free_pages,
			      movable_pages))
		cms_set_pageblock_migratetype(sim, z, pfn, start_mt);
	return;
single_page:
	cms_move_to_free_list(sim, z, pfn, co, old, start_mt);
}

/* 6.1 __rmqueue_fallback(); true when a page was moved to start_mt. */
bool cms_rmqueue_fallback_61(struct cmasim *sim, struct cms_zone *z,
				unsigned int order, int start_mt,
				unsigned int alloc_flags)
{
	unsigned int min_order = order;
	int co, fmt = -1;
	bool can_steal = false;
	uint64_t pfn;

	if (order < sim->pageblock_order &&
	    (alloc_flags & CMS_ALLOC_NOFRAGMENT))
		min_order = sim->pageblock_order;
	for (co = (int)sim->max_order; co >= (int)min_order; co--) {
		fmt = find_suitable_fallback(sim, z, (unsigned int)co,
					     start_mt, false, &can_steal);
		if (fmt == -1)
			continue;
		if (!can_steal && start_mt == CMASIM_MIGRATE_MOVABLE &&
		    (unsigned int)co > order)
			goto find_smallest;
		goto do_steal;
	}
	return false;
find_smallest:
	for (co = (int)order; co < (int)sim->nr_orders; co++) {
		fmt = find_suitable_fallback(sim, z, (unsigned int)co,
					     start_mt, false, &can_steal);
		if (fmt != -1)
			break;
	}
do_steal:
	pfn = cms_list_first_pfn(z, &z->area[co].list[fmt]);
	steal_suitable_fallback(sim, z, pfn, start_mt, can_steal);
	extfrag_event(sim, z, pfn, order, (unsigned int)co, start_mt, fmt);
	return true;
}

/* 6.12 try_to_steal_block() */
static uint64_t try_to_steal_block(struct cmasim *sim, struct cms_zone *z,
				   uint64_t pfn, unsigned int co,
				   unsigned int order, int start_mt)
{
	int block_type = cms_get_pageblock_migratetype(sim, z, pfn);
	uint64_t start, end;
	long free_pages, movable_pages;

	if (block_type == CMASIM_MIGRATE_HIGHATOMIC)
		return UINT64_MAX;
	if (co >= sim->pageblock_order) {
		uint64_t added;

		struct cms_page *p = cms_zone_page(z, pfn);

		cms_del_from_free_list(z, pfn, co);
		cms_account_freepages(sim, z, -((int64_t)1 << co), block_type);
		cms_change_pageblock_range(sim, z, pfn, co, start_mt);
		added = cms_expand(z, p, pfn, order, co, start_mt);
		cms_account_freepages(sim, z, (int64_t)added, start_mt);
		return pfn;
	}
	start = cms_align_down(pfn, pageblock_nr(sim));
	end = start + pageblock_nr(sim);
	if (!zone_spans(z, start) || !zone_spans(z, end - 1))
		return UINT64_MAX;
	count_block(sim, z, start, end, &free_pages, &movable_pages);
	if (claim_whole_block(sim, z, start, co, start_mt, block_type,
			      free_pages, movable_pages)) {
		cms_set_pageblock_migratetype(sim, z, start, start_mt);
		cms_move_free_range(sim, z, start, end, start_mt);
		return cms_rmqueue_smallest(sim, z, order, start_mt);
	}
	return UINT64_MAX;
}

/* 6.12 __rmqueue_claim() */
uint64_t cms_rmqueue_claim(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, int start_mt,
			      unsigned int alloc_flags)
{
	int min_order = (int)order;
	bool can_steal;

	if (order < sim->pageblock_order &&
	    (alloc_flags & CMS_ALLOC_NOFRAGMENT))
		min_order = (int)sim->pageblock_order;
	for (int co = (int)sim->max_order; co >= min_order; co--) {
		int fmt = find_suitable_fallback(sim, z, (unsigned int)co,
						 start_mt, false, &can_steal);
		uint64_t pfn;

		if (fmt == -1)
			continue;
		if (!can_steal)
			break;
		pfn = cms_list_first_pfn(z, &z->area[co].list[fmt]);
		pfn = try_to_steal_block(sim, z, pfn, (unsigned int)co, order,
					 start_mt);
		if (pfn != UINT64_MAX) {
			extfrag_event(sim, z, pfn, order, (unsigned int)co,
				      start_mt, fmt);
			return pfn;
		}
	}
	return UINT64_MAX;
}

/* 6.12 __rmqueue_steal() */
uint64_t cms_rmqueue_steal(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, int start_mt)
{
	bool can_steal;

	for (unsigned int co = order; co < sim->nr_orders; co++) {
		int fmt = find_suitable_fallback(sim, z, co, start_mt, false,
						 &can_steal);
		uint64_t pfn;

		if (fmt == -1)
			continue;
		pfn = cms_list_first_pfn(z, &z->area[co].list[fmt]);
		cms_page_del_and_expand(sim, z, pfn, order, co, fmt);
		extfrag_event(sim, z, pfn, order, co, start_mt, fmt);
		return pfn;
	}
	return UINT64_MAX;
}
