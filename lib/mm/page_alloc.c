// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator: pageblock migratetypes, free lists per order and
 * migratetype, splitting (expand) and merging (__free_one_page),
 * __rmqueue with the CMA balance rule and the fallback/claim/steal rules
 * of each version, per-cpu page lists, watermark checks, the zonelist
 * walk of __alloc_pages, and the pages that enter the buddy outside an
 * allocation (__free_pages_core, free_reserved_page,
 * adjust_managed_page_count).  Mirrors mm/page_alloc.c of Linux 6.1 and
 * 6.12; the handover that calls __free_pages_core is in mm_init.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "core/trace.h"
#include "mm/internal.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

#define PCP_BATCH_SCALE_MAX	5
#define ZF_BELOW_HIGH		1u

static bool pcp_allowed_order(const struct cmasim *sim, unsigned int order);

static inline uint64_t zidx(const struct cms_zone *z, uint64_t pfn)
{
	return pfn - z->start_pfn;
}

/* The page at zone index @i: a list entry, so its chunk exists. */
static inline struct cms_page *ipage(const struct cms_zone *z, uint64_t i)
{
	return cms_zone_idx_page(z, i);
}

static inline uint64_t pageblock_nr(const struct cmasim *sim)
{
	return UINT64_C(1) << sim->pageblock_order;
}

static inline bool zone_spans(const struct cms_zone *z, uint64_t pfn)
{
	return pfn >= z->start_pfn && pfn < z->start_pfn + z->spanned;
}

static inline bool mt_mergeable(int mt)
{
	return mt < CMS_MIGRATE_PCPTYPES;
}

/*
 * ---- Pageblock migratetypes ----
 * One byte per pageblock of each zone, the simulator's form of the
 * pageblock_flags bitmap (get/set_pfnblock_flags_mask,
 * include/linux/pageblock-flags.h).  MIGRATE_ISOLATE is a value of the
 * type field, as in 6.1 and 6.12.
 */

