/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA layer's state (struct cmasim's dma member) and struct device as
 * kernel/dma reads it.  lib/dma/mapping.c creates both.
 */
#ifndef CMS_DMA_MAPPING_H
#define CMS_DMA_MAPPING_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct cmasim;
struct cms_cma_area;
struct cms_dma_coherent_mem;

/* struct device, as far as the DMA layer reads it. */
struct cms_dma_device {
	char name[64];
	int nid;			/* dev_to_node(); NUMA_NO_NODE = -1 */
	uint64_t dma_mask;		/* *dev->dma_mask */
	uint64_t coherent_dma_mask;
	uint64_t bus_dma_limit;		/* 0: none */
	struct cms_cma_area *cma_area;	/* dev->cma_area, or NULL */
	struct cms_dma_coherent_mem *dma_mem;	/* dev->dma_mem, or NULL */
};

struct cms_dma {
	GPtrArray *devices;		/* struct cms_dma_device * */
	/* dma_coherent_default_memory (dma/coherent.c), or NULL */
	struct cms_dma_coherent_mem *coherent_default;
};

/* The state's life: 0 or -ENOMEM. */
int cms_dma_init(struct cmasim *sim);
void cms_dma_fini(struct cmasim *sim);
/* dma/coherent.c: let go of every device's pool and the global one */
void cms_dma_coherent_fini(struct cmasim *sim);

/* DMA_BIT_MASK(n) */
static inline uint64_t cms_dma_bit_mask(unsigned int n)
{
	return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

#endif /* CMS_DMA_MAPPING_H */
