/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime DMA contiguous path (kernel/dma/contiguous.c, the CMA part
 * of kernel/dma/direct.c): simulated devices and their allocations from
 * the device's own area, the per-node areas and the default area.
 */
#ifndef CMS_DMA_ALLOC_H
#define CMS_DMA_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

struct cmasim;
struct cms_cma_area;
struct cms_dma_device;

/*
 * dma_alloc_from_contiguous(dev, count, align, no_warn): the device's
 * area or the default one, align capped at CMA_ALIGNMENT.  @dev NULL is
 * the kernel's NULL device (the atomic pools).  Return: 0 and *@pfn;
 * -ENOENT no area; else as cms_cma_alloc().
 */
int cms_dma_dev_alloc_from_contiguous(struct cmasim *sim,
				      struct cms_dma_device *dev,
				      uint64_t count, unsigned int align,
				      bool no_warn, uint64_t *pfn);

/* The atomic pools' entry point (boot calls it with the NULL device). */
int cms_dma_alloc_from_contiguous(struct cmasim *sim, uint64_t count,
				  unsigned int align, bool no_warn,
				  uint64_t *pfn);

#endif /* CMS_DMA_ALLOC_H */
