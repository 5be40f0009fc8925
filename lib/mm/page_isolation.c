// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page isolation: mm/page_isolation.c (start_isolate_page_range,
 * set_migratetype_isolate, has_unmovable_pages, undo_isolate_page_range,
 * test_pages_isolated) and the large-buddy handling of 6.12's
 * move_freepages_block_isolate().
 *
 * Isolation works on whole pageblocks.  A free buddy block larger than a
 * pageblock that covers an isolated block is split into pageblock-sized
 * pieces first, each freed into its own block's list, so that the
 * isolated piece cannot merge back (MIGRATE_ISOLATE never merges with
 * another type).  6.12 does exactly this; 6.1 splits only at the range
 * boundaries and carries larger isolated buddies whole: we split in both
 * (docs/differences.md).  On 6.1 the free-page counters are adjusted by
 * the isolation code itself (__mod_zone_freepage_state), on 6.12 by the
 * free-list moves; the outcome is the same counters.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/page_isolation.h"
#include "mm/migrate.h"
#include "mm/mmzone.h"

static uint64_t pb_pages(const struct cmasim *sim)
{
	return UINT64_C(1) << sim->pageblock_order;
}

/* A free block larger than a pageblock covering @pfn's block: its head. */
static uint64_t large_buddy(struct cmasim *sim, struct cms_zone *z,
			    uint64_t pfn)
{
	uint64_t head = cms_block_head(sim, z, pfn);
	const struct cms_page *p;

	if (head == UINT64_MAX)
		return UINT64_MAX;
	p = cms_zone_page(z, head);
	if (cms_page_state(p) == CMS_PG_BUDDY &&
	    cms_page_order(p) > sim->pageblock_order)
		return head;
	return UINT64_MAX;
}

/* split_large_buddy(): free @head's block again in pageblock pieces. */
static void split_large_buddy(struct cmasim *sim, struct cms_zone *z,
			      uint64_t head)
{
	unsigned int order = cms_page_order(cms_zone_page(z, head));
	uint64_t end = head + (UINT64_C(1) << order);

	cms_unlink_free_block(sim, z, head);
	for (uint64_t pfn = head; pfn < end; pfn += pb_pages(sim))
		cms_do_free_one_page(sim, z, pfn, sim->pageblock_order,
				     cms_get_pageblock_migratetype(sim, z, pfn),
				     false);
}

/*
 * Walk the free blocks of the pageblock at @pfn: with @sign -1, take the
 * ones on accounted lists out of the counters; with +1 (and @mt), count
 * the ones on the isolate list as @mt.  Returns pages seen.
 */
static int64_t account_block(struct cmasim *sim, struct cms_zone *z,
			     uint64_t pfn, int sign, int mt)
{
	int64_t nr = 0;

	for (uint64_t p = pfn; p < pfn + pb_pages(sim);) {
		const struct cms_page *pg = cms_zone_page(z, p);
		unsigned int st = cms_page_state(pg);
		int64_t n = (int64_t)1 << cms_page_order(pg);

		if (st == CMS_PG_TAIL || st == CMS_PG_RESERVED) {
			p++;
			continue;
		}
		if (st == CMS_PG_BUDDY) {
			bool iso = cms_page_mt(pg) == CMASIM_MIGRATE_ISOLATE;

			if (sign < 0 && !iso)
				cms_account_freepages(sim, z, -n, cms_page_mt(pg));
			else if (sign > 0 && iso)
				cms_account_freepages(sim, z, n, mt);
			nr += n;
		}
		p += (uint64_t)n;
	}
	return nr;
}

/*
 * Switch the pageblock at @pfn to @new_mt with its free pages
 * (move_freepages_block_isolate): split a larger covering buddy first.
 */