static const char *const migratetype_names[CMS_MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

const char *cms_migratetype_name(int mt)
{
	return mt >= 0 && mt < CMS_MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

int cms_get_pageblock_migratetype(const struct cmasim *sim,
				  const struct cms_zone *z, uint64_t pfn)
{
	return z->pb[(pfn - z->pb_base) >> sim->pageblock_order];
}

void cms_set_pageblock_migratetype(struct cmasim *sim, struct cms_zone *z,
				   uint64_t pfn, int mt)
{
	z->pb[(pfn - z->pb_base) >> sim->pageblock_order] = (uint8_t)mt;
}

int cmasim_pageblock_migratetype(const struct cmasim *sim, cmasim_pfn_t pfn)
{
	int i;

	if (!sim)
		return -EINVAL;
	if (!cms_free_area_init_done(sim))
		return -EPERM;
	i = cmasim_pfn_to_zone(sim, pfn);
	if (i < 0)
		return i;
	return cms_get_pageblock_migratetype(sim,
					     cms_zone_slot(sim, (unsigned int)i),
					     pfn);
}

int cmasim_extfrag_get_stats(const struct cmasim *sim,
			     struct cmasim_extfrag_stats *st)
{
	if (!sim || !st)
		return -EINVAL;
	*st = sim->mm->extfrag;
	return 0;
}

/*
 * ---- doubly linked lists of zone-relative indices ----
 * A buddy list of the highest order may hold runs of untouched blocks
 * (struct cms_run) among its pages, so its neighbours' links go through
 * cms_link_set_*(); the per-cpu lists hold pages only.
 */

static inline void list_add_any(struct cms_zone *z, struct cms_free_list *l,
				uint64_t i, struct cms_page *p, bool tail,
				bool runs)
{
	if (l->head == CMS_NIL) {
		cms_page_set_prev(p, CMS_NIL);
		p->b = CMS_NIL;
		l->head = l->tail = i;
	} else if (tail) {
		cms_page_set_prev(p, l->tail);
		p->b = CMS_NIL;
		if (runs)
			cms_link_set_next(z, l->tail, i);
		else
			ipage(z, l->tail)->b = i;
		l->tail = i;
	} else {
		cms_page_set_prev(p, CMS_NIL);
		p->b = l->head;
		if (runs)
			cms_link_set_prev(z, l->head, i);
		else
			cms_page_set_prev(ipage(z, l->head), i);
		l->head = i;
	}
	l->nr++;
}

static inline void list_del_any(struct cms_zone *z, struct cms_free_list *l,
				uint64_t i, const struct cms_page *p,
				bool runs)
{
	uint64_t prev = cms_page_prev(p), next = p->b;

	if (prev == CMS_NIL)
		l->head = next;
	else if (runs)
		cms_link_set_next(z, prev, next);
	else
		ipage(z, prev)->b = next;
	if (next == CMS_NIL)
		l->tail = prev;
	else if (runs)
		cms_link_set_prev(z, next, prev);
	else
		cms_page_set_prev(ipage(z, next), prev);
	l->nr--;
}

/*
 * The @k pages @i, @i + @step, ... to the tail of the per-cpu list @l,
 * in that order, each with @flags (state, order, type): list_add_any()
 * @k times at the tail.
 */
static inline void list_add_tail_chain(struct cms_zone *z,
				       struct cms_free_list *l, uint64_t i,
				       uint64_t step, uint64_t k,
				       unsigned int flags)
{
	uint64_t prev = l->tail;

	if (!k)
		return;
	if (prev == CMS_NIL)
		l->head = i;
	else
		ipage(z, prev)->b = i;
	for (uint64_t j = 0; j < k; j++, prev = i, i += step) {
		struct cms_page *q = ipage(z, i);

		q->flags = flags;
		cms_page_set_prev(q, prev);
		q->b = j + 1 < k ? i + step : CMS_NIL;
	}
	l->tail = prev;
	l->nr += k;
}

/*
 * Buddy lists: only the max-order lists can hold runs, so only their
 * neighbours' links go through the run-aware setters.
 */
static inline void list_add(struct cms_zone *z, unsigned int order,
			    struct cms_free_list *l, uint64_t i,
			    struct cms_page *p, bool tail)
{
	list_add_any(z, l, i, p, tail, order == z->run_order);
}

static inline void list_del(struct cms_zone *z, unsigned int order,
			    struct cms_free_list *l, uint64_t i,
			    const struct cms_page *p)
{
	list_del_any(z, l, i, p, order == z->run_order);
}

/*
 * The first block of a buddy list (not empty) as a pfn; a run at the head
 * has its first section materialised, which puts that block there.
 */
uint64_t cms_list_first_pfn(struct cms_zone *z,
			    const struct cms_free_list *l)
{
	if (l->head & CMS_RUN_BIT)
		cms_zone_page(z, z->start_pfn +
			      z->runs[l->head & ~CMS_RUN_BIT].first);
	return z->start_pfn + l->head;
}

/* ---- accounting ---- */

void cms_account_freepages(struct cmasim *sim, struct cms_zone *z, int64_t nr,
			   int mt)
{
	if (mt == CMASIM_MIGRATE_ISOLATE)
		return;
	z->vm[CMS_ZS_NR_FREE_PAGES] += nr;
	if (mt == CMASIM_MIGRATE_CMA)
		z->vm[CMS_ZS_NR_FREE_CMA_PAGES] += nr;
	else if (mt == CMASIM_MIGRATE_HIGHATOMIC &&
		 sim->ver->counts_free_highatomic)
		z->nr_free_highatomic += (uint64_t)nr;
}

/* The page @p heads a free block of @order at @pfn: put it on @mt's list. */
static inline void add_to_free_list_p(struct cms_zone *z, struct cms_page *p,
				      uint64_t pfn, unsigned int order, int mt,
				      bool tail)
{
	cms_page_set(p, CMS_PG_BUDDY, order, mt);
	p->flags &= ~(CMS_PGF_PINNED | CMS_PGF_MOVABLE | CMS_PGF_COMP |
		      CMS_PGF_HOLE);
	list_add(z, order, &z->area[order].list[mt], zidx(z, pfn), p, tail);
	z->area[order].nr_free++;
}

static inline void del_from_free_list_p(struct cms_zone *z,
					struct cms_page *p, uint64_t pfn,
					unsigned int order)
{
	list_del(z, order, &z->area[order].list[cms_page_mt(p)], zidx(z, pfn),
		 p);
	z->area[order].nr_free--;
	p->flags = 0;
}

void cms_del_from_free_list(struct cms_zone *z, uint64_t pfn,
			    unsigned int order)
{
	del_from_free_list_p(z, ipage(z, zidx(z, pfn)), pfn, order);
}

/*
 * del_page_from_free_list() with its free-page accounting, for callers
 * outside the allocator (isolation, alloc_contig_range): the block headed
 * by @pfn leaves its list and its memmap links are cleared.
 */
void cms_unlink_free_block(struct cmasim *sim, struct cms_zone *z,
			   uint64_t pfn)
{
	struct cms_page *p = cms_zone_page(z, pfn);
	unsigned int order = cms_page_order(p);
	int mt = cms_page_mt(p);

	cms_del_from_free_list(z, pfn, order);
	p->a = 0;
	p->b = 0;
	cms_account_freepages(sim, z, -((int64_t)1 << order), mt);
}

bool cms_isolate_lists_hold_only(const struct cmasim *sim,
				 const struct cms_zone *z, const uint64_t *nr)
{
	for (unsigned int o = 0; o < sim->nr_orders; o++)
		if (z->area[o].list[CMASIM_MIGRATE_ISOLATE].nr !=
		    (nr ? nr[o] : 0))
			return false;
	return true;
}

void cms_empty_isolate_lists(const struct cmasim *sim, struct cms_zone *z)
{
	for (unsigned int o = 0; o < sim->nr_orders; o++) {
		struct cms_free_list *l = &z->area[o].list[CMASIM_MIGRATE_ISOLATE];

		z->area[o].nr_free -= l->nr;
		l->head = CMS_NIL;
		l->tail = CMS_NIL;
		l->nr = 0;
	}
}

/* move_to_free_list: to the tail of @new_mt's list */
void cms_move_to_free_list(struct cmasim *sim, struct cms_zone *z,
			   uint64_t pfn, unsigned int order, int old_mt,
			   int new_mt)
{
	uint64_t i = zidx(z, pfn);
	struct cms_page *p = ipage(z, i);

	list_del(z, order, &z->area[order].list[cms_page_mt(p)], i, p);
	cms_page_set(p, CMS_PG_BUDDY, order, new_mt);
	list_add(z, order, &z->area[order].list[new_mt], i, p, true);
	if (sim->ver->freepage_counts_move_with_lists) {
		cms_account_freepages(sim, z, -((int64_t)1 << order), old_mt);
		cms_account_freepages(sim, z, (int64_t)1 << order, new_mt);
	}
}

long cms_move_free_range(struct cmasim *sim, struct cms_zone *z,
			 uint64_t start, uint64_t end, int new_mt)
{
	int64_t from[CMS_MIGRATE_TYPES] = { 0 };
	long moved = 0;

	/* a chunk of the memory map at a time: no block crosses one */
	for (uint64_t pfn = start; pfn < end;) {
		uint64_t i = zidx(z, pfn);
		uint64_t stop = i + cms_min_u64(end - pfn,
						cms_zone_chunk_left(z, pfn));
		struct cms_page *p = cms_zone_page(z, pfn);

		while (i < stop) {
			unsigned int order = cms_page_order(p);
			int mt = cms_page_mt(p);
			struct cms_free_area *a = &z->area[order];

			if (cms_page_state(p) != CMS_PG_BUDDY) {
				i++;
				p++;
				continue;
			}
			/* below the run order, without the run checks */
			if (order == z->run_order) {
				list_del(z, order, &a->list[mt], i, p);
				cms_page_set(p, CMS_PG_BUDDY, order, new_mt);
				list_add(z, order, &a->list[new_mt], i, p, true);
			} else {
				list_del_any(z, &a->list[mt], i, p, false);
				cms_page_set(p, CMS_PG_BUDDY, order, new_mt);
				list_add_any(z, &a->list[new_mt], i, p, true,
					     false);
			}
			from[mt] += (int64_t)1 << order;
			moved += 1L << order;
			i += UINT64_C(1) << order;
			p += UINT64_C(1) << order;
		}
		pfn = z->start_pfn + i;
	}
	if (sim->ver->freepage_counts_move_with_lists)
		for (int mt = 0; mt < CMS_MIGRATE_TYPES; mt++)
			if (from[mt]) {
				cms_account_freepages(sim, z, -from[mt], mt);
				cms_account_freepages(sim, z, from[mt], new_mt);
			}
	return moved;
}

/*
 * page_is_buddy() for @pfn, whose page is @p: a buddy below max_order
 * shares its chunk with the block being freed, so the caller finds @p by
 * pointer arithmetic.
 */
static inline bool page_is_buddy(const struct cms_zone *z, uint64_t pfn,
				 const struct cms_page *p, unsigned int order)
{
	/* state and order in one comparison: one branch to mispredict */
	return pfn - z->start_pfn < z->spanned &&
	       (p->flags & (CMS_PGF_STATE_MASK | CMS_PGF_ORDER_MASK)) ==
	       (CMS_PG_BUDDY | (order << CMS_PGF_ORDER_SHIFT));
}

void cms_change_pageblock_range(struct cmasim *sim, struct cms_zone *z,
				uint64_t pfn, unsigned int order, int mt)
{
	uint64_t n = order >= sim->pageblock_order ?
		     UINT64_C(1) << (order - sim->pageblock_order) : 1;

	for (uint64_t i = 0; i < n; i++)
		if (zone_spans(z, pfn + i * pageblock_nr(sim)))
			cms_set_pageblock_migratetype(sim, z,
				pfn + i * pageblock_nr(sim), mt);
}

/* buddy_merge_likely(): the buddy one order up is free (@p: @pfn's page). */
static bool buddy_merge_likely(struct cmasim *sim, struct cms_zone *z,
			       uint64_t pfn, const struct cms_page *p,
			       uint64_t buddy_pfn, unsigned int order)
{
	uint64_t higher;

	if (order >= sim->max_order - 1)
		return false;
	higher = (buddy_pfn & pfn) ^ (UINT64_C(1) << (order + 1));
	/* a signed step: the buddy may lie below @p */
	return page_is_buddy(z, higher, p + ((int64_t)higher - (int64_t)pfn),
			     order + 1);
}

/* __free_one_page() of the block @p heads at @pfn. */
static inline void do_free_one_page(struct cmasim *sim, struct cms_zone *z,
				    struct cms_page *p, uint64_t pfn,
				    unsigned int order, int mt, bool to_tail)
{
	uint64_t buddy_pfn = 0;

	cms_account_freepages(sim, z, (int64_t)1 << order, mt);
	while (order < sim->max_order) {
		int buddy_mt = mt;
		struct cms_page *bp;

		buddy_pfn = pfn ^ (UINT64_C(1) << order);
		/* a signed step: the buddy may lie below @p */
		bp = p + ((int64_t)buddy_pfn - (int64_t)pfn);
		if (!page_is_buddy(z, buddy_pfn, bp, order))
			break;
		if (order >= sim->pageblock_order) {
			buddy_mt = cms_get_pageblock_migratetype(sim, z,
								 buddy_pfn);
			if (mt != buddy_mt &&
			    (!mt_mergeable(mt) || !mt_mergeable(buddy_mt)))
				break;
		}
		del_from_free_list_p(z, bp, buddy_pfn, order);
		if (sim->ver->free_lists_follow_pageblocks && buddy_mt != mt)
			cms_change_pageblock_range(sim, z, buddy_pfn, order, mt);
		if (buddy_pfn < pfn)
			p = bp;
		pfn &= buddy_pfn;
		order++;
	}
	if (!to_tail && order < sim->max_order)
		to_tail = buddy_merge_likely(sim, z, pfn, p, buddy_pfn, order);
	add_to_free_list_p(z, p, pfn, order, mt, to_tail);
}

void cms_do_free_one_page(struct cmasim *sim, struct cms_zone *z,
			  uint64_t pfn, unsigned int order, int mt,
			  bool to_tail)
{
	do_free_one_page(sim, z, cms_zone_page(z, pfn), pfn, order, mt,
			 to_tail);
}

/*
 * expand(): split a block of @high at @pfn (page @p) down to @low, the
 * upper halves going to @mt's lists.  Returns pages put back.
 */
uint64_t cms_expand(struct cms_zone *z, struct cms_page *p, uint64_t pfn,
		    unsigned int low, unsigned int high, int mt)
{
	uint64_t size = UINT64_C(1) << high, added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list_p(z, p + size, pfn + size, high, mt, false);
		added += size;
	}
	return added;
}

/*
 * page_del_and_expand(): take the @high block at @pfn off its list, give
 * back the parts above @low to @mt's lists, and account what was taken.
 */
static inline void page_del_and_expand(struct cmasim *sim, struct cms_zone *z,
				       uint64_t pfn, unsigned int low,
				       unsigned int high, int mt)
{
	struct cms_page *p = ipage(z, zidx(z, pfn));
	uint64_t added;

	del_from_free_list_p(z, p, pfn, high);
	added = cms_expand(z, p, pfn, low, high, mt);
	cms_account_freepages(sim, z,
			      -(int64_t)((UINT64_C(1) << high) - added), mt);
}

static __attribute__((noinline)) void
trace_zone_locked(struct cmasim *sim, uint64_t pfn, unsigned int order, int mt)
{
	bool refill = pcp_allowed_order(sim, order) &&
		      mt < CMS_MIGRATE_PCPTYPES;

	cms_trace_emit(sim, CMS_TRACE_mm_page_alloc_zone_locked,
		       "page=%016llx pfn=0x%llx order=%u migratetype=%d percpu_refill=%d",
		       (unsigned long long)cms_trace_page_addr(sim, pfn),
		       (unsigned long long)pfn, order, mt, refill);
}

/* __rmqueue_smallest(); returns the pfn or UINT64_MAX. */
static inline __attribute__((always_inline)) uint64_t
rmqueue_smallest(struct cmasim *sim, struct cms_zone *z,
				 unsigned int order, int mt)
{
	for (unsigned int co = order; co < sim->nr_orders; co++) {
		struct cms_free_list *l = &z->area[co].list[mt];
		uint64_t pfn;

		if (l->head == CMS_NIL)
			continue;
		pfn = cms_list_first_pfn(z, l);
		page_del_and_expand(sim, z, pfn, order, co, mt);
		if (cms_trace_on(sim, mm_page_alloc_zone_locked))
			trace_zone_locked(sim, pfn, order, mt);
		return pfn;
	}
	return UINT64_MAX;
}

/* page_del_and_expand() and __rmqueue_smallest() out of line, for the fallbacks. */
void cms_page_del_and_expand(struct cmasim *sim, struct cms_zone *z,
			     uint64_t pfn, unsigned int low, unsigned int high,
			     int mt)
{
	page_del_and_expand(sim, z, pfn, low, high, mt);
}

uint64_t cms_rmqueue_smallest(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, int mt)
{
	return rmqueue_smallest(sim, z, order, mt);
}

/*
 * ---- Decision points ----
 * Each is the kernel's rule, inline; a policy hook (mm/policy.h) replaces
 * it when the instance has one: the test of the hook pointer is all the
 * default path pays, the hook's call lives out of line below.
 */

/* The CMA balance rule: more than half of the zone's free memory is CMA. */
static bool cma_first_rule(const struct cms_zone *z)
{
	return z->vm[CMS_ZS_NR_FREE_CMA_PAGES] > z->vm[CMS_ZS_NR_FREE_PAGES] / 2;
}

/* The kernel's CMA rules as hooks, for the "kernel" built-in policy. */
bool cms_kernel_cma_allowed(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_alloc *a)
{
	return a->migratetype == CMASIM_MIGRATE_MOVABLE;
}

bool cms_kernel_cma_first(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order)
{
	return z->free_cma > z->free / 2;
}

static __attribute__((noinline)) bool
policy_cma_first(struct cmasim *sim, const struct cms_zone *z,
		 unsigned int order)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_zone v;

	cms_policy_zone_view(sim, z, &v);
	return p->hooks.cma_first(sim, p->priv, &v, order);
}

