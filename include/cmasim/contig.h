/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contiguous ranges of pages: alloc_contig_range() and
 * free_contig_range() of mm/page_alloc.c, with the reason a range could
 * not be had, which the kernel does not keep.
 */
#ifndef CMASIM_CONTIG_H
#define CMASIM_CONTIG_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/** What blocked a contiguous range. */
enum cmasim_contig_reason {
	CMASIM_CONTIG_OK = 0,
	CMASIM_CONTIG_ISOLATED,		/**< a pageblock was already isolated */
	CMASIM_CONTIG_UNMOVABLE,	/**< an unmovable allocated page */
	CMASIM_CONTIG_RESERVED,		/**< a reserved page (memblock, hole) */
	CMASIM_CONTIG_PINNED,		/**< a long-term pinned page */
	CMASIM_CONTIG_MIGRATION_FAILED,	/**< migration failed 5 passes */
	CMASIM_CONTIG_NO_MEMORY,	/**< no free page to migrate to */
	CMASIM_CONTIG_BUSY,		/**< a page not free for another reason */
};

/** One failure, as the simulator explains it. */
struct cmasim_contig_failure {
	enum cmasim_contig_reason reason;
	int err;			/**< the errno returned */
	cmasim_pfn_t start, end;	/**< the range tried */
	cmasim_pfn_t pfn;		/**< the page that blocked it */
	uint32_t owner;			/**< its owner handle, if any */
	char text[160];			/**< one line, as on the diagnostics channel */
};

/**
 * cmasim_alloc_contig_range() - allocate pfns [@start, @end).
 * @migratetype: CMASIM_MIGRATE_CMA for a CMA range, MOVABLE otherwise.
 * @nowarn: the kernel's __GFP_NOWARN.
 *
 * Isolates the range's pageblocks, drains the per-cpu lists, drops clean
 * page cache, migrates movable pages (5 passes of up to 10 attempts
 * each), checks that every page is free, and takes them out of the buddy
 * allocator as order-0 pages; head and tail remainders of larger free
 * blocks go back.
 * Return: 0; -EINVAL a range that is empty or not inside one zone, or no
 * page allocator yet (-EPERM before boot); -EBUSY a page could not be
 * freed (cmasim_contig_last_failure() says which and why); -ENOMEM no
 * memory to migrate to.
 * Mirrors: alloc_contig_range() in mm/page_alloc.c.
 */
CMASIM_EXPORT int cmasim_alloc_contig_range(struct cmasim *sim,
					    cmasim_pfn_t start,
					    cmasim_pfn_t end, int migratetype,
					    bool nowarn);

/**
 * cmasim_free_contig_range() - give back @nr pages from @pfn.
 * Return: 0; -EINVAL a page of the range is not an allocated order-0
 * page; -EPERM before boot.
 * Mirrors: free_contig_range().
 */
CMASIM_EXPORT int cmasim_free_contig_range(struct cmasim *sim,
					   cmasim_pfn_t pfn, uint64_t nr);

/**
 * cmasim_contig_last_failure() - why the last failed alloc_contig_range()
 * of the instance failed, whoever called it (also cma_alloc() on one of
 * its windows; cmasim_cma_alloc_window() lists those per call).
 * @out: filled.
 * Return: 0; -ENOENT nothing failed yet; -EINVAL NULL argument.
 * Mirrors: nothing (the kernel keeps no reason).
 */
CMASIM_EXPORT int cmasim_contig_last_failure(const struct cmasim *sim,
					     struct cmasim_contig_failure *out);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_CONTIG_H */
