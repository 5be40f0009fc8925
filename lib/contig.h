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

struct cmasim;

/*
 * alloc_contig_range(start, end, MIGRATE_CMA, gfp): 0 when [start, end)
 * is now allocated; -EBUSY when a page could not be freed (an explanation
 * goes to the diagnostics channel); -EINVAL a range outside one zone.
 * On an instance without a page model (no mm state: bitmap-only use of
 * the CMA layer) every range succeeds.
 */
int cms_alloc_contig_range(struct cmasim *sim, uint64_t start, uint64_t end,
			   bool nowarn);

/* free_contig_range(pfn, nr_pages): give each page back to the buddy. */
void cms_free_contig_range(struct cmasim *sim, uint64_t pfn, uint64_t nr);

#endif /* CMS_CONTIG_H */