/* An allocation allowed CMA: CMA pageblocks first? */
static inline bool cma_first(struct cmasim *sim, const struct cms_zone *z,
			     unsigned int order)
{
	if (sim->policy->hooks.cma_first)
		return policy_cma_first(sim, z, order);
	return cma_first_rule(z);
}

enum rmqueue_mode { RMQ_NORMAL, RMQ_CMA, RMQ_CLAIM, RMQ_STEAL };

/* __rmqueue(): returns pfn or UINT64_MAX; records the list type in *got. */
static inline __attribute__((always_inline)) uint64_t
rmqueue(struct cmasim *sim, struct cms_zone *z,
			unsigned int order, int mt, unsigned int alloc_flags,
			enum rmqueue_mode *mode, int *got)
{
	uint64_t pfn;
	bool has_cma = cms_knob(sim, CMS_KNOB_CMA);

	if (has_cma && (alloc_flags & CMS_ALLOC_CMA) && cma_first(sim, z, order)) {
		pfn = rmqueue_smallest(sim, z, order, CMASIM_MIGRATE_CMA);
		if (pfn != UINT64_MAX) {
			*got = CMASIM_MIGRATE_CMA;
			return pfn;
		}
	}
	if (!sim->ver->claim_then_steal) {
		for (;;) {
			pfn = rmqueue_smallest(sim, z, order, mt);
			*got = mt;
			if (pfn != UINT64_MAX)
				return pfn;
			if (has_cma && (alloc_flags & CMS_ALLOC_CMA)) {
				pfn = rmqueue_smallest(sim, z, order,
						       CMASIM_MIGRATE_CMA);
				*got = CMASIM_MIGRATE_CMA;
				if (pfn != UINT64_MAX)
					return pfn;
			}
			if (!cms_rmqueue_fallback_61(sim, z, order, mt, alloc_flags))
				return UINT64_MAX;
		}
	}
	switch (*mode) {
	case RMQ_NORMAL:
		pfn = rmqueue_smallest(sim, z, order, mt);
		*got = mt;
		if (pfn != UINT64_MAX)
			return pfn;
		/* fall through */
	case RMQ_CMA:
		if (has_cma && (alloc_flags & CMS_ALLOC_CMA)) {
			pfn = rmqueue_smallest(sim, z, order, CMASIM_MIGRATE_CMA);
			if (pfn != UINT64_MAX) {
				*mode = RMQ_CMA;
				*got = CMASIM_MIGRATE_CMA;
				return pfn;
			}
		}
		/* fall through */
	case RMQ_CLAIM:
		pfn = cms_rmqueue_claim(sim, z, order, mt, alloc_flags);
		if (pfn != UINT64_MAX) {
			*mode = RMQ_NORMAL;
			*got = mt;
			return pfn;
		}
		/* fall through */
	case RMQ_STEAL:
		if (!(alloc_flags & CMS_ALLOC_NOFRAGMENT)) {
			pfn = cms_rmqueue_steal(sim, z, order, mt);
			if (pfn != UINT64_MAX) {
				*mode = RMQ_STEAL;
				*got = cms_get_pageblock_migratetype(sim, z, pfn);
				return pfn;
			}
		}
	}
	return UINT64_MAX;
}

/* ---- per-cpu lists ---- */

static bool pcp_allowed_order(const struct cmasim *sim, unsigned int order)
{
	if (order <= CMS_COSTLY_ORDER)
		return true;
	if (!sim->arch->transparent_hugepage)
		return false;
	return order == (sim->ver->pcp_thp_pmd_order ?
			 sim->arch->hpage_pmd_order : sim->pageblock_order);
}

static int order_to_pindex(int mt, unsigned int order)
{
	if (order > CMS_COSTLY_ORDER)
		return CMS_NR_LOWORDER_PCP_LISTS +
		       (mt == CMASIM_MIGRATE_MOVABLE);
	return CMS_MIGRATE_PCPTYPES * (int)order + mt;
}

static unsigned int pindex_to_order(const struct cmasim *sim, int pindex)
{
	if (pindex >= CMS_NR_LOWORDER_PCP_LISTS)
		return sim->pageblock_order;
	return (unsigned int)(pindex / CMS_MIGRATE_PCPTYPES);
}

static void free_pcppages_bulk(struct cmasim *sim, struct cms_zone *z,
			       struct cms_pcp *pcp, int count, int pindex)
{
	if (count > pcp->count)
		count = pcp->count;
	pindex = pindex - 1;
	while (count > 0) {
		struct cms_free_list *l;
		unsigned int order;

		do {
			if (++pindex > CMS_NR_PCP_LISTS - 1)
				pindex = 0;
			l = &pcp->lists[pindex];
		} while (l->head == CMS_NIL);
		order = pindex_to_order(sim, pindex);
		do {
			uint64_t i = l->tail;
			uint64_t pfn = z->start_pfn + i;
			struct cms_page *p = ipage(z, i);
			int mt = cms_page_mt(p);

			list_del_any(z, l, i, p, false);
			p->flags = 0;
			count -= 1 << order;
			pcp->count -= 1 << order;
			/* else the pcppage type, unless the zone isolates */
			if (sim->ver->free_lists_follow_pageblocks ||
			    z->nr_isolate_pageblock)
				mt = cms_get_pageblock_migratetype(sim, z, pfn);
			if (cms_trace_on(sim, mm_page_pcpu_drain))
				cms_trace_emit(sim, CMS_TRACE_mm_page_pcpu_drain,
					       "page=%016llx pfn=0x%llx order=%u migratetype=%d",
					       (unsigned long long)cms_trace_page_addr(sim, pfn),
					       (unsigned long long)pfn, order, mt);
			do_free_one_page(sim, z, p, pfn, order, mt, false);
		} while (count > 0 && l->head != CMS_NIL);
	}
}

void cms_drain_zone_pages(struct cmasim *sim, struct cms_zone *z)
{
	for (unsigned int c = 0; c < sim->mm->nr_cpus; c++)
		if (z->pcp[c].count)
			free_pcppages_bulk(sim, z, &z->pcp[c], z->pcp[c].count, 0);
}

int cmasim_drain_all_pages(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	if (!sim)
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "drain_all_pages before the page allocator runs");
		return -EPERM;
	}
	cms_for_each_zone(sim->mm, n, z)
		if (z->spanned)
			cms_drain_zone_pages(sim, z);
	return 0;
}