static int move_block(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		      int old_mt, int new_mt)
{
	uint64_t head = large_buddy(sim, z, pfn);

	cms_set_pageblock_migratetype(sim, z, pfn, new_mt);
	if (head != UINT64_MAX)
		split_large_buddy(sim, z, head);
	/*
	 * Undone with the zone's isolate lists empty, the block holds no
	 * free block (an isolated block's free blocks are all on them):
	 * the walk would move and count nothing.
	 */
	if (new_mt != CMASIM_MIGRATE_ISOLATE &&
	    cms_isolate_lists_hold_only(sim, z, NULL))
		return 0;
	if (!sim->ver->freepage_counts_move_with_lists)
		account_block(sim, z, pfn, new_mt == CMASIM_MIGRATE_ISOLATE ? -1 : 1,
			      new_mt);
	if (cms_move_freepages_block(sim, z, pfn, old_mt, new_mt, NULL) < 0)
		return -EBUSY;
	return 0;
}

/*
 * has_unmovable_pages() on [start, end) of one pageblock: the first page
 * that cannot be migrated away, or UINT64_MAX.  CMA blocks are never
 * scanned for a CMA request (and are all unmovable for any other).
 */
static uint64_t has_unmovable_pages(struct cmasim *sim, struct cms_zone *z,
				    uint64_t start, uint64_t end, int mt)
{
	if (cms_get_pageblock_migratetype(sim, z, start) == CMASIM_MIGRATE_CMA)
		return mt == CMASIM_MIGRATE_CMA ? UINT64_MAX : start;
	for (uint64_t pfn = start; pfn < end;) {
		uint64_t head = cms_block_head(sim, z, pfn);
		const struct cms_page *p;

		if (head == UINT64_MAX) {
			pfn++;
			continue;
		}
		p = cms_zone_page(z, head);
		switch (cms_page_state(p)) {
		case CMS_PG_RESERVED:
			return pfn;
		case CMS_PG_ALLOC:
			if (z->type == CMS_ZONE_MOVABLE ||
			    (p->flags & CMS_PGF_MOVABLE))
				break;
			if (head >= start)
				return head;
			/*
			 * Only tails are in range.  A compound block's tail
			 * is reported; the tails of a non-compound block
			 * have no reference count and are passed over.
			 */
			if (p->flags & CMS_PGF_COMP)
				return pfn;
			break;
		default:	/* free, or on a per-cpu list (refcount 0) */
			break;
		}
		pfn = head + (UINT64_C(1) << cms_page_order(p));
	}
	return UINT64_MAX;
}

/*
 * set_migratetype_isolate() for the pageblock at @pfn.  The whole block
 * is checked for unmovable pages, also where the range starts or ends
 * inside it: the kernel's isolate_single_pageblock() passes the full
 * boundary block, and inner blocks lie wholly inside the range.
 */
static int set_migratetype_isolate(struct cmasim *sim, struct cms_zone *z,
				   uint64_t pfn, int mt, uint64_t *fail_pfn)
{
	int old = cms_get_pageblock_migratetype(sim, z, pfn);
	uint64_t cs = cms_max_u64(pfn, z->start_pfn);
	uint64_t ce = cms_min_u64(pfn + pb_pages(sim),
				  z->start_pfn + z->spanned);
	uint64_t bad;

	if (old == CMASIM_MIGRATE_ISOLATE) {
		*fail_pfn = pfn;
		return -EBUSY;
	}
	bad = has_unmovable_pages(sim, z, cs, ce, mt);
	if (bad != UINT64_MAX) {
		*fail_pfn = bad;
		return -EBUSY;
	}
	z->nr_isolate_pageblock++;
	if (move_block(sim, z, pfn, old, CMASIM_MIGRATE_ISOLATE)) {
		z->nr_isolate_pageblock--;
		cms_set_pageblock_migratetype(sim, z, pfn, old);
		*fail_pfn = pfn;
		return -EBUSY;
	}
	return 0;
}

