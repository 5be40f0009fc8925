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

/* struct device, as far as the DMA layer reads it. */
struct cms_dma_device {
	char name[64];
	int nid;			/* dev_to_node(); NUMA_NO_NODE = -1 */
	uint64_t dma_mask;		/* *dev->dma_mask */
	uint64_t coherent_dma_mask;
	uint64_t bus_dma_limit;		/* 0: none */
	struct cms_cma_area *cma_area;	/* dev->cma_area, or NULL */
};

/* Free every device (instance teardown). */
void cms_dma_devices_fini(struct cmasim *sim);

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