static int nr_pcp_free(const struct cmasim *sim, struct cms_pcp *pcp, int high,
		       int batch, bool free_high)
{
	int min_nr, max_nr;

	if (!sim->ver->pcp_high_auto_tune) {
		if (free_high)
			return pcp->count;
		if (high < batch)
			return 1;
		min_nr = batch;
		max_nr = high - batch;
		batch <<= pcp->free_factor;
		if (batch < max_nr && pcp->free_factor < PCP_BATCH_SCALE_MAX)
			pcp->free_factor++;
		return batch < min_nr ? min_nr : (batch > max_nr ? max_nr : batch);
	}
	if (free_high)
		return pcp->count < (batch << PCP_BATCH_SCALE_MAX) ?
		       pcp->count : batch << PCP_BATCH_SCALE_MAX;
	if (high < batch)
		return 1;
	min_nr = batch;
	max_nr = high - batch;
	batch = pcp->free_factor;
	return batch < min_nr ? min_nr : (batch > max_nr ? max_nr : batch);
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

static inline __attribute__((always_inline)) int
nr_pcp_high(const struct cmasim *sim, struct cms_zone *z,
		       struct cms_pcp *pcp, int batch, bool free_high,
		       unsigned int zflags)
{
	int high;

	if (!sim->ver->pcp_high_auto_tune) {
		if (!pcp->high || free_high)
			return 0;
		return pcp->high;
	}
	high = pcp->high = clampi(pcp->high, pcp->high_min, pcp->high_max);
	if (!high)
		return 0;
	if (free_high) {
		pcp->high = high - (batch << PCP_BATCH_SCALE_MAX);
		if (pcp->high < pcp->high_min)
			pcp->high = pcp->high_min;
		return 0;
	}
	if (pcp->high_min == pcp->high_max)
		return high;
	if (zflags & ZF_BELOW_HIGH) {
		int fc = pcp->free_factor > batch ? pcp->free_factor : batch;

		pcp->high = high - fc > pcp->high_min ? high - fc : pcp->high_min;
		high = pcp->count > pcp->high_min ? pcp->count : pcp->high_min;
	} else if (pcp->count >= high) {
		int need = pcp->free_factor + batch;

		if (pcp->high < need)
			pcp->high = clampi(need, pcp->high_min, pcp->high_max);
	}
	(void)z;
	return high;
}

/* zone_idx of ZONE_MOVABLE (highest_zoneidx of zone_watermark_ok calls) */
static int movable_idx(const struct cmasim *sim)
{
	return sim->mm->movable_idx;
}

static inline __attribute__((always_inline)) void
free_to_pcp(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
	    struct cms_page *p, unsigned int order, int pcp_mt, int stored_mt)
{
	struct cms_pcp *pcp = &z->pcp[0];
	int pindex = order_to_pindex(pcp_mt, order), high, batch = pcp->batch;
	bool free_high;
	uint64_t i = zidx(z, pfn);

	/* free_pages() cleared the flags: no pin, no movable or compound mark */
	p->flags = CMS_PG_PCP | (order << CMS_PGF_ORDER_SHIFT) |
		   ((unsigned int)stored_mt << CMS_PGF_MT_SHIFT);
	if (sim->ver->pcp_high_auto_tune)
		pcp->alloc_factor >>= 1;
	list_add_any(z, &pcp->lists[pindex], i, p, false, false);
	pcp->count += 1 << order;
	if (!sim->ver->pcp_high_auto_tune) {
		free_high = pcp->free_factor && order &&
			    order <= CMS_COSTLY_ORDER;
		high = nr_pcp_high(sim, z, pcp, batch, free_high, z->zflags);
		if (pcp->count >= high)
			free_pcppages_bulk(sim, z, pcp,
					   nr_pcp_free(sim, pcp, high, batch,
						       free_high), pindex);
		return;
	}
	/*
	 * 6.12: free_count lives in free_factor.  PCPF_FREE_HIGH_BATCH
	 * (set from the CPU cache size) is taken as clear.
	 */
	{
		/* without branches: the orders of a random mix are */
		bool costly_low = order - 1 < CMS_COSTLY_ORDER;

		free_high = costly_low & (pcp->free_factor >= batch) &
			    pcp->prev_free_high_order;
		pcp->prev_free_high_order = costly_low;
	}
	if (pcp->free_factor < (batch << PCP_BATCH_SCALE_MAX))
		pcp->free_factor += 1 << order;
	high = nr_pcp_high(sim, z, pcp, batch, free_high, z->zflags);
	if (pcp->count >= high) {
		free_pcppages_bulk(sim, z, pcp,
				   nr_pcp_free(sim, pcp, high, batch, free_high),
				   pindex);
		if ((z->zflags & ZF_BELOW_HIGH) &&
		    cms_zone_watermark_ok_safe(sim, z, 0,
					(int64_t)z->wmark[CMASIM_WMARK_HIGH],
					movable_idx(sim), 0,
					z->vm[CMS_ZS_NR_FREE_PAGES]))
			z->zflags &= ~ZF_BELOW_HIGH;
	}
}

/*
 * Up to @want blocks of @order for the per-cpu list @l, cut from the
 * block of @co heading @mt's list (the smallest order from @order up with
 * a block).  __rmqueue_smallest() called once per block would split it
 * with expand() and take its pieces back one by one, lowest first: the
 * lists from @order to @co - 1 were empty, so each piece is the head of
 * the lowest of them when its turn comes.  This takes the same pieces in
 * the same order and leaves what they would leave: the rest of the block
 * as one block per set bit of the pieces left, each alone on its list.
 * Before each piece after the first it asks the CMA balance rule again
 * when @cma_rule (the per-page loop asks it before every block), on the
 * free counts as the pieces taken so far leave them, and stops where it
 * turns; the counters move once, and the pieces join @l as one chain.
 * Returns the blocks taken (at least one).
 */
static int rmqueue_bulk_split(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, unsigned int co, int mt,
			      int want, struct cms_free_list *l, bool cma_rule)
{
	uint64_t pfn = cms_list_first_pfn(z, &z->area[co].list[mt]);
	uint64_t i = zidx(z, pfn), s = UINT64_C(1) << order;
	uint64_t n = UINT64_C(1) << (co - order), k, x;
	struct cms_page *p = ipage(z, i), piece = { 0 };
	/* the two counts the CMA rule reads, as each piece leaves them */
	int64_t nfree = z->vm[CMS_ZS_NR_FREE_PAGES];
	int64_t ncma = z->vm[CMS_ZS_NR_FREE_CMA_PAGES];

	del_from_free_list_p(z, p, pfn, co);
	for (k = 0; k < n && k < (uint64_t)want; k++) {
		if (k && cma_rule && ncma > nfree / 2)
			break;
		if (mt != CMASIM_MIGRATE_ISOLATE) {
			nfree -= (int64_t)s;
			if (mt == CMASIM_MIGRATE_CMA)
				ncma -= (int64_t)s;
		}
	}
	cms_account_freepages(sim, z, -(int64_t)(k * s), mt);
	cms_page_set(&piece, CMS_PG_PCP, order, mt);
	list_add_tail_chain(z, l, i, s, k, piece.flags);
	x = k * s;
	for (unsigned int b = 0; b < co - order; b++)
		if (((n - k) >> b) & 1) {
			add_to_free_list_p(z, p + x, pfn + x, order + b, mt,
					   false);
			x += s << b;
		}
	return (int)k;
}

/* rmqueue_bulk() into a pcp list; returns blocks added. */
static int rmqueue_bulk(struct cmasim *sim, struct cms_zone *z,
			unsigned int order, int count, struct cms_free_list *l,
			int mt, unsigned int alloc_flags)
{
	enum rmqueue_mode mode = RMQ_NORMAL;
	bool cma_rule = cms_knob(sim, CMS_KNOB_CMA) &&
			(alloc_flags & CMS_ALLOC_CMA);
	/* a block at a time where a hook or the trace must see each */
	bool split = !sim->policy->hooks.cma_first &&
		     !cms_trace_on(sim, mm_page_alloc_zone_locked);
	int i;

	for (i = 0; i < count;) {
		int got;
		uint64_t pfn;
		uint64_t idx;
		struct cms_page *p;

		/* rmqueue() would go to __rmqueue_smallest(@mt) first */
		if (split && mode == RMQ_NORMAL &&
		    !(cma_rule && cma_first_rule(z))) {
			unsigned int co = order;

			while (co < sim->nr_orders &&
			       z->area[co].list[mt].head == CMS_NIL)
				co++;
			if (co < sim->nr_orders && co > order) {
				i += rmqueue_bulk_split(sim, z, order, co, mt,
							count - i, l, cma_rule);
				continue;
			}
		}
		pfn = rmqueue(sim, z, order, mt, alloc_flags, &mode, &got);
		if (pfn == UINT64_MAX)
			break;
		idx = zidx(z, pfn);
		p = ipage(z, idx);
		cms_page_set(p, CMS_PG_PCP, order, got);
		list_add_any(z, l, idx, p, true, false);
		i++;
	}
	return i;
}

/* 6.12 nr_pcp_alloc() */
static int nr_pcp_alloc_612(struct cms_zone *z, struct cms_pcp *pcp,
			    unsigned int order)
{
	int high, base = pcp->batch, batch;

	high = pcp->high = clampi(pcp->high, pcp->high_min, pcp->high_max);
	if (high < base)
		return 1;
	batch = order ? base : base << pcp->alloc_factor;
	if (pcp->high_min != pcp->high_max && !(z->zflags & ZF_BELOW_HIGH)) {
		high = high + batch < pcp->high_max ? high + batch :
						      pcp->high_max;
		pcp->high = high;
	}
	if (!order) {
		int max_nr = high - pcp->count - base;

		if (max_nr < base)
			max_nr = base;
		if (batch <= max_nr && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = batch < max_nr ? batch : max_nr;
	}
	if (batch > 1)
		batch = (batch >> order) > 2 ? batch >> order : 2;
	return batch;
}

/* An empty pcp list takes a batch from the buddy: false if none came. */
static __attribute__((noinline)) bool
pcp_refill(struct cmasim *sim, struct cms_zone *z, struct cms_pcp *pcp,
	   struct cms_free_list *l, unsigned int order, int mt,
	   unsigned int alloc_flags)
{
	int batch, got;

	if (!sim->ver->pcp_high_auto_tune) {
		batch = pcp->batch;
		if (batch > 1)
			batch = (batch >> order) > 2 ? batch >> order : 2;
	} else {
		batch = nr_pcp_alloc_612(z, pcp, order);
	}
	got = rmqueue_bulk(sim, z, order, batch, l, mt, alloc_flags);
	pcp->count += got << order;
	return l->head != CMS_NIL;
}

/* The first block of the per-cpu list @l (not empty) leaves it. */
static inline __attribute__((always_inline)) uint64_t
pcp_take(struct cms_zone *z, struct cms_pcp *pcp, struct cms_free_list *l,
	 unsigned int order, struct cms_page **out_page)
{
	uint64_t i = l->head;
	struct cms_page *p = ipage(z, i);

	list_del_any(z, l, i, p, false);
	pcp->count -= 1 << order;
	p->flags = 0;
	*out_page = p;
	return z->start_pfn + i;
}

static inline __attribute__((always_inline)) uint64_t
rmqueue_pcplist(struct cmasim *sim, struct cms_zone *z, unsigned int order,
		int mt, unsigned int alloc_flags, struct cms_page **out_page)
{
	struct cms_pcp *pcp = &z->pcp[0];
	struct cms_free_list *l = &pcp->lists[order_to_pindex(mt, order)];

	/* 6.1 free_factor, 6.12 free_count */
	pcp->free_factor >>= 1;
	if (l->head == CMS_NIL &&
	    !pcp_refill(sim, z, pcp, l, order, mt, alloc_flags))
		return UINT64_MAX;
	return pcp_take(z, pcp, l, order, out_page);
}

/* rmqueue_buddy() */
static uint64_t rmqueue_buddy(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, int mt,
			      unsigned int alloc_flags)
{
	enum rmqueue_mode mode = RMQ_NORMAL;
	uint64_t pfn = UINT64_MAX;
	int got;

	if (alloc_flags & CMS_ALLOC_HIGHATOMIC)
		pfn = rmqueue_smallest(sim, z, order, CMASIM_MIGRATE_HIGHATOMIC);
	if (pfn == UINT64_MAX) {
		pfn = rmqueue(sim, z, order, mt, alloc_flags, &mode, &got);
		if (pfn == UINT64_MAX &&
		    (alloc_flags & (CMS_ALLOC_OOM | CMS_ALLOC_NON_BLOCK)))
			pfn = rmqueue_smallest(sim, z, order,
					       CMASIM_MIGRATE_HIGHATOMIC);
	}
	return pfn;
}

/* ---- gfp mapping ---- */

/* gfp_zone() worked out: highest zone idx; -1 for an invalid combination. */
static int gfp_zone_compute(const struct cmasim *sim, unsigned int gfp)
{
	const struct cms_mm *mm = sim->mm;
	unsigned int zb = gfp & (CMASIM___GFP_DMA | CMASIM___GFP_HIGHMEM |
				 CMASIM___GFP_DMA32);
	bool mov = gfp & CMASIM___GFP_MOVABLE;
	enum cms_zone_type t;

	switch (zb) {
	case 0:
		t = CMS_ZONE_NORMAL;
		break;
	case CMASIM___GFP_DMA:
		t = CMS_ZONE_DMA;
		break;
	case CMASIM___GFP_DMA32:
		t = CMS_ZONE_DMA32;
		break;
	case CMASIM___GFP_HIGHMEM:
		t = mov ? CMS_ZONE_MOVABLE : CMS_ZONE_HIGHMEM;
		break;
	default:
		return -1;
	}
	/* OPT_ZONE_*: an unconfigured zone becomes ZONE_NORMAL */
	for (;;) {
		for (int i = 0; i < mm->nr_zones; i++)
			if (mm->zone_type[i] == t)
				return i;
		t = CMS_ZONE_NORMAL;
	}
}

void cms_gfp_zone_table_init(struct cmasim *sim)
{
	for (unsigned int i = 0; i < 16; i++)
		sim->mm->gfp_zone_table[i] = (int8_t)gfp_zone_compute(sim, i);
}

/* gfp_zone(): the table lookup, as GFP_ZONE_TABLE does it. */
static inline int gfp_zone_idx(const struct cmasim *sim, unsigned int gfp)
{
	return sim->mm->gfp_zone_table[gfp & (CMASIM___GFP_DMA |
					      CMASIM___GFP_HIGHMEM |
					      CMASIM___GFP_DMA32 |
					      CMASIM___GFP_MOVABLE)];
}

static int gfp_migratetype(const struct cmasim *sim, unsigned int gfp)
{
	/* indexed by the __GFP_MOVABLE and __GFP_RECLAIMABLE bits */
	static const signed char mt[4] = {
		CMASIM_MIGRATE_UNMOVABLE, CMASIM_MIGRATE_MOVABLE,
		CMASIM_MIGRATE_RECLAIMABLE, -1,
	};
	int t = mt[(gfp / CMASIM___GFP_MOVABLE) & 3];

	_Static_assert(CMASIM___GFP_RECLAIMABLE == 2 * CMASIM___GFP_MOVABLE,
		       "the two mobility bits are next to each other");
	_Static_assert(CMASIM_MIGRATE_UNMOVABLE == 0, "unmovable is 0");
	/* unmovable when grouping is off, without a branch on @gfp */
	return t & -(int)!((t > 0) & sim->mm->group_by_mobility_disabled);
}

/* gfp_to_alloc_flags() of the slow path; @cma: gfp_to_alloc_flags_cma(). */
static unsigned int gfp_to_alloc_flags(unsigned int gfp, unsigned int order,
				       unsigned int cma)
{
	unsigned int f = CMS_ALLOC_WMARK_MIN | CMS_ALLOC_CPUSET;

	if (gfp & CMASIM___GFP_HIGH)
		f |= CMS_ALLOC_HIGH;
	if (gfp & CMASIM___GFP_KSWAPD_RECLAIM)
		f |= CMS_ALLOC_KSWAPD;
	if (!(gfp & CMASIM___GFP_DIRECT_RECLAIM)) {
		if (!(gfp & CMASIM___GFP_NOMEMALLOC)) {
			f |= CMS_ALLOC_NON_BLOCK;
			if (order > 0 && (f & CMS_ALLOC_HIGH))
				f |= CMS_ALLOC_HIGHATOMIC;
		}
		if (f & CMS_ALLOC_HIGH)
			f &= ~CMS_ALLOC_CPUSET;
	}
	return f | cma;
}

/*
 * alloc_flags_nofragment()'s zone part: ALLOC_NOFRAGMENT for an allocation
 * whose preferred zone is @z (CONFIG_ZONE_DMA32 only).
 */
static unsigned int zone_nofragment(const struct cmasim *sim,
				    const struct cms_zone *z)
{
	if (!sim->arch->phys_64bit || !cms_knob(sim, CMS_KNOB_ZONE_DMA32))
		return 0;
	if (z->type != CMS_ZONE_NORMAL || z->idx == 0)
		return 0;
	if (sim->mm->nr_online > 1 && !z->node->zones[z->idx - 1].present)
		return 0;
	return CMS_ALLOC_NOFRAGMENT;
}

/* The rule depends on the zones and nodes only: worked out once. */
void cms_zone_nofragment_init(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	cms_for_each_zone(sim->mm, n, z)
		z->nofragment = zone_nofragment(sim, z);
}

/* alloc_flags_nofragment() */
static inline unsigned int alloc_flags_nofragment(const struct cms_zone *z,
						  unsigned int gfp)
{
	return ((gfp & CMASIM___GFP_KSWAPD_RECLAIM) ? CMS_ALLOC_KSWAPD : 0) |
	       z->nofragment;
}

/* reserve_highatomic_pageblock() */
static void reserve_highatomic(struct cmasim *sim, struct cms_zone *z,
			       uint64_t pfn, unsigned int order)
{
	uint64_t pbn = pageblock_nr(sim), max_managed;
	int mt;

	if (sim->ver->highatomic_max_rounds_up) {
		if (z->managed / 100 < pbn)
			return;
		max_managed = cms_align_up(z->managed / 100, pbn);
	} else {
		max_managed = z->managed / 100 + pbn;
	}
	if (z->nr_reserved_highatomic >= max_managed)
		return;
	mt = cms_get_pageblock_migratetype(sim, z, pfn);
	if (!sim->ver->highatomic_reserves_whole_buddy) {
		if (mt == CMASIM_MIGRATE_HIGHATOMIC || mt == CMASIM_MIGRATE_CMA ||
		    mt == CMASIM_MIGRATE_ISOLATE)
			return;
		z->nr_reserved_highatomic += pbn;
		cms_set_pageblock_migratetype(sim, z, pfn,
					      CMASIM_MIGRATE_HIGHATOMIC);
		cms_move_freepages_block(sim, z, pfn, mt,
					 CMASIM_MIGRATE_HIGHATOMIC, NULL);
		return;
	}
	if (!mt_mergeable(mt))
		return;
	if (order < sim->pageblock_order) {
		if (cms_move_freepages_block(sim, z, pfn, mt,
					     CMASIM_MIGRATE_HIGHATOMIC, NULL) == -1)
			return;
		z->nr_reserved_highatomic += pbn;
	} else {
		cms_change_pageblock_range(sim, z, pfn, order,
				       CMASIM_MIGRATE_HIGHATOMIC);
		z->nr_reserved_highatomic += UINT64_C(1) << order;
	}
}

/* ---- the allocation path ---- */

struct alloc_ctx {
	unsigned int gfp;
	unsigned int order;
	int mt;
	int hz;			/* highest_zoneidx */
	struct cms_node *node;	/* preferred node's zonelist */
	struct cms_zone *preferred;
	bool thisnode;
};

static __attribute__((noinline)) bool
policy_cma_allowed(struct cmasim *sim, const struct alloc_ctx *ac, int nid,
		   enum cmasim_owner_kind kind)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_alloc a = {
		.gfp = ac->gfp,
		.order = ac->order,
		.migratetype = ac->mt,
		.kind = kind,
		.nid = nid,
	};

	return p->hooks.cma_allowed(sim, p->priv, &a);
}

/*
 * gfp_to_alloc_flags_cma(): ALLOC_CMA for a movable allocation, unless a
 * policy refuses it (@nid as asked, @kind what the pages are for).
 * Asked once per allocation, for all its attempts.
 */
static inline unsigned int gfp_to_alloc_flags_cma(struct cmasim *sim,
						  const struct alloc_ctx *ac,
						  int nid,
						  enum cmasim_owner_kind kind)
{
	if (!cms_knob(sim, CMS_KNOB_CMA) || ac->mt != CMASIM_MIGRATE_MOVABLE)
		return 0;
	if (sim->policy->hooks.cma_allowed &&
	    !policy_cma_allowed(sim, ac, nid, kind))
		return 0;
	return CMS_ALLOC_CMA;
}

/* rmqueue(): the block's pfn (its page in *@out_page) or UINT64_MAX */
static inline __attribute__((always_inline)) uint64_t
zone_rmqueue(struct cmasim *sim, struct cms_zone *z,
	     const struct alloc_ctx *ac, unsigned int alloc_flags,
	     struct cms_page **out_page)
{
	uint64_t pfn = UINT64_MAX;

	if (pcp_allowed_order(sim, ac->order)) {
		if (!sim->policy->pcp_skips_movable_without_cma ||
		    !cms_knob(sim, CMS_KNOB_CMA) ||
		    (alloc_flags & CMS_ALLOC_CMA) ||
		    ac->mt != CMASIM_MIGRATE_MOVABLE)
			pfn = rmqueue_pcplist(sim, z, ac->order, ac->mt,
					      alloc_flags, out_page);
		if (pfn != UINT64_MAX)
			return pfn;
	}
	pfn = rmqueue_buddy(sim, z, ac->order, ac->mt, alloc_flags);
	/* the block came off a free list: its chunk exists */
	if (pfn != UINT64_MAX)
		*out_page = ipage(z, zidx(z, pfn));
	return pfn;
}

/*
 * zone_watermark_fast() for @mark, given what does not depend on the
 * mark: at order 0 the shortcut's count (then the full check), above it
 * the usable free pages less the lowmem reserve and, in *@block, whether
 * a free block exists (-1: not looked at yet).
 */
static inline bool wmark_fast(const struct cmasim *sim,
			      const struct cms_zone *z,
			      const struct alloc_ctx *ac, int64_t mark,
			      unsigned int alloc_flags, int64_t usable,
			      int *block)
{
	if (!ac->order)
		return usable > mark ||
		       cms_zone_watermark_fast_slow(sim, z, 0, mark, ac->hz,
						    alloc_flags, ac->gfp);
	if (usable <= cms_wmark_min(mark, alloc_flags))
		return false;
	if (*block < 0)
		*block = cms_zone_has_free_block(sim, z, ac->order,
						 alloc_flags);
	return *block;
}

static inline __attribute__((always_inline)) uint64_t
get_page_from_freelist(struct cmasim *sim, const struct alloc_ctx *ac,
		       unsigned int alloc_flags, struct cms_zone **out_zone,
		       struct cms_page **out_page)
{
	int online = sim->mm->nr_online;

retry:
	for (int k = 0; k < ac->node->nr_zonerefs; k++) {
		struct cms_zone *z = ac->node->zonelist[k];
		bool no_fallback = alloc_flags & CMS_ALLOC_NOFRAGMENT;
		uint64_t pfn;
		int64_t mark, usable;
		int block;

		if (z->idx > ac->hz)
			continue;
		if (ac->thisnode && z->node != ac->node)
			continue;
		if (no_fallback && online > 1 && z != ac->preferred &&
		    z->node != ac->preferred->node) {
			alloc_flags &= ~CMS_ALLOC_NOFRAGMENT;
			goto retry;
		}
		/*
		 * zone_watermark_fast() twice with one set of flags: the
		 * order-0 count, or above order 0 the usable count and the
		 * free-block scan, are worked out once for both marks.
		 */
		if (!ac->order)
			usable = cms_wmark_usable0(sim, z, ac->hz, alloc_flags);
		else
			usable = z->vm[CMS_ZS_NR_FREE_PAGES] -
				 cms_wmark_unusable(sim, z, ac->order,
						    alloc_flags) -
				 (int64_t)z->lowmem_reserve[ac->hz];
		block = -1;
		/* ZONE_BELOW_HIGH detection */
		if (sim->ver->pcp_high_auto_tune &&
		    !(z->zflags & ZF_BELOW_HIGH) &&
		    !wmark_fast(sim, z, ac,
				cms_wmark_pages(z, CMS_ALLOC_WMARK_HIGH),
				alloc_flags, usable, &block))
			z->zflags |= ZF_BELOW_HIGH;
		mark = cms_wmark_pages(z, alloc_flags);
		if (!(alloc_flags & CMS_ALLOC_NO_WATERMARKS) &&
		    !wmark_fast(sim, z, ac, mark, alloc_flags, usable, &block))
			continue;
		pfn = zone_rmqueue(sim, z, ac, alloc_flags, out_page);
		if (pfn != UINT64_MAX) {
			if (alloc_flags & CMS_ALLOC_HIGHATOMIC)
				reserve_highatomic(sim, z, pfn, ac->order);
			*out_zone = z;
			return pfn;
		}
	}
	if (alloc_flags & CMS_ALLOC_NOFRAGMENT) {
		alloc_flags &= ~CMS_ALLOC_NOFRAGMENT;
		goto retry;
	}
	return UINT64_MAX;
}

/* The pgalloc and NUMA counts of @nr allocations for @ac from @z. */
static inline void count_alloc(struct cmasim *sim, struct cms_zone *z,
			       const struct alloc_ctx *ac, uint64_t nr)
{
	static const enum cms_event_stat ev[CMS_ZONE_TYPE_COUNT] = {
		[CMS_ZONE_DMA] = CMS_EV_PGALLOC_DMA,
		[CMS_ZONE_DMA32] = CMS_EV_PGALLOC_DMA32,
		[CMS_ZONE_NORMAL] = CMS_EV_PGALLOC_NORMAL,
		[CMS_ZONE_HIGHMEM] = CMS_EV_PGALLOC_HIGH,
		[CMS_ZONE_MOVABLE] = CMS_EV_PGALLOC_MOVABLE,
		[CMS_ZONE_DEVICE] = CMS_EV_PGALLOC_DEVICE,
	};

	sim->mm->ev[ev[z->type]] += nr << ac->order;
	if (z->node == ac->preferred->node) {
		z->vm[CMS_ZS_NUMA_HIT] += nr;
		z->vm[CMS_ZS_NUMA_LOCAL] += nr;
	} else {
		z->vm[CMS_ZS_NUMA_MISS] += nr;
		z->vm[CMS_ZS_NUMA_OTHER] += nr;
		ac->preferred->vm[CMS_ZS_NUMA_FOREIGN] += nr;
	}
}

static __attribute__((noinline)) void
trace_page_alloc(struct cmasim *sim, uint64_t pfn, const struct alloc_ctx *ac)
{
	char g[256];

	cms_trace_emit(sim, CMS_TRACE_mm_page_alloc,
		       "page=%016llx pfn=0x%llx order=%u migratetype=%d gfp_flags=%s",
		       (unsigned long long)cms_trace_page_addr(sim, pfn),
		       (unsigned long long)pfn, ac->order, ac->mt,
		       cms_trace_gfp_name(sim, ac->gfp, g, sizeof(g)));
}

/*
 * The end of __alloc_pages() for the block @p heads at @pfn, off @z's
 * lists for @ac: the page marked allocated (prep_new_page()'s part of it
 * that the model keeps), the pgalloc and NUMA hit/miss counts, the
 * mm_page_alloc event.
 */
static inline __attribute__((always_inline)) void
mark_allocated(struct cms_page *p, const struct alloc_ctx *ac)
{
	unsigned int order = ac->order;

	/* the marks without branches: a random mix of them is common */
	p->flags = CMS_PG_ALLOC | (order << CMS_PGF_ORDER_SHIFT) |
		   ((unsigned int)ac->mt << CMS_PGF_MT_SHIFT) |
		   ((unsigned int)(ac->mt == CMASIM_MIGRATE_MOVABLE) *
		    CMS_PGF_MOVABLE) |
		   ((unsigned int)((order != 0) &
				   ((ac->gfp & CMASIM___GFP_COMP) != 0)) *
		    CMS_PGF_COMP);
	p->a = 0;
	p->b = 0;
}

static inline __attribute__((always_inline)) void
alloc_pages_done(struct cmasim *sim, struct cms_zone *z, struct cms_page *p,
		 uint64_t pfn, const struct alloc_ctx *ac)
{
	mark_allocated(p, ac);
	count_alloc(sim, z, ac, 1);
	if (cms_trace_on(sim, mm_page_alloc))
		trace_page_alloc(sim, pfn, ac);
}

/*
 * __alloc_pages(): the fast path, then the slow path without reclaim or
 * compaction, then the memalloc reserves.  The caller vouches for the
 * arguments (see mmzone.h) and gives gfp_zone() and the migratetype.
 */
static __attribute__((noinline)) int
alloc_pages(struct cmasim *sim, unsigned int gfp, unsigned int order, int nid,
	    int hz, int mt, enum cmasim_owner_kind kind, uint64_t *out)
{
	struct cms_mm *mm = sim->mm;
	struct alloc_ctx ac;
	struct cms_zone *z = NULL;
	struct cms_page *p = NULL;
	unsigned int alloc_flags, cma;
	uint64_t pfn;

	ac.gfp = gfp;
	ac.order = order;
	ac.hz = hz;
	ac.mt = mt;
	if (nid == CMASIM_NUMA_NO_NODE) {
		ac.node = &mm->nodes[mm->first_online];
	} else if (nid >= mm->nr_nodes || !mm->nodes[nid].online) {
		/* a node without memory has no zonelist in this model */
		return -ENOMEM;
	} else {
		ac.node = &mm->nodes[nid];
	}
	ac.thisnode = gfp & CMASIM___GFP_THISNODE;
	ac.preferred = ac.node->preferred[hz][ac.thisnode];
	if (!ac.preferred)
		goto nopage;

	cma = gfp_to_alloc_flags_cma(sim, &ac, nid, kind);
	alloc_flags = CMS_ALLOC_WMARK_LOW | cma;
	alloc_flags |= alloc_flags_nofragment(ac.preferred, gfp);
	pfn = get_page_from_freelist(sim, &ac, alloc_flags, &z, &p);
	if (pfn == UINT64_MAX) {
		/* slow path without reclaim or compaction */
		alloc_flags = gfp_to_alloc_flags(gfp, order, cma);
		pfn = get_page_from_freelist(sim, &ac, alloc_flags, &z, &p);
	}
	if (pfn == UINT64_MAX && (gfp & CMASIM___GFP_MEMALLOC) &&
	    !(gfp & CMASIM___GFP_NOMEMALLOC)) {
		/* __gfp_pfmemalloc_flags(): the reserve flags replace all */
		alloc_flags = (alloc_flags & CMS_ALLOC_KSWAPD) |
			      CMS_ALLOC_NO_WATERMARKS | cma;
		pfn = get_page_from_freelist(sim, &ac, alloc_flags, &z, &p);
	}
	if (pfn == UINT64_MAX)
		goto nopage;
	alloc_pages_done(sim, z, p, pfn, &ac);
	*out = pfn;
	return 0;
nopage:
	if (cms_trace_on(sim, mm_page_alloc)) {
		char g[256];

		cms_trace_emit(sim, CMS_TRACE_mm_page_alloc,
			       "page=(null) pfn=0x0 order=%u migratetype=%d gfp_flags=%s",
			       order, ac.mt,
			       cms_trace_gfp_name(sim, gfp, g, sizeof(g)));
	}
	if (gfp & CMASIM___GFP_DIRECT_RECLAIM)
		cms_explain(sim, "alloc_pages(order %u, gfp %#x) failed: the simulator does not reclaim or compact",
			    order, gfp);
	return -ENOMEM;
}

/*
 * __alloc_pages() where it ends first time: a per-cpu order, the
 * zonelist's first zone above its low watermark (on 6.12 above its high
 * one too, so ZONE_BELOW_HIGH stays as it is), no policy hook to ask, and
 * a block on that zone's per-cpu list.  Then the steps are those of
 * alloc_pages() above, in its order, without its loops and retries.
 * pcp_hit_list() makes the checks: the per-cpu list to take from (its
 * zone in *@zp, @ac filled in), or NULL where the full path must run.
 */
static inline __attribute__((always_inline)) struct cms_free_list *
pcp_hit_list(struct cmasim *sim, unsigned int gfp, unsigned int order,
	     int nid, int hz, int mt, struct alloc_ctx *ac,
	     struct cms_zone **zp)
{
	struct cms_mm *mm = sim->mm;
	struct cms_zone *z;
	unsigned int alloc_flags = CMS_ALLOC_WMARK_LOW;
	int64_t usable;

	if (order > CMS_COSTLY_ORDER)
		return NULL;
	if (nid == CMASIM_NUMA_NO_NODE)
		ac->node = &mm->nodes[mm->first_online];
	else if (nid < mm->nr_nodes && mm->nodes[nid].online)
		ac->node = &mm->nodes[nid];
	else
		return NULL;
	ac->thisnode = gfp & CMASIM___GFP_THISNODE;
	z = ac->preferred = ac->node->preferred[hz][ac->thisnode];
	if (!z)
		return NULL;
	/* so the policy's pcp_skips_movable_without_cma cannot apply */
	if (cms_knob(sim, CMS_KNOB_CMA)) {
		if (sim->policy->hooks.cma_allowed)
			return NULL;
		alloc_flags |= (unsigned int)(mt == CMASIM_MIGRATE_MOVABLE) *
			       CMS_ALLOC_CMA;
	}
	alloc_flags |= alloc_flags_nofragment(z, gfp);
	usable = cms_wmark_usable0(sim, z, hz, alloc_flags);
	if (sim->ver->pcp_high_auto_tune && !(z->zflags & ZF_BELOW_HIGH) &&
	    usable <= cms_wmark_pages(z, CMS_ALLOC_WMARK_HIGH))
		return NULL;
	if (usable <= cms_wmark_pages(z, alloc_flags))
		return NULL;
	ac->gfp = gfp;
	ac->order = order;
	ac->hz = hz;
	ac->mt = mt;
	*zp = z;
	return &z->pcp[0].lists[order_to_pindex(mt, order)];
}

/* The per-cpu hit, or -EAGAIN before anything changed. */
static inline __attribute__((always_inline)) int
alloc_pages_pcp_hit(struct cmasim *sim, unsigned int gfp, unsigned int order,
		    int nid, int hz, int mt, uint64_t *out)
{
	struct alloc_ctx ac;
	struct cms_zone *z;
	struct cms_free_list *l = pcp_hit_list(sim, gfp, order, nid, hz, mt,
					       &ac, &z);
	struct cms_page *p;

	if (!l || l->head == CMS_NIL)
		return -EAGAIN;
	/* rmqueue_pcplist(): 6.1 free_factor, 6.12 free_count */
	z->pcp[0].free_factor >>= 1;
	*out = pcp_take(z, &z->pcp[0], l, order, &p);
	alloc_pages_done(sim, z, p, *out, &ac);
	return 0;
}

unsigned int cms_alloc_pages_pcp_run(struct cmasim *sim, unsigned int gfp,
				     int nid, unsigned int n, uint64_t *out,
				     struct cms_zone **zone)
{
	int hz = gfp_zone_idx(sim, gfp), mt = gfp_migratetype(sim, gfp);
	struct alloc_ctx ac;
	struct cms_zone *z;
	struct cms_free_list *l;
	struct cms_pcp *pcp;
	unsigned int k;
	uint64_t i;

	/* an event's sink could look between two allocations */
	if (hz < 0 || mt < 0 || cms_trace_on(sim, mm_page_alloc))
		return 0;
	l = pcp_hit_list(sim, gfp, 0, nid, hz, mt, &ac, &z);
	if (!l)
		return 0;
	/* pcp_take() and mark_allocated() @k times: the first @k pages */
	for (k = 0, i = l->head; k < n && i != CMS_NIL; k++) {
		struct cms_page *p = ipage(z, i);
		uint64_t next = p->b;

		out[k] = z->start_pfn + i;
		mark_allocated(p, &ac);
		/*
		 * A refill's pieces follow each other: taken as a branch,
		 * the next page's address need not wait for this load.
		 */
		if (__builtin_expect(next == i + 1, 1))
			i++;
		else
			i = next;
	}
	l->head = i;
	if (i == CMS_NIL)
		l->tail = CMS_NIL;
	else
		cms_page_set_prev(ipage(z, i), CMS_NIL);
	l->nr -= k;
	pcp = &z->pcp[0];
	pcp->count -= (int)k;
	/* rmqueue_pcplist() halves it per allocation */
	pcp->free_factor = k < 31 ? pcp->free_factor >> k : 0;
	count_alloc(sim, z, &ac, k);
	*zone = z;
	return k;
}

int cms_alloc_pages(struct cmasim *sim, unsigned int gfp, unsigned int order,
		    int nid, enum cmasim_owner_kind kind, uint64_t *out)
{
	int hz = gfp_zone_idx(sim, gfp), mt = gfp_migratetype(sim, gfp);

	if (hz >= 0 && mt >= 0 &&
	    !alloc_pages_pcp_hit(sim, gfp, order, nid, hz, mt, out))
		return 0;
	return alloc_pages(sim, gfp, order, nid, hz, mt, kind, out);
}

int cmasim_alloc_pages(struct cmasim *sim, unsigned int gfp,
		       unsigned int order, int nid, cmasim_pfn_t *out)
{
	struct cms_mm *mm;
	uint64_t pfn;
	int ret, hz, mt;

	if (!sim)
		return -EINVAL;
	if (!out) {
		cms_client_bug(sim, "alloc_pages: NULL pfn");
		return -EINVAL;
	}
	mm = sim->mm;
	if (sim->phase != CMS_PHASE_RUNNING || !mm->freed) {
		cms_client_bug(sim, "alloc_pages before the page allocator runs");
		return -EPERM;
	}
	if (order > sim->max_order) {
		cms_client_bug(sim, "alloc_pages: order %u above MAX_PAGE_ORDER %u",
			       order, sim->max_order);
		return -EINVAL;
	}
	if (nid != CMASIM_NUMA_NO_NODE &&
	    (nid < 0 || nid >= mm->nr_nodes || !mm->nodes[nid].online)) {
		cms_client_bug(sim, "alloc_pages: node %d has no memory", nid);
		return -EINVAL;
	}
	hz = gfp_zone_idx(sim, gfp);
	mt = gfp_migratetype(sim, gfp);
	if (hz < 0 || mt < 0) {
		cms_client_bug(sim, "alloc_pages: invalid gfp zone/mobility combination %#x",
			       gfp);
		return -EINVAL;
	}
	if (!alloc_pages_pcp_hit(sim, gfp, order, nid, hz, mt, &pfn)) {
		*out = pfn;
		return 0;
	}
	ret = alloc_pages(sim, gfp, order, nid, hz, mt, CMASIM_OWNER_ANON,
			  &pfn);
	if (!ret)
		*out = pfn;
	return ret;
}

/*
 * free_one_page(): 6.1 frees the block with its first pageblock's type
 * (re-read for isolation); 6.12 splits a block larger than a pageblock
 * (split_large_buddy) and frees each pageblock with its own type.
 */
void cms_free_one_page(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		       unsigned int order, bool to_tail)
{
	uint64_t end = pfn + (UINT64_C(1) << order);

	if (!sim->ver->free_lists_follow_pageblocks) {
		cms_do_free_one_page(sim, z, pfn, order,
				     cms_get_pageblock_migratetype(sim, z, pfn),
				     to_tail);
		return;
	}
	if (order > sim->pageblock_order)
		order = sim->pageblock_order;
	for (; pfn < end; pfn += UINT64_C(1) << order)
		cms_do_free_one_page(sim, z, pfn, order,
				     cms_get_pageblock_migratetype(sim, z, pfn),
				     to_tail);
}

/* ---- frees into an isolated range, merged later (mmzone.h) ---- */

void cms_defer_isolated_frees(struct cmasim *sim, struct cms_zone *z,
			      uint64_t start, uint64_t end)
{
	struct cms_deferred_frees *d = &sim->mm->deferred;

	d->zone = z;
	d->start = start;
	d->end = end;
	d->first = CMS_NIL;
	d->last = CMS_NIL;
}

static void end_deferring(struct cms_deferred_frees *d)
{
	d->zone = NULL;
	d->first = CMS_NIL;
	d->last = CMS_NIL;
}

void cms_flush_isolated_frees(struct cmasim *sim)
{
	struct cms_deferred_frees *d = &sim->mm->deferred;
	struct cms_zone *z = d->zone;

	for (uint64_t i = d->first; i != CMS_NIL;) {
		struct cms_page *p = ipage(z, i);
		unsigned int order = cms_page_order(p);
		uint64_t next = p->b;

		p->flags = 0;
		p->b = 0;
		cms_free_one_page(sim, z, z->start_pfn + i, order, false);
		i = next;
	}
	end_deferring(d);
}

void cms_forget_isolated_frees(struct cmasim *sim)
{
	end_deferring(&sim->mm->deferred);
}

/*
 * The chain of waiting blocks @a .. @b (zone indices of @z, @b's next
 * link CMS_NIL) after *@last, or as the whole chain when it is empty.
 */
static inline void chain_append(struct cms_zone *z, uint64_t *first,
				uint64_t *last, uint64_t a, uint64_t b)
{
	if (*last == CMS_NIL)
		*first = a;
	else
		ipage(z, *last)->b = a;
	*last = b;
}

/* The block @p heads (zone index @i of @z) waits: marked and chained. */
static inline void defer_free(struct cms_zone *z, uint64_t *first,
			      uint64_t *last, struct cms_page *p, uint64_t i,
			      unsigned int order)
{
	cms_page_set(p, CMS_PG_FREEING, order, CMASIM_MIGRATE_ISOLATE);
	p->b = CMS_NIL;
	chain_append(z, first, last, i, i);
}

/*
 * A free that skips the per-cpu lists: straight to the buddy, or, into
 * an isolated pageblock whose merges wait, recorded.
 */
static __attribute__((noinline)) void
free_to_buddy(struct cmasim *sim, struct cms_zone *z, struct cms_page *p,
	      uint64_t pfn, unsigned int order, int mt)
{
	struct cms_deferred_frees *d = &sim->mm->deferred;

	if (mt == CMASIM_MIGRATE_ISOLATE && d->zone == z && pfn >= d->start &&
	    pfn + (UINT64_C(1) << order) <= d->end) {
		defer_free(z, &d->first, &d->last, p, zidx(z, pfn), order);
		return;
	}
	cms_free_one_page(sim, z, pfn, order, false);
}

/* __free_pages() of the block @p heads at @pfn in @z. */
static inline __attribute__((always_inline)) void
free_pages(struct cmasim *sim, struct cms_zone *z, struct cms_page *p,
	   uint64_t pfn, unsigned int order)
{
	int mt;

	p->flags = 0;
	sim->mm->ev[CMS_EV_PGFREE] += UINT64_C(1) << order;
	if (cms_trace_on(sim, mm_page_free))
		cms_trace_emit(sim, CMS_TRACE_mm_page_free,
			       "page=%016llx pfn=0x%llx order=%u",
			       (unsigned long long)cms_trace_page_addr(sim, pfn),
			       (unsigned long long)pfn, order);
	mt = cms_get_pageblock_migratetype(sim, z, pfn);
	if (!pcp_allowed_order(sim, order)) {
		free_to_buddy(sim, z, p, pfn, order, mt);
		return;
	}
	if (mt == CMASIM_MIGRATE_ISOLATE) {
		free_to_buddy(sim, z, p, pfn, order, mt);
		return;
	}
	/* CMA and HighAtomic blocks go to the movable list */
	free_to_pcp(sim, z, pfn, p, order,
		    mt >= CMS_MIGRATE_PCPTYPES ? CMASIM_MIGRATE_MOVABLE : mt, mt);
}

/* __free_pages(): the caller vouches for the block (see mmzone.h). */
void cms_free_pages(struct cmasim *sim, uint64_t pfn, unsigned int order)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);

	free_pages(sim, z, cms_zone_page(z, pfn), pfn, order);
}