/* unset_migratetype_isolate() */
static void unset_migratetype_isolate(struct cmasim *sim, struct cms_zone *z,
				      uint64_t pfn, int mt)
{
	const struct cms_page *p = cms_zone_page(z, pfn);
	unsigned int order = cms_page_order(p);

	if (cms_get_pageblock_migratetype(sim, z, pfn) != CMASIM_MIGRATE_ISOLATE)
		return;
	z->nr_isolate_pageblock--;
	/* a free block of pageblock size or more whose buddy is free and
	 * not isolated: take it off and free it again so that it merges */
	if (cms_page_state(p) == CMS_PG_BUDDY && order >= sim->pageblock_order &&
	    order < sim->max_order) {
		uint64_t buddy = pfn ^ (UINT64_C(1) << order);

		if (buddy >= z->start_pfn && buddy < z->start_pfn + z->spanned) {
			const struct cms_page *b = cms_zone_page(z, buddy);

			if (cms_page_state(b) == CMS_PG_BUDDY &&
			    cms_page_order(b) == order &&
			    cms_get_pageblock_migratetype(sim, z, buddy) !=
				    CMASIM_MIGRATE_ISOLATE) {
				cms_unlink_free_block(sim, z, pfn);
				cms_set_pageblock_migratetype(sim, z, pfn, mt);
				cms_do_free_one_page(sim, z, pfn, order, mt,
						     false);
				return;
			}
		}
	}
	move_block(sim, z, pfn, CMASIM_MIGRATE_ISOLATE, mt);
}

int cms_start_isolate_page_range(struct cmasim *sim, uint64_t start,
				 uint64_t end, int migratetype,
				 uint64_t *fail_pfn)
{
	uint64_t istart = cms_align_down(start, pb_pages(sim));
	uint64_t iend = cms_align_up(end, pb_pages(sim));

	for (uint64_t pfn = istart; pfn < iend; pfn += pb_pages(sim)) {
		struct cms_zone *z = cms_pfn_zone(sim, pfn);
		int ret;

		if (!z) {
			*fail_pfn = pfn;
			ret = -EBUSY;
		} else {
			ret = set_migratetype_isolate(sim, z, pfn, migratetype,
						      fail_pfn);
		}
		if (ret) {
			cms_undo_isolate_page_range(sim, istart, pfn,
						    migratetype);
			return ret;
		}
	}
	return 0;
}

void cms_undo_isolate_page_range(struct cmasim *sim, uint64_t start,
				 uint64_t end, int migratetype)
{
	uint64_t istart = cms_align_down(start, pb_pages(sim));
	uint64_t iend = cms_align_up(end, pb_pages(sim));

	for (uint64_t pfn = istart; pfn < iend; pfn += pb_pages(sim)) {
		struct cms_zone *z = cms_pfn_zone(sim, pfn);

		if (z)
			unset_migratetype_isolate(sim, z, pfn, migratetype);
	}
}

int cms_test_pages_isolated(struct cmasim *sim, uint64_t start, uint64_t end,
			    uint64_t *fin_pfn, struct cms_free_seen *seen)
{
	uint64_t pfn;
	struct cms_zone *z = NULL;

	for (pfn = start; pfn < end; pfn += pb_pages(sim)) {
		z = cms_pfn_zone(sim, pfn);
		if (!z || cms_get_pageblock_migratetype(sim, z, pfn) !=
				  CMASIM_MIGRATE_ISOLATE)
			break;
	}
	if (pfn < end || !z) {
		*fin_pfn = pfn < end ? pfn : start;
		return -EBUSY;
	}
	pfn = start;
	while (pfn < end) {
		uint64_t stop;
		const struct cms_page *p;

		z = cms_pfn_zone(sim, pfn);
		if (!z)
			break;
		p = cms_zone_pages(z, pfn, cms_min_u64(end, z->start_pfn +
							z->spanned), &stop);
		while (pfn < stop) {
			unsigned int order = cms_page_order(p);
			uint64_t next = cms_next_block(pfn, order);

			/* a block whose merge waits (contig) is free */
			if (cms_page_state(p) == CMS_PG_BUDDY && seen) {
				if (cms_page_mt(p) == CMASIM_MIGRATE_ISOLATE)
					seen->isolate_list[order]++;
				else
					seen->other_list++;
			} else if (cms_page_state(p) != CMS_PG_BUDDY &&
				   cms_page_state(p) != CMS_PG_FREEING) {
				*fin_pfn = pfn;
				return -EBUSY;
			}
			p += next - pfn;
			pfn = next;
		}
	}
	*fin_pfn = pfn;
	return pfn < end ? -EBUSY : 0;
}
