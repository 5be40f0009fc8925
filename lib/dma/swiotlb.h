/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reserved-memory part of kernel/dma/swiotlb.c: a
 * "restricted-dma-pool" region (CONFIG_DMA_RESTRICTED_POOL), a bounce
 * buffer of its own for the devices that name it.  The bounce buffers
 * themselves are not modelled (docs/devicetree.md).
 */
#ifndef CMS_DMA_SWIOTLB_H
#define CMS_DMA_SWIOTLB_H

#include <stdbool.h>
#include <stdint.h>

struct cmasim;

/*
 * rmem_swiotlb_setup(): refuses a region that is reusable, no-map,
 * linux,cma-default or linux,dma-default (-EINVAL, no line), else prints
 * "created restricted DMA pool" and returns 0.
 */
int cms_rmem_swiotlb_setup(struct cmasim *sim, uint64_t base, uint64_t size,
			   bool reusable, bool no_map, bool cma_default,
			   bool dma_default);

#endif /* CMS_DMA_SWIOTLB_H */
