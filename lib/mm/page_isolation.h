/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page isolation (mm/page_isolation.c): pageblocks switched to
 * MIGRATE_ISOLATE so that nothing allocates from them while a
 * contiguous range is being emptied.
 */
#ifndef CMS_ISOLATE_H
#define CMS_ISOLATE_H

#include <stdint.h>

struct cmasim;
struct cms_zone;

/*
 * start_isolate_page_range(): isolate every pageblock touching
 * [start, end).  A block already isolated, or (for a non-CMA request) a
 * block holding an unmovable page, fails with -EBUSY, everything done so
 * far undone; *@fail_pfn names the page or block.
 */
int cms_start_isolate_page_range(struct cmasim *sim, uint64_t start,
				 uint64_t end, int migratetype,
				 uint64_t *fail_pfn);

/* undo_isolate_page_range(): back to @migratetype, free pages merging. */
void cms_undo_isolate_page_range(struct cmasim *sim, uint64_t start,
				 uint64_t end, int migratetype);

/* The free blocks a walk of test_pages_isolated() passed. */
struct cms_free_seen {
	uint64_t isolate_list[32];	/* per order: on a MIGRATE_ISOLATE list */
	uint64_t other_list;		/* on another type's list */
};

/*
 * test_pages_isolated(): 0 when every pageblock of [start, end) is
 * isolated and every page free; else -EBUSY.  *@fin_pfn is the first
 * page that is not (end on success), as the trace event reports it.
 * @seen, if not NULL (zeroed by the caller), counts the listed free
 * blocks the walk passed.
 */
int cms_test_pages_isolated(struct cmasim *sim, uint64_t start, uint64_t end,
			    uint64_t *fin_pfn, struct cms_free_seen *seen);

#endif /* CMS_ISOLATE_H */