void cms_free_pages_list(struct cmasim *sim, struct cms_zone *z,
			 const uint64_t *pfn, unsigned int n)
{
	struct cms_deferred_frees *d = &sim->mm->deferred;
	uint64_t block = UINT64_MAX;
	unsigned int k = 0;

	/*
	 * free_pages() of pages whose frees wait (isolated pageblocks in
	 * the range, no event on): chained among themselves, then after
	 * the record's end, counted once.
	 */
	if (d->zone == z && !cms_trace_on(sim, mm_page_free)) {
		uint64_t first = CMS_NIL, last = CMS_NIL;

		for (; k < n; k++) {
			struct cms_page *p;

			if (pfn[k] < d->start || pfn[k] >= d->end ||
			    !cms_pageblock_isolated_seen(sim, z, pfn[k],
							 &block))
				break;
			p = cms_zone_idx_page(z, pfn[k] - z->start_pfn);
			p->flags = 0;
			defer_free(z, &first, &last, p, pfn[k] - z->start_pfn,
				   0);
		}
		if (first != CMS_NIL)
			chain_append(z, &d->first, &d->last, first, last);
		sim->mm->ev[CMS_EV_PGFREE] += k;
	}
	for (; k < n; k++)
		free_pages(sim, z, cms_zone_idx_page(z, pfn[k] - z->start_pfn),
			   pfn[k], 0);
}

