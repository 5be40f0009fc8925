/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the page allocator's files share and nothing else needs (the role
 * of mm/internal.h): the alloc_flags of one allocation and the watermark
 * checks that read them (page_alloc_wmark.c), and the free-list steps
 * that page_alloc.c lends to its fallback half (page_alloc_fallback.c).
 */
#ifndef CMS_MM_INTERNAL_H
#define CMS_MM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mmzone.h"

/*
 * alloc_flags (ALLOC_* of mm/internal.h).  Debian's 6.1 carries the 6.3
 * reserves rework (ALLOC_NON_BLOCK, ALLOC_MIN_RESERVE, ALLOC_HIGHATOMIC),
 * so both versions share these bits and their meaning.
 */
#define CMS_ALLOC_WMARK_MIN	0x00
#define CMS_ALLOC_WMARK_LOW	0x01
#define CMS_ALLOC_WMARK_HIGH	0x02
#define CMS_ALLOC_NO_WATERMARKS	0x04
#define CMS_ALLOC_WMARK_MASK	(CMS_ALLOC_NO_WATERMARKS - 1)
#define CMS_ALLOC_OOM		0x08
#define CMS_ALLOC_NON_BLOCK	0x10
#define CMS_ALLOC_HIGH		0x20	/* ALLOC_MIN_RESERVE */
#define CMS_ALLOC_CPUSET	0x40
#define CMS_ALLOC_CMA		0x80
#define CMS_ALLOC_NOFRAGMENT	0x100
#define CMS_ALLOC_HIGHATOMIC	0x200
#define CMS_ALLOC_KSWAPD	0x800
#define CMS_ALLOC_RESERVES	(CMS_ALLOC_NON_BLOCK | CMS_ALLOC_HIGH | \
				 CMS_ALLOC_HIGHATOMIC | CMS_ALLOC_OOM)

/* wmark_pages() plus the boost: the mark @alloc_flags selects. */
static inline int64_t cms_wmark_pages(const struct cms_zone *z,
				      unsigned int alloc_flags)
{
	return (int64_t)(z->wmark[alloc_flags & CMS_ALLOC_WMARK_MASK] +
			 z->watermark_boost);
}

/*
 * __zone_watermark_ok() in parts.  cms_wmark_unusable(): the free pages
 * @alloc_flags may not use, (2^@order - 1), the free highatomic pages
 * (6.12) or reserved highatomic blocks (6.1) without reserve flags, the
 * free CMA pages without ALLOC_CMA.  cms_wmark_min(): @mark lowered by
 * the reserve flags.  cms_zone_has_free_block(): a free block of @order
 * or more on a list the flags may take from.
 */
static inline int64_t cms_wmark_unusable(const struct cmasim *sim,
					 const struct cms_zone *z,
					 unsigned int order,
					 unsigned int alloc_flags)
{
	int64_t u = ((int64_t)1 << order) - 1;

	if (!(alloc_flags & CMS_ALLOC_RESERVES))
		u += (int64_t)(sim->ver->counts_free_highatomic ?
			       z->nr_free_highatomic :
			       z->nr_reserved_highatomic);
	if (cms_knob(sim, CMS_KNOB_CMA) && !(alloc_flags & CMS_ALLOC_CMA))
		u += z->vm[CMS_ZS_NR_FREE_CMA_PAGES];
	return u;
}

