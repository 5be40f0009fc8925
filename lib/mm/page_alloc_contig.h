/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * alloc_contig_range() / free_contig_range() of mm/page_alloc.c: take a
 * pfn range out of the buddy allocator by isolating it, migrating what
 * lives there and collecting the freed pages.
 */
#ifndef CMS_CONTIG_H
#define CMS_CONTIG_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/cma.h>

struct cmasim;

/*
 * The contiguous-allocation state of an instance: why the last
 * alloc_contig_range() failed (cmasim_contig_last_failure()).
 */
struct cms_contig {
	bool has_failure;
	struct cmasim_contig_failure f;
};

/* The state's life (struct cmasim's contig member): 0 or -ENOMEM. */
int cms_contig_init(struct cmasim *sim);
void cms_contig_fini(struct cmasim *sim);

/*
 * alloc_contig_range(start, end, @migratetype, gfp) on start < end: 0
 * when [start, end) is allocated (order-0 pages, as the kernel leaves
 * them); -EBUSY a page could not be freed; -ENOMEM no memory to migrate
 * to; -EINVAL a range not inside one zone.  A failure fills *@why (when
 * not NULL) and the instance's last failure, and says it on the
 * diagnostics channel.
 */
int cms_alloc_contig_range(struct cmasim *sim, uint64_t start, uint64_t end,
			   int migratetype, bool nowarn,
			   struct cmasim_contig_failure *why);

/*
 * free_contig_range(pfn, nr_pages): __free_page() on each page, each an
 * allocated order-0 page (what alloc_contig_range() left).
 */
void cms_free_contig_range(struct cmasim *sim, uint64_t pfn, uint64_t nr);

/*
 * The first page of [@pfn, @pfn + @nr) that is not an allocated order-0
 * page (what free_contig_range() may free) held by a CMA area when @cma
 * and by none otherwise (CMS_PGF_CMA), or UINT64_MAX when all are.
 */
uint64_t cms_contig_first_unfreeable(struct cmasim *sim, uint64_t pfn,
				     uint64_t nr, bool cma);

#endif /* CMS_CONTIG_H */