int cmasim_free_pages(struct cmasim *sim, cmasim_pfn_t pfn, unsigned int order)
{
	struct cms_zone *z;
	struct cms_page *p;

	if (!sim)
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !sim->mm->freed) {
		cms_client_bug(sim, "free_pages before the page allocator runs");
		return -EPERM;
	}
	z = cms_pfn_zone(sim, pfn);
	if (!z || (p = cms_zone_page(z, pfn), cms_page_state(p) != CMS_PG_ALLOC) ||
	    cms_page_order(p) != order) {
		cms_client_bug(sim, "free_pages(pfn %#llx, order %u): not an allocated block of that order",
			       (unsigned long long)pfn, order);
		return -EINVAL;
	}
	if (p->flags & CMS_PGF_CMA) {
		cms_client_bug(sim, "free_pages(pfn %#llx, order %u): the page is held by a CMA area: give it back with cma_release",
			       (unsigned long long)pfn, order);
		return -EINVAL;
	}
	free_pages(sim, z, p, pfn, order);
	return 0;
}

/* ---- pages entering the buddy: the handover, reserved pages ---- */

void cms_adjust_managed_page_count(struct cmasim *sim, struct cms_zone *z,
				   int64_t count)
{
	z->managed += (uint64_t)count;
	sim->mm->totalram_pages += (uint64_t)count;
	if (z->type == CMS_ZONE_HIGHMEM)
		sim->mm->totalhigh_pages += (uint64_t)count;
}

