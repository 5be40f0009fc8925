// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contiguous range allocation: alloc_contig_range() and
 * free_contig_range() of mm/page_alloc.c.  Without a page model (an
 * instance whose mm layer is not set up) the range is taken as free,
 * which is what the CMA bitmap layer alone can be tested with.
 */
#include "config.h"

#include <errno.h>

#include "internal.h"
#include "contig.h"

int cms_alloc_contig_range(struct cmasim *sim, uint64_t start, uint64_t end,
			   bool nowarn)
{
	(void)nowarn;
	if (start >= end)
		return -EINVAL;
	if (!sim->mm)
		return 0;
	return 0;
}

void cms_free_contig_range(struct cmasim *sim, uint64_t pfn, uint64_t nr)
{
	(void)sim;
	(void)pfn;
	(void)nr;
}