static inline int64_t cms_wmark_min(int64_t mark, unsigned int alloc_flags)
{
	int64_t min = mark;

	if (alloc_flags & CMS_ALLOC_RESERVES) {
		if (alloc_flags & CMS_ALLOC_HIGH) {
			min -= min / 2;
			if (alloc_flags & CMS_ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & CMS_ALLOC_OOM)
			min -= min / 2;
	}
	return min;
}

bool cms_zone_has_free_block(const struct cmasim *sim,
			     const struct cms_zone *z, unsigned int order,
			     unsigned int alloc_flags);

/*
 * __zone_watermark_ok(): @free_pages minus what @alloc_flags may not
 * use stays above @mark plus the lowmem reserve against zone @hz, and a
 * free block of @order or more exists that the flags may take.
 */
bool cms_zone_watermark_ok_safe(const struct cmasim *sim,
				const struct cms_zone *z, unsigned int order,
				int64_t mark, int hz, unsigned int alloc_flags,
				int64_t free_pages);
/* zone_watermark_fast() past its order-0 shortcut. */
bool cms_zone_watermark_fast_slow(const struct cmasim *sim,
				  const struct cms_zone *z, unsigned int order,
				  int64_t mark, int hz,
				  unsigned int alloc_flags, unsigned int gfp);

/*
 * zone_watermark_fast(): the order-0 shortcut inline, as the kernel has
 * it, then the full check.  The shortcut: free pages above the mark and
 * lowmem reserve once the CMA pages (without ALLOC_CMA) and, without
 * reserve flags, the free highatomic pages (6.12) or reserved highatomic
 * blocks (6.1) are taken off (cms_wmark_usable0(): that count less the
 * lowmem reserve).
 */
static inline int64_t cms_wmark_usable0(const struct cmasim *sim,
					const struct cms_zone *z, int hz,
					unsigned int alloc_flags)
{
	int64_t usable = z->vm[CMS_ZS_NR_FREE_PAGES], reserved = 0;

	if (!(alloc_flags & CMS_ALLOC_RESERVES))
		reserved += (int64_t)(sim->ver->counts_free_highatomic ?
				      z->nr_free_highatomic :
				      z->nr_reserved_highatomic);
	/* without a branch on ALLOC_CMA: it follows each request's mobility */
	reserved += z->vm[CMS_ZS_NR_FREE_CMA_PAGES] &
		    -(int64_t)((cms_knob(sim, CMS_KNOB_CMA) != 0) &
			       !(alloc_flags & CMS_ALLOC_CMA));
	usable -= usable < reserved ? usable : reserved;
	return usable - (int64_t)z->lowmem_reserve[hz];
}

static inline bool cms_zone_watermark_fast(const struct cmasim *sim,
					   const struct cms_zone *z,
					   unsigned int order, int64_t mark,
					   int hz, unsigned int alloc_flags,
					   unsigned int gfp)
{
	if (!order && cms_wmark_usable0(sim, z, hz, alloc_flags) > mark)
		return true;
	return cms_zone_watermark_fast_slow(sim, z, order, mark, hz,
					    alloc_flags, gfp);
}

/*
 * ---- page_alloc.c's free lists, for page_alloc_fallback.c ----
 * The fast path inlines its own copies; these are the out-of-line ones.
 */

/* The block at the head of free list @l. */
uint64_t cms_list_first_pfn(struct cms_zone *z, const struct cms_free_list *l);
/* del_page_from_free_list() of the @order block at @pfn, no accounting. */
void cms_del_from_free_list(struct cms_zone *z, uint64_t pfn,
			    unsigned int order);
/* move_to_free_list(): the block to the tail of @new_mt's list. */
void cms_move_to_free_list(struct cmasim *sim, struct cms_zone *z,
			   uint64_t pfn, unsigned int order, int old_mt,
			   int new_mt);
/*
 * move_freepages() over [@start, @end) of one pageblock: each free block
 * to the tail of @new_mt's list of its order, in pfn order, the
 * free-page counters (6.12) moved once for the range.  Returns the
 * pages moved.
 */
long cms_move_free_range(struct cmasim *sim, struct cms_zone *z,
			 uint64_t start, uint64_t end, int new_mt);
/* change_pageblock_range(): the pageblocks of an @order block become @mt. */
void cms_change_pageblock_range(struct cmasim *sim, struct cms_zone *z,
				uint64_t pfn, unsigned int order, int mt);
/* expand(): the halves above @low back to @mt's lists; pages put back. */
uint64_t cms_expand(struct cms_zone *z, struct cms_page *p, uint64_t pfn,
		    unsigned int low, unsigned int high, int mt);
/* page_del_and_expand(): take a @high block, give back what is above @low. */
void cms_page_del_and_expand(struct cmasim *sim, struct cms_zone *z,
			     uint64_t pfn, unsigned int low, unsigned int high,
			     int mt);
/* __rmqueue_smallest(): the pfn, or UINT64_MAX. */
uint64_t cms_rmqueue_smallest(struct cmasim *sim, struct cms_zone *z,
			      unsigned int order, int mt);

/*
 * ---- page_alloc_fallback.c, for __rmqueue() ----
 * Each returns the pfn taken (6.1: true when a block moved to @start_mt's
 * lists, the caller then takes from them), or UINT64_MAX / false.
 */
bool cms_rmqueue_fallback_61(struct cmasim *sim, struct cms_zone *z,
			     unsigned int order, int start_mt,
			     unsigned int alloc_flags);
uint64_t cms_rmqueue_claim(struct cmasim *sim, struct cms_zone *z,
			   unsigned int order, int start_mt,
			   unsigned int alloc_flags);
uint64_t cms_rmqueue_steal(struct cmasim *sim, struct cms_zone *z,
			   unsigned int order, int start_mt);

#endif /* CMS_MM_INTERNAL_H */
