// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/dma/swiotlb.c, its reserved-memory hook only: rmem_swiotlb_setup()
 * for "restricted-dma-pool" regions (6.1 and 6.12 agree).  The pool's
 * io_tlb_mem is made when the first device attaches
 * (rmem_swiotlb_device_init()); the bounce buffering behind it is not
 * modelled, so a device bound to such a pool is refused coherent
 * allocations with an explanation (dma/mapping.c).
 */
#include "config.h"

#include <errno.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/util.h"
#include "mm/cma.h"
#include "dma/swiotlb.h"

int cms_rmem_swiotlb_setup(struct cmasim *sim, uint64_t base, uint64_t size,
			   bool reusable, bool no_map, bool cma_default,
			   bool dma_default)
{
	char pa[19];

	if (reusable || cma_default || dma_default || no_map)
		return -EINVAL;
	cms_printk(sim, CMASIM_LOG_INFO,
		   "software IO TLB: Reserved memory: created restricted DMA pool at %s, size %ld MiB\n",
		   cms_fmt_pa(sim, pa, base), (long)(size / CMS_SZ_1M));
	return 0;
}
