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

#include <glib.h>

#include <cmasim/contig.h>

struct cmasim;

/*
 * The contiguous-allocation state of an instance: why the last
 * alloc_contig_range() failed, and while a cma_alloc() runs, every failed
 * window of it (GArray of struct cmasim_contig_failure).
 */
struct cms_contig {
	bool has_failure;
	struct cmasim_contig_failure f;
	GArray *windows;
	bool collecting;
};

/* The state's life (struct cmasim's contig member): 0 or -ENOMEM. */
int cms_contig_init(struct cmasim *sim);

/* cma_alloc() brackets its loop with these: windows are collected. */
void cms_contig_windows_begin(struct cmasim *sim);
void cms_contig_windows_end(struct cmasim *sim);

void cms_contig_fini(struct cmasim *sim);

/*
 * alloc_contig_range(start, end, @migratetype, gfp): 0 when [start, end)
 * is allocated (order-0 pages, as the kernel leaves them); -EBUSY a page
 * could not be freed; -ENOMEM no memory to migrate to; -EINVAL a range
 * not inside one zone.  Failures fill the instance's last failure and say
 * it on the diagnostics channel.  Without a page model (no mm state)
 * every range succeeds: the bitmap-only use of the CMA layer.
 */
int cms_alloc_contig_range(struct cmasim *sim, uint64_t start, uint64_t end,
			   int migratetype, bool nowarn);

/* free_contig_range(pfn, nr_pages): __free_page() on each page. */
void cms_free_contig_range(struct cmasim *sim, uint64_t pfn, uint64_t nr);

/* Record "no free window" as the instance's last contiguous failure. */
void cms_cma_note_no_window(struct cmasim *sim, uint64_t base_pfn,
			    uint64_t area_count, uint64_t count,
			    uint64_t largest);

/* The last failure (valid after a failed cms_alloc_contig_range). */
const struct cmasim_contig_failure *cms_contig_last_failure(struct cmasim *sim);

#endif /* CMS_CONTIG_H */