void cms_free_pages_core(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
			 unsigned int order)
{
	/* the pages of a free range were never written: already "tail" */
	z->managed += UINT64_C(1) << order;
	/* __free_pages_ok() counts them in pgfree */
	sim->mm->ev[CMS_EV_PGFREE] += UINT64_C(1) << order;
	cms_free_one_page(sim, z, pfn, order, true);
}

/* free_reserved_page(): a reserved page goes to the buddy. */
int cms_free_reserved_page(struct cmasim *sim, uint64_t pfn)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);
	struct cms_page *p;

	if (!z || (p = cms_zone_page(z, pfn),
		   cms_page_state(p) != CMS_PG_RESERVED) ||
	    (p->flags & CMS_PGF_HOLE)) {
		cms_client_bug(sim, "free_reserved_page(pfn %#llx): not a reserved page",
			       (unsigned long long)pfn);
		return -EINVAL;
	}
	p->flags = 0;
	cms_adjust_managed_page_count(sim, z, 1);
	sim->mm->ev[CMS_EV_PGFREE]++;
	cms_free_one_page(sim, z, pfn, 0, false);
	return 0;
}
/* has_managed_dma(): some ZONE_DMA has managed pages (kernel/dma/pool.c). */
bool cms_has_managed_dma(const struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	if (!cms_free_area_init_done(sim))
		return false;
	cms_for_each_zone(sim->mm, n, z)
		if (z->type == CMS_ZONE_DMA && z->managed)
			return true;
	return false;
}
